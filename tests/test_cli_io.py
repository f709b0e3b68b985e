"""Bytes in, valid UTF-8 out: the command line never crashes on a bad input byte, keeps every later
line, escapes line separators in JSON and echoes no terminal control characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .test_cli import ROOT


def run_bytes(*args: str, stdin: bytes, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    full_env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "PYTHONIOENCODING"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        check=False,
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=full_env,
        timeout=60,
    )


LOCALES = {
    "utf-8 io": {"PYTHONIOENCODING": "utf-8"},
    "default locale": {},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},
}


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {"CERTCOACH_DB": str(tmp_path / "io.sqlite3"), "DISCORD_TOKEN": ""}


@pytest.mark.parametrize("locale", LOCALES)
def test_ask_json_survives_a_bad_byte_and_writes_valid_utf8(env, locale):
    stdin = b"what is the CPC\ncpc \xff salary\nCRC\n"
    result = run_bytes("ask", "--json", "-", stdin=stdin, env={**env, **LOCALES[locale]})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")  # strict: raises if any byte is not UTF-8
    records = [json.loads(line) for line in text.split("\n") if line]
    assert [r["question"] for r in records] == ["what is the CPC", "cpc \ufffd salary", "CRC"]
    assert records[2]["topic"] == "crc"  # the line after the bad one is answered


def test_ask_json_escapes_every_line_separator(env):
    questions = ["cpc\u2028salary", "what\u2029is the CRC", "ccs\x85exam", "cpc\x0bcic\x0c\x1c\x1d\x1e"]
    stdin = "".join(q + "\n" for q in questions).encode()
    result = run_bytes("ask", "--json", "-", stdin=stdin, env={**env, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("utf-8").splitlines()  # splits on every Unicode line boundary
    assert len(lines) == len(questions)
    assert [json.loads(line)["question"] for line in lines] == questions


@pytest.mark.parametrize("locale", LOCALES)
def test_console_survives_a_bad_byte(env, locale):
    stdin = b"/cert CR\xffC\n/cert CIC\n"
    result = run_bytes("console", stdin=stdin, env={**env, **LOCALES[locale]})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    assert 'a certification called "CR\ufffdC"' in out
    assert "CIC: Certified Inpatient Coder" in out  # the line after the bad one is answered


def test_console_echoes_no_terminal_escape_sequences(env):
    evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31mRED\x9b1m\x07\r"
    stdin = f"/cert {evil}\n/compare CPC {evil}\n{evil} what is the CPC\n".encode()
    result = run_bytes("console", stdin=stdin, env={**env, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "RED" in out  # the name is echoed...
    for ch in out:  # ...without any control character but newlines and tabs
        assert ch in "\n\t" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F), repr(ch)
    assert "pwned" not in out and "[2J" not in out

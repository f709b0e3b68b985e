"""The command-line contract: ask, ask --json -, validate, console, bare `python -m bot`."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    full_env.update(env or {})
    full_env["CERTCOACH_DB"] = full_env.get("CERTCOACH_DB", "")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=60,
    )


@pytest.fixture
def isolated_env(tmp_path) -> dict[str, str]:
    """No token, a throwaway database, and no .env from the developer's checkout."""
    return {"CERTCOACH_DB": str(tmp_path / "cli.sqlite3"), "DISCORD_TOKEN": ""}


def test_ask_prints_the_answer(isolated_env):
    result = run("ask", "how many CEUs do I need for the CPC?", env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert "CPC: Keeping it (recertification)" in result.stdout
    assert "36" in result.stdout
    assert "Sources:" in result.stdout


def test_ask_json_reads_stdin(isolated_env):
    questions = "cpc vs ccs\nwhat is the weather in paris\n\nCRC\ngood morning everyone\nCPC salary\n"
    result = run("ask", "--json", "-", stdin=questions, env=isolated_env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    questions_seen = [r["question"] for r in lines]
    assert questions_seen == [
        "cpc vs ccs",
        "what is the weather in paris",
        "CRC",
        "good morning everyone",
        "CPC salary",
    ]
    fields = ["question", "matched", "answer", "topic", "score", "suggestions", "kind", "entries", "facet"]
    for record in lines:
        assert list(record) == fields  # the contract: these fields, in this order
        assert 0 <= record["score"] <= 100
    compare, weather, crc, greeting, salary = lines
    assert compare["matched"] and compare["topic"] == "cpc" and compare["kind"] == "compare"
    assert compare["entries"] == ["cpc", "ccs"] and compare["facet"] is None
    assert "| Certifying body" in compare["answer"]  # the comparison table is in the text
    assert not weather["matched"] and weather["topic"] is None and weather["entries"] == []
    assert weather["kind"] == "none" and weather["answer"].startswith(
        "Sorry, I don't have an answer for that"
    )
    assert crc["topic"] == "crc" and crc["kind"] == "credential" and crc["entries"] == ["crc"]
    # a decline with suggestions lists them, in the answer text too
    assert not greeting["matched"] and len(greeting["suggestions"]) == 3
    assert all(f"- {title}" in greeting["answer"] for title in greeting["suggestions"])
    assert salary["kind"] == "fact" and salary["facet"] == "salary" and salary["suggestions"] == []
    assert "**" not in "".join(r["answer"] for r in lines)


def test_validate_passes_on_shipped_content(isolated_env):
    result = run("validate", env=isolated_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "knowledge:" in result.stdout and "OK" in result.stdout


def test_validate_reports_broken_content(tmp_path, isolated_env):
    broken = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", broken)
    target = broken / "credentials.yaml"
    target.write_text(target.read_text().replace("body: AHIMA", "body: AMA", 1))
    env = {**isolated_env, "CERTCOACH_KNOWLEDGE": str(broken)}
    result = run("validate", env=env)
    assert result.returncode == 1
    assert "credentials.yaml: " in result.stdout
    assert "body must be one of AAPC, AHIMA, ACDIS, got 'AMA'" in result.stdout


def test_run_refuses_to_start_on_invalid_content(tmp_path, isolated_env):
    broken = tmp_path / "knowledge"
    broken.mkdir()
    (broken / "bad.yaml").write_text("kind: topics\nentries: [\n")
    env = {**isolated_env, "CERTCOACH_KNOWLEDGE": str(broken), "DISCORD_TOKEN": "not-a-real-token"}
    result = run("run", env=env)
    assert result.returncode == 1
    assert "cannot start" in result.stderr and "bad.yaml: YAML syntax error at line" in result.stderr
    assert "not-a-real-token" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_sources_syntax_error_is_one_problem_not_hundreds(tmp_path, isolated_env, command):
    broken = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", broken)
    target = broken / "sources.yaml"
    target.write_text(target.read_text().replace("entries:\n", "entries:\n  - id: [broken\n", 1))
    env = {**isolated_env, "CERTCOACH_KNOWLEDGE": str(broken), "DISCORD_TOKEN": "not-a-real-token"}
    result = run(command, env=env)
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) <= 5, lines
    assert any("sources.yaml: YAML syntax error at line" in line for line in lines)
    collapsed = [line for line in lines if "caused by the error above" in line]
    assert len(collapsed) == 1 and int(collapsed[0].split()[2]) > 100, collapsed


def test_console_with_piped_input(isolated_env):
    script = (
        "/compare CPC CCS\n/cert CIC\n/certs\n/path inpatient\n/help\nhow many ceus for the ccs\n/nonsense\n"
    )
    result = run("console", stdin=script, env=isolated_env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "CPC vs CCS" in out and "+----" in out
    assert "CIC: Certified Inpatient Coder" in out
    assert "Medical-coding certifications" in out
    assert "`/quiz stop`: Stop the round" in out and "/daily" not in out  # the console's help
    assert "Unknown command /nonsense" in out
    assert "CCS: Keeping it (recertification)" in out


def test_bare_command_without_token_or_terminal_exits_2(isolated_env):
    result = run(stdin="", env=isolated_env)
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "python -m bot console" in result.stderr


def test_run_without_token_exits_2(isolated_env):
    result = run("run", env=isolated_env)
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr


def test_bare_command_with_a_terminal_opens_the_console(isolated_env):
    """With a terminal attached and no token, `python -m bot` explains and opens the console."""
    import pty
    import select

    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update(isolated_env)
    pid, fd = pty.fork()
    if pid == 0:  # child: stdin and stdout are the pseudo-terminal
        os.chdir(ROOT)
        os.execvpe(sys.executable, [sys.executable, "-m", "bot"], env)
    output = b""
    os.write(fd, b"/cert CRC\n/quit\n")
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        _, status = os.waitpid(pid, 0)
    text = output.decode(errors="replace")
    assert "No DISCORD_TOKEN is set, so this is the local console" in text
    assert "CRC: Certified Risk Adjustment Coder" in text
    assert os.waitstatus_to_exitcode(status) == 0


_T0 = datetime(2026, 3, 1, tzinfo=UTC)

# ---------------------------------------------------------------------- unusable databases
# Issue 9, defect 6: each case ends in one sentence naming the path and CERTCOACH_DB, exit 2,
# no traceback, and the file exactly as it was.


def _real_database(path: Path, *, user_version: int | None = None) -> None:
    import asyncio

    from bot.store import open_store

    async def make() -> None:
        store = await open_store(path)
        for channel in range(200):  # a few pages, so that truncating loses some
            await store.guilds.add_ask_channel(1, channel, _T0)
        await store.close()

    asyncio.run(make())
    if user_version is not None:
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA user_version = {user_version}")
        con.commit()
        con.close()


def _garbage_header(path: Path) -> None:
    _real_database(path)
    data = bytearray(path.read_bytes())
    data[:16] = b"NotSQLite header"
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    _real_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncated_to_its_header(path: Path) -> None:
    _real_database(path)
    path.write_bytes(path.read_bytes()[:100])


def _read_only(path: Path) -> None:
    _real_database(path)
    path.chmod(0o444)


def _other_programs_database(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('mine')")
    con.commit()
    con.close()


# name: (make the bad file at the path, the path CERTCOACH_DB names (relative to it), words expected)
UNUSABLE = {
    "text file": (lambda p: p.write_text("shopping list\n" * 100), "", "not an SQLite database"),
    "one byte": (lambda p: p.write_bytes(b"x"), "", "not an SQLite database"),
    "random bytes": (lambda p: p.write_bytes(os.urandom(8192)), "", "not an SQLite database"),
    "garbage header": (_garbage_header, "", "not an SQLite database"),
    "truncated": (_truncated, "", "truncated"),
    "truncated to its header": (_truncated_to_its_header, "", "damaged"),
    "newer schema": (lambda p: _real_database(p, user_version=999), "", "newer than this CertCoach"),
    "read-only file": (_read_only, "", "read-only"),
    "a directory": (lambda p: p.mkdir(), "", "is a directory"),
    "parent is a file": (lambda p: p.write_text("a file"), "db.sqlite3", "is a file, not a directory"),
    "another program's database": (_other_programs_database, "", "another program"),
}


def _fingerprint(path: Path) -> str:
    if path.is_dir():
        return repr(sorted(p.name for p in path.iterdir()))
    return hashlib.sha256(path.read_bytes()).hexdigest() + oct(path.stat().st_mode)


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_console_refuses_an_unusable_database_in_one_sentence(tmp_path, isolated_env, case):
    make, below, expected = UNUSABLE[case]
    bad = tmp_path / "bad"
    make(bad)
    before = _fingerprint(bad)
    db_path = bad / below if below else bad
    result = run("console", stdin="", env={**isolated_env, "CERTCOACH_DB": str(db_path)})
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert str(db_path) in lines[0] and "CERTCOACH_DB" in lines[0] and expected in lines[0]
    assert _fingerprint(bad) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad"]  # no -wal, -shm or new file


@pytest.mark.parametrize("command", ["run", "sync"])
def test_run_and_sync_refuse_an_unusable_database_in_one_sentence(tmp_path, isolated_env, command):
    bad = tmp_path / "bad.sqlite3"
    _real_database(bad, user_version=999)
    before = _fingerprint(bad)
    env = {**isolated_env, "CERTCOACH_DB": str(bad), "DISCORD_TOKEN": "not-a-real-token"}
    result = run(command, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "newer than this CertCoach" in result.stderr and "CERTCOACH_DB" in result.stderr
    assert _fingerprint(bad) == before


def test_an_empty_file_is_a_new_database(tmp_path, isolated_env):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    result = run("console", stdin="/certs\n", env={**isolated_env, "CERTCOACH_DB": str(empty)})
    assert result.returncode == 0, result.stderr
    assert empty.stat().st_size > 0

"""Starting against an unreachable Discord (a plain line, retries with back-off, a clean stop), a
rejected token (a plain message, exit 1), and logs without tokens at DEBUG (real discord.py output)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time

import pytest

from bot.discord_app.logs import REDACTED, RedactTokens
from tests.fakediscord.process import LAUNCHER_MODULE, PROJECT_DIR

from .test_quiz_flows import daily_now, slash


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def spawn(url: str, tmp_path, **env: str) -> asyncio.subprocess.Process:
    """``python -m bot run`` through the fake's launcher (DNS guard on), REST pointed at ``url``."""
    full_env = {
        **os.environ,
        "FAKEDISCORD_URL": url,
        "DISCORD_TOKEN": "not-a-real-token",
        "CERTCOACH_DEV_GUILD": "1",
        "CERTCOACH_DB": str(tmp_path / "startup.sqlite3"),
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        LAUNCHER_MODULE,
        "bot",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=full_env,
        cwd=str(PROJECT_DIR),
    )


async def read_until(proc, predicate, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while not predicate(lines):
        left = deadline - time.monotonic()
        assert left > 0, "timed out; output so far:\n" + "\n".join(lines)
        raw = await asyncio.wait_for(proc.stdout.readline(), left)
        if not raw:
            break
        lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
    return lines


@pytest.mark.parametrize(
    ("where", "stop"),
    [("closed port", signal.SIGTERM), ("unresolvable host", signal.SIGINT)],
)
async def test_unreachable_discord_is_retried_with_back_off_and_stops_cleanly(tmp_path, where, stop):
    url = f"http://127.0.0.1:{closed_port()}" if where == "closed port" else "http://discord.invalid"
    proc = await spawn(url, tmp_path)
    try:

        def retried_twice(lines: list[str]) -> bool:
            return sum("Cannot reach Discord" in line for line in lines) >= 2

        lines = await read_until(proc, retried_twice, timeout=20)
        assert retried_twice(lines), "\n".join(lines)
        retries = [line for line in lines if "Cannot reach Discord" in line]
        assert "trying again in 1 s." in retries[0] and "trying again in 2 s." in retries[1]
        proc.send_signal(stop)
        rest, _ = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
    output = "\n".join(lines) + rest.decode("utf-8", "replace")
    assert proc.returncode == 0, output
    assert "Traceback" not in output and "ERROR" not in output, output


async def test_a_rejected_token_is_a_plain_message_and_exit_1(fake_discord, tmp_path):
    proc = await spawn(fake_discord.base_url, tmp_path, DISCORD_TOKEN="wrong-token")
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 1, text
    assert "Discord rejected DISCORD_TOKEN" in text and "Traceback" not in text
    assert "Cannot reach Discord" not in text  # a bad token is not retried
    assert [f.message for f in fake_discord.take_failures()] == ["GET /users/@me: 401 0 401: Unauthorized"]


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def debug_logs(fake_discord):
    """Every log line at DEBUG, through the filter the entry point installs on its handlers."""
    capture = Capture()
    capture.addFilter(RedactTokens([fake_discord.token]))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(old_level)


async def test_debug_logs_carry_no_token(fake_discord, debug_logs, running_bot):
    fake = fake_discord
    handles = []
    original = fake.invoke_slash

    async def remember(*args, **kwargs):
        handle = await original(*args, **kwargs)
        handles.append(handle)
        return handle

    fake.invoke_slash = remember
    await slash(fake, "ask", {"question": "how many CEUs for the CPC?"}, user="alice")
    await slash(fake, "quiz", subcommand="banks", user="alice")
    await daily_now(fake)  # deferred, then answered through the interaction's webhook
    # discord.py logs the webhook call once it has the response, just after the fake saw it
    await fake.wait_until(lambda: any("/webhooks/" in line for line in debug_logs.lines), 2, "the log")
    text = "\n".join(debug_logs.lines)
    # discord.py really logged the raw interactions, the callback URL and the webhook URL...
    assert "INTERACTION_CREATE" in text and "/callback" in text
    assert f"/webhooks/{running_bot.application_id}/{REDACTED}" in text
    assert f"'token': '{REDACTED}'" in text and f"/interactions/{handles[0].state.id}/{REDACTED}" in text
    # ...and no token is left: the interactions' nor the bot's.
    tokens = [h.state.token for h in handles] + [fake.token]
    assert all(len(t) >= 8 for t in tokens)
    leaked = [line for line in debug_logs.lines if any(t in line for t in tokens)]
    assert not leaked, leaked[:3]


async def test_the_entry_point_at_debug_logs_no_token(fake_discord, bot_subprocess):
    """``python -m bot run`` with LOG_LEVEL=DEBUG: its own log handlers redact."""
    fake = fake_discord
    async with bot_subprocess("bot", env={"LOG_LEVEL": "DEBUG"}) as bp:
        handle = await fake.invoke_slash("ask", {"question": "what is the CPC"}, user="alice")
        assert (await handle.callback(timeout=5)).ok
        await fake.wait_until(lambda: any("/callback" in line for line in bp.output), 5, "the log")
    text = "\n".join(bp.output)
    assert "INTERACTION_CREATE" in text and f"'token': '{REDACTED}'" in text
    assert handle.state.token not in text and fake.token not in text


async def test_sync_with_discord_unreachable_is_a_plain_message(tmp_path):
    code = (
        "import sys\n"
        "from tests.fakediscord.patch import install_dns_guard, redirect_discord\n"
        "install_dns_guard()\n"
        "redirect_discord('http://discord.invalid', 'ws://discord.invalid/gateway')\n"
        "from bot.__main__ import main\n"
        "sys.exit(main(['sync']))\n"
    )
    env = {**os.environ, "DISCORD_TOKEN": "not-a-real-token", "CERTCOACH_DB": str(tmp_path / "s.sqlite3")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stderr=asyncio.subprocess.PIPE, env=env, cwd=str(PROJECT_DIR)
    )
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    text = err.decode("utf-8", "replace")
    assert proc.returncode == 1, text
    assert "Cannot reach Discord (ClientConnectorDNSError" in text and "Traceback" not in text

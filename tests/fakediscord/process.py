"""Start a bot as a subprocess (via launcher.py) against an in-process fake, and stop it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from .server import FakeDiscord

# Run as a module from the project root, so that ``tests.fakediscord`` imports without path tweaks.
LAUNCHER_MODULE = "tests.fakediscord.launcher"
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
READY_MARKER = "FAKEDISCORD-READY"


@dataclass
class BotProcess:
    proc: asyncio.subprocess.Process
    output: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def kill(self) -> int:
        """SIGKILL, as a crash or an out-of-memory kill: no clean-up runs (no gateway close, no
        store close). Returns once the process is gone (its exit status)."""
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGKILL)
        return await self.proc.wait()

    def error_lines(self) -> list[str]:
        return [
            line for line in self.output if " ERROR " in line or "Traceback" in line or "CRITICAL" in line
        ]


@contextlib.asynccontextmanager
async def launched(
    fake: FakeDiscord,
    target: str = "bot",
    *,
    args: list[str] | tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    ready_timeout: float = 30.0,
    python: str = sys.executable,
) -> AsyncIterator[BotProcess]:
    """``async with launched(fake, "bot", env={...}) as bp:`` — the bot runs in a child process until exit."""
    full_env = {
        **os.environ,
        "FAKEDISCORD_URL": fake.base_url,
        "FAKEDISCORD_WS_URL": fake.ws_url,
        "DISCORD_TOKEN": fake.token,
        "CERTCOACH_DEV_GUILD": str(fake.guild_id),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    proc = await asyncio.create_subprocess_exec(
        python,
        "-m",
        LAUNCHER_MODULE,
        target,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=full_env,
        cwd=str(PROJECT_DIR),
    )
    bp = BotProcess(proc)
    ready = asyncio.get_running_loop().create_future()

    async def pump(stream: asyncio.StreamReader, name: str) -> None:
        while True:
            line = await stream.readline()
            if not line:
                return
            text = line.decode("utf-8", "replace").rstrip("\n")
            bp.output.append(f"{name}: {text}")
            if READY_MARKER in text and not ready.done():
                ready.set_result(True)

    pumps = [asyncio.create_task(pump(proc.stdout, "out")), asyncio.create_task(pump(proc.stderr, "err"))]  # type: ignore[arg-type]
    exited = asyncio.create_task(proc.wait())
    try:
        done, _ = await asyncio.wait(
            {ready, exited}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            await asyncio.sleep(0.1)
            tail = "\n".join(bp.output[-40:])
            why = f"exited with {proc.returncode}" if exited in done else f"not ready within {ready_timeout}s"
            raise AssertionError(f"bot subprocess ({target}) {why}:\n{tail}")
        yield bp
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(exited, 5)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await exited
        for t in pumps:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(t, 2)
        ready.cancel()

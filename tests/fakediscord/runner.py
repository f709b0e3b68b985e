"""Run a discord.py client in-process against the fake, surfacing its task's exception and ERROR logs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from .server import FakeDiscord


class ErrorLogCollector(logging.Handler):
    """Keeps every log record at ERROR or above (discord.py only *logs* exceptions raised in handlers)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        taken, self.records = self.records, []
        return taken

    def format_all(self, max_chars: int = 3000) -> str:
        fmt = logging.Formatter("%(levelname)s %(name)s: %(message)s")
        out = []
        for r in self.records:
            text = fmt.format(r)
            if r.exc_info:
                text += "\n" + "".join(logging.Formatter().formatException(r.exc_info))
            if len(text) > max_chars:
                text = text[: max_chars // 2] + " [...] " + text[-max_chars // 2 :]
            out.append(text)
        return "\n".join(out)

    @contextlib.contextmanager
    def installed(self):
        root = logging.getLogger()
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)


class BotTaskFailed(AssertionError):
    pass


async def start_bot(bot: Any, token: str, *, ready_timeout: float = 5.0) -> asyncio.Task:
    """``bot.start(token)`` in a task; returns once the bot is ready, raising if the task died first."""
    task = asyncio.create_task(bot.start(token), name="bot.start")
    ready = asyncio.create_task(bot.wait_until_ready(), name="bot.wait_until_ready")
    done, _ = await asyncio.wait({task, ready}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        exc = task.exception()
        raise BotTaskFailed(f"the bot stopped before it was ready: {exc!r}") from exc
    if ready not in done:
        ready.cancel()
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
        raise BotTaskFailed(f"the bot was not ready within {ready_timeout}s")
    return task


async def stop_bot(bot: Any, task: asyncio.Task, *, timeout: float = 5.0) -> BaseException | None:
    """Close the bot and return the exception its task raised (None when it ended cleanly)."""
    if not bot.is_closed():
        await asyncio.wait_for(bot.close(), timeout)
    try:
        await asyncio.wait_for(task, timeout)
    except asyncio.CancelledError:
        return None
    except BaseException as exc:
        return exc
    return None


@contextlib.asynccontextmanager
async def running(
    bot: Any, fake: FakeDiscord, *, token: str | None = None, ready_timeout: float = 5.0
) -> AsyncIterator[Any]:
    """``async with running(bot, fake): ...`` — start, wait for ready, always close, re-raise task errors."""
    task = await start_bot(bot, token or fake.token, ready_timeout=ready_timeout)
    try:
        yield bot
    finally:
        exc = await stop_bot(bot, task)
        if exc is not None:
            raise BotTaskFailed(f"the bot task raised: {exc!r}") from exc

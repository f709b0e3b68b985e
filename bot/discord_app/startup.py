"""Starting the bot when Discord may be unreachable: a plain line and a retry with capped
exponential back-off on a network failure; a permanent failure (a bad token) is raised as is."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import aiohttp
import discord

log = logging.getLogger("certcoach.discord")

# What a network failure while logging in looks like: no DNS, a refused or reset connection, a
# timeout, Discord answering 5xx. discord.py retries the gateway connection itself once logged in.
TRANSIENT: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectionError,
    OSError,
    asyncio.TimeoutError,
    discord.DiscordServerError,
)


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait before each retry: ``first``, doubling, never more than ``cap``."""

    first: float = 1.0
    cap: float = 60.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(self.cap, delay * 2)


def describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def start_with_retry(
    make_bot: Callable[[], discord.Client],
    token: str,
    *,
    backoff: Backoff | None = None,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """Run a fresh bot from ``make_bot`` until it closes; while Discord cannot be reached, log one
    line per attempt and try again later (cancel the task to stop)."""
    delays = (backoff or Backoff()).delays()
    while True:
        bot = make_bot()
        try:
            async with bot:
                await bot.start(token)
            return
        except TRANSIENT as exc:
            delay = next(delays)
            log.warning("Cannot reach Discord (%s); trying again in %g s.", describe(exc), delay)
        await sleep(delay)

"""Replying to interactions: privately whatever the state, and within Discord's deadline."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import TypeVar

import discord

log = logging.getLogger("certcoach.discord")

ACK_BUDGET = 1.0  # seconds after a click: past this, defer the answer (Discord's deadline is 3 s)
BURST = 1  # clicks already being recorded: with more, a click is acknowledged at once
ACKS_FIRST = 0.5  # seconds a followup may wait for the acknowledgements being sent


class _Clicks:
    """The clicks this process is handling: acknowledgements go out before followups."""

    def __init__(self) -> None:
        self.in_flight = 0  # clicks between arrival and their recorded answer
        self.acking = 0  # acknowledgements (defers) being sent
        self._waiters: list[asyncio.Future[None]] = []

    def ack_started(self) -> None:
        self.acking += 1

    def ack_done(self) -> None:
        self.acking -= 1
        if self.acking == 0:
            waiters, self._waiters = self._waiters, []
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    async def acks_sent(self) -> None:
        """Return when no acknowledgement is being sent (callers bound the wait)."""
        if self.acking == 0:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        await waiter


CLICKS = _Clicks()

T = TypeVar("T")


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Reply privately whether or not the interaction was already acknowledged."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send an error reply for interaction %s", interaction.id)


async def in_time(interaction: discord.Interaction, work: Awaitable[T]) -> T:
    """Await ``work``, acknowledging the interaction first when the answer may come late.

    A lone click waits for ``work`` (one reply, no "thinking" state).  During a burst (more
    than ``BURST`` other clicks being recorded) the click is deferred at once: its answer
    queues behind the others' on the database, and the member should see the click taken
    without waiting for them.  A click whose work is not done ``ACK_BUDGET`` s after it was
    made is deferred too, so Discord's 3-second deadline is met.  Either way the caller's
    ``send_ephemeral`` then answers in a followup, once the answer is committed and the
    acknowledgements of the burst have gone out (at most ``ACKS_FIRST`` s later): a member
    waiting for the click to be taken comes before one waiting for feedback.
    """
    CLICKS.in_flight += 1
    try:
        if CLICKS.in_flight > BURST + 1:
            await _defer(interaction)  # the acknowledgement first, then the database work
            task = asyncio.ensure_future(work)
        else:
            task = asyncio.ensure_future(work)
            age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
            done, _ = await asyncio.wait({task}, timeout=min(ACK_BUDGET, max(0.0, ACK_BUDGET - age)))
            if not done:
                await _defer(interaction)
        result = await task
        if interaction.response.is_done():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ACKS_FIRST):
                    await CLICKS.acks_sent()
        return result
    finally:
        CLICKS.in_flight -= 1


async def _defer(interaction: discord.Interaction) -> None:
    if interaction.response.is_done():
        return
    CLICKS.ack_started()
    try:
        await interaction.response.defer(ephemeral=True, thinking=True)
    except discord.HTTPException:
        log.warning("could not acknowledge answer button in time (interaction %s)", interaction.id)
    finally:
        CLICKS.ack_done()

"""Replying to interactions: privately whatever the state, and within Discord's deadline."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

import discord

log = logging.getLogger("certcoach.discord")

ACK_BUDGET = 1.0  # seconds after a click: past this, defer the answer (Discord's deadline is 3 s)

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
    """Await ``work``; if it is not done ``ACK_BUDGET`` s after the click (a burst of clicks
    queues on the database), acknowledge first so Discord's 3-second deadline is met; the
    caller's ``send_ephemeral`` then answers in a followup."""
    task = asyncio.ensure_future(work)
    age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
    done, _ = await asyncio.wait({task}, timeout=min(ACK_BUDGET, max(0.0, ACK_BUDGET - age)))
    if not done and not interaction.response.is_done():
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.HTTPException:
            log.warning("could not acknowledge answer button in time (interaction %s)", interaction.id)
    return await task

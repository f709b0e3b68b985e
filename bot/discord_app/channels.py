"""Posting in a channel by id, for messages nobody asked for (questions, reveals, standings).

Failures are logged and reported as ``None``: a channel that is gone or closed to the bot must
not stop a round or the daily ticker.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord

log = logging.getLogger("certcoach.quiz")


class ChannelPoster:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def channel(self, channel_id: int) -> discord.abc.Messageable | None:
        channel = self.client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.client.fetch_channel(channel_id)
            except discord.HTTPException:
                channel = None
        if not isinstance(channel, discord.abc.Messageable):  # gone, hidden, or a category
            log.warning("channel %s is gone or hidden", channel_id)
            return None
        return channel

    async def send(self, channel_id: int, **kwargs: Any) -> discord.Message | None:
        channel = await self.channel(channel_id)
        if channel is None:
            return None
        try:
            return await channel.send(**kwargs)
        except discord.HTTPException as exc:
            log.warning("could not post in channel %s: %s", channel_id, exc)
            return None

    async def close_buttons(self, channel_id: int, message_id: int | None) -> None:
        """Remove the buttons from a revealed question so nobody clicks a dead one."""
        if not message_id:
            return
        channel = await self.channel(channel_id)
        if channel is None or not hasattr(channel, "get_partial_message"):
            return
        with contextlib.suppress(discord.HTTPException):
            await channel.get_partial_message(message_id).edit(view=None)

"""Posting in a channel by id, for messages nobody asked for (questions, reveals, standings).

Failures are logged and reported as ``None``: a channel that is gone or closed to the bot must
not stop a round or the daily ticker.

:meth:`ChannelPoster.send_once` posts an intent of the posts service exactly once: the message
carries the intent's marker (a last footer line) and is sent with the intent's nonce and
``enforce_nonce`` (discord.py adds it to every nonce): Discord returns the message it already
created for that nonce, for a few minutes.  An intent recorded before (maybe by a run that died
before it learnt the message's id) is first looked for in the channel's recent history, and
only sent when it is not there.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

import discord

from ..services.posts import PostIntent
from .embeds import EMBED_TOTAL_LIMIT, FOOTER_LIMIT

log = logging.getLogger("certcoach.quiz")

HISTORY_LIMIT = 200  # messages read back, from just before the intent was recorded
HISTORY_MARGIN = timedelta(minutes=1)  # clock skew between this host and Discord


def mark(embed: discord.Embed, marker: str) -> discord.Embed:
    """Add ``marker`` as the embed's last footer line (within Discord's limits)."""
    footer = embed.footer.text or ""
    room = min(FOOTER_LIMIT, EMBED_TOTAL_LIMIT - (len(embed) - len(footer))) - len(marker) - 1
    footer = footer[: max(0, room)].rstrip()
    embed.set_footer(text=f"{footer}\n{marker}" if footer else marker, icon_url=embed.footer.icon_url)
    return embed


def has_marker(message: discord.Message, marker: str) -> bool:
    return any(marker in (e.footer.text or "").splitlines() for e in message.embeds)


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

    async def send_once(
        self, intent: PostIntent, *, embed: discord.Embed, view: discord.ui.View | None = None
    ) -> discord.Message | None:
        """Post ``intent``'s message unless it is in the channel already (see the module)."""
        channel = await self.channel(intent.channel_id)
        if channel is None:
            return None
        mark(embed, intent.marker)
        try:
            if intent.resumed:
                found = await self._find(channel, intent)
                if found is not None:
                    log.info("%s was posted before (message %s): not posting it again", intent.key, found.id)
                    return found
            # discord.py sends enforce_nonce=True with every nonce.
            if view is None:
                return await channel.send(embed=embed, nonce=intent.nonce)
            return await channel.send(embed=embed, view=view, nonce=intent.nonce)
        except discord.HTTPException as exc:
            log.warning("could not post %s in channel %s: %s", intent.key, intent.channel_id, exc)
            return None

    async def find(self, intent: PostIntent) -> discord.Message | None:
        """``intent``'s message if it is in the channel's recent history."""
        channel = await self.channel(intent.channel_id)
        if channel is None:
            return None
        try:
            return await self._find(channel, intent)
        except discord.HTTPException as exc:
            log.warning("could not look for %s in channel %s: %s", intent.key, intent.channel_id, exc)
            return None

    async def _find(self, channel: discord.abc.Messageable, intent: PostIntent) -> discord.Message | None:
        """The bot's own message carrying ``intent``'s marker, among those since the intent."""
        me = self.client.user
        after = discord.Object(discord.utils.time_snowflake(intent.created_at - HISTORY_MARGIN))
        try:
            async for message in channel.history(limit=HISTORY_LIMIT, after=after):
                if me is not None and message.author.id == me.id and has_marker(message, intent.marker):
                    return message
        except discord.Forbidden:  # no Read Message History: the nonce is all there is
            log.warning("cannot read the history of channel %s to find %s", intent.channel_id, intent.key)
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

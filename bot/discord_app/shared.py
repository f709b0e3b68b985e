"""Adapter state that more than one extension needs, created once by the bot and handed to
each extension at setup (so no cog looks another up by name).

* :class:`AskChannels`: each server's ask channels, cached for the knowledge listener and
  changed by ``/config ask-channel`` through the same object, so the cache is never stale.
* :class:`RunningRounds`: the channels with a round running in this process; the rounds
  extension runs them, the knowledge listener leaves their chat to the round.
* :class:`BackgroundTasks`: a cog's fire-and-forget tasks, kept referenced until they end and
  cancelled when the cog unloads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from ..services.guild_settings import GuildSettingsService


class AskChannels:
    def __init__(self, guild_settings: GuildSettingsService) -> None:
        self._guild_settings = guild_settings
        self._cache: dict[int, frozenset[int]] = {}  # guild -> channels

    async def contains(self, guild_id: int, channel_id: int) -> bool:
        channels = self._cache.get(guild_id)
        if channels is None:
            channels = frozenset(await self._guild_settings.ask_channels(guild_id))
            self._cache[guild_id] = channels
        return channel_id in channels

    async def add(self, guild_id: int, channel_id: int) -> None:
        await self._guild_settings.add_ask_channel(guild_id, channel_id)
        self._cache.pop(guild_id, None)

    async def remove(self, guild_id: int, channel_id: int) -> None:
        await self._guild_settings.remove_ask_channel(guild_id, channel_id)
        self._cache.pop(guild_id, None)


class RunningRounds:
    """Channel id -> the task running its round."""

    def __init__(self) -> None:
        self.tasks: dict[int, asyncio.Task[None]] = {}

    def is_running(self, channel_id: int) -> bool:
        return channel_id in self.tasks


class BackgroundTasks:
    """Tasks a cog starts and does not await: the event loop keeps only weak references, so
    they are held here until done, and :meth:`cancel_all` stops what is left on unload."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

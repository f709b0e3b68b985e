"""Which guilds a bot process holds when Discord's shards are split across processes.

Discord sends a guild's events to shard ``(guild_id >> 22) % shard_count``; a process that runs
some of the shards must also do the background work (daily posts, round takeover, start-up
recovery) of exactly those guilds, and leave the others to the processes holding them.
"""

from __future__ import annotations

from collections.abc import Collection


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives ``guild_id``'s events (Discord's rule)."""
    if shard_count < 1:
        raise ValueError(f"shard_count must be at least 1, got {shard_count}")
    return (guild_id >> 22) % shard_count


def holds_guild(guild_id: int, shard_count: int | None, shard_ids: Collection[int] | None) -> bool:
    """Whether a process running ``shard_ids`` of ``shard_count`` shards holds ``guild_id``.

    ``shard_count`` None: not sharded by hand (one process runs every shard discord.py
    chose), so every guild.  ``shard_ids`` None: every shard of ``shard_count``.
    """
    if shard_count is None or shard_ids is None:
        return True
    return shard_of(guild_id, shard_count) in shard_ids

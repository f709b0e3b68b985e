"""The shard rule: a guild belongs to shard (guild_id >> 22) % shard_count."""

from __future__ import annotations

import pytest

from bot.core.shards import holds_guild, shard_of

GUILD = 41771983423143937  # whose timestamp bits are 9959216934


def test_shard_of_uses_the_timestamp_bits_of_the_id():
    assert [shard_of(GUILD, n) for n in (1, 2, 3, 4, 5)] == [0, 0, 0, 2, 4]
    assert shard_of((7 << 22) | 0x3FFFFF, 4) == 3  # the low 22 bits (worker, process, increment) never count


def test_every_guild_belongs_to_exactly_one_of_the_processes_splitting_the_shards():
    processes = [(0, 1), (2,), (3, 4, 5)]
    for guild_id in range(1 << 22, 400 << 22, 3_000_017):
        holders = [ids for ids in processes if holds_guild(guild_id, 6, ids)]
        assert len(holders) == 1
        assert shard_of(guild_id, 6) in holders[0]


def test_unsharded_or_every_shard_holds_every_guild():
    for guild_id in (1, GUILD, 2**63 - 1):
        assert holds_guild(guild_id, None, None)
        assert holds_guild(guild_id, 4, None)
    assert holds_guild(GUILD, 4, [2]) and not holds_guild(GUILD, 4, [0, 1, 3])


def test_a_shard_count_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        shard_of(GUILD, 0)

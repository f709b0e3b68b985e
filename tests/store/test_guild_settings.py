"""Guild settings in the store: the daily schedule, due guilds, quiz channel, ask channels."""

from __future__ import annotations

from datetime import timedelta

from .helpers import T0


async def test_due_guilds_and_settings(store):
    guilds = store.guilds
    await guilds.save_daily_settings(
        1, channel_id=2, daily_time="08:00", timezone_name="Europe/London", exam=None, next_run_at=T0, now=T0
    )
    await guilds.save_daily_settings(
        3,
        channel_id=4,
        daily_time="09:00",
        timezone_name="UTC",
        exam="CCS",
        next_run_at=T0 + timedelta(hours=1),
        now=T0,
    )
    assert [g.guild_id for g in await guilds.due_guilds(T0)] == [1]
    assert [g.guild_id for g in await guilds.due_guilds(T0 + timedelta(hours=2))] == [1, 3]
    s = await guilds.get_guild_settings(3)
    assert s.daily_enabled and s.daily_exam == "CCS" and s.next_run_at == T0 + timedelta(hours=1)
    assert await guilds.disable_daily(3, T0) and not await guilds.disable_daily(3, T0)
    assert [g.guild_id for g in await guilds.due_guilds(T0 + timedelta(hours=2))] == [1]
    await guilds.set_quiz_channel(3, 55, T0)
    s = await guilds.get_guild_settings(3)
    assert s.quiz_channel_id == 55 and s.daily_channel_id == 4 and not s.daily_enabled
    await guilds.set_next_run(1, None)
    assert await guilds.due_guilds(T0 + timedelta(hours=2)) == []
    assert await guilds.get_guild_settings(42) is None


async def test_ask_channels(store):
    guilds = store.guilds
    assert await guilds.add_ask_channel(1, 10, T0)
    assert not await guilds.add_ask_channel(1, 10, T0)
    assert await guilds.add_ask_channel(1, 11, T0)
    assert await guilds.add_ask_channel(2, 10, T0)
    assert await guilds.ask_channels(1) == [10, 11]
    assert await guilds.remove_ask_channel(1, 10) and not await guilds.remove_ask_channel(1, 10)
    assert await guilds.ask_channels(1) == [11]

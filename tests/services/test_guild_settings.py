"""GuildSettingsService: the daily schedule, ask channels, the quiz channel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.errors import InvalidOption, NoQuestionsMatch, UnknownTimezone
from bot.services.guild_settings import DailySchedule

from .helpers import DAILY_CHANNEL, GUILD


async def test_setup_validation(guild_settings):
    with pytest.raises(UnknownTimezone) as exc:
        await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "Mars/Olympus_Mons")
    assert "America/New_York" in exc.value.message
    with pytest.raises(InvalidOption):
        await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "8am", "UTC")
    with pytest.raises(InvalidOption):
        await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "UTC", exam="XYZ")
    with pytest.raises(NoQuestionsMatch):
        await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "UTC", exam="CRC")
    assert await guild_settings.daily_schedule(GUILD) is None  # nothing saved by the failures
    s = await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "8:30", "america/new_york", exam="cpc")
    assert isinstance(s, DailySchedule)
    assert s.timezone == "America/New_York" and s.daily_time == "08:30" and s.daily_exam == "CPC"
    assert s.daily_enabled and s.daily_channel_id == DAILY_CHANNEL
    assert s.next_run_at == datetime(2026, 3, 3, 13, 30, tzinfo=UTC)  # 09:00 EST now -> tomorrow
    assert await guild_settings.daily_schedule(GUILD) == s


async def test_disable_daily(guild_settings):
    assert not await guild_settings.disable_daily(GUILD)
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "UTC")
    assert await guild_settings.disable_daily(GUILD)
    assert not await guild_settings.disable_daily(GUILD)
    s = await guild_settings.daily_schedule(GUILD)
    assert not s.daily_enabled and s.next_run_at is None and s.daily_time == "08:00"


async def test_ask_channels_and_quiz_channel(guild_settings):
    assert await guild_settings.add_ask_channel(GUILD, 5)
    assert not await guild_settings.add_ask_channel(GUILD, 5)
    assert await guild_settings.ask_channels(GUILD) == [5]
    assert await guild_settings.remove_ask_channel(GUILD, 5)
    assert not await guild_settings.remove_ask_channel(GUILD, 5)
    assert await guild_settings.ask_channels(GUILD) == []
    assert await guild_settings.quiz_channel(GUILD) is None
    await guild_settings.set_quiz_channel(GUILD, 77)
    assert await guild_settings.quiz_channel(GUILD) == 77

"""Server settings: the daily question's schedule, ask channels and the quiz channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.clock import utcnow
from bot.core.daily import next_run, parse_hhmm
from bot.store.interface import GuildSettingsStore
from bot.store.records import GuildSettings

from .banks import BanksService, selects_drills
from .common import Clock, clean_exam, current_time, resolve_timezone
from .errors import InvalidOption, NoQuestionsMatch


@dataclass(frozen=True, slots=True)
class DailySchedule:
    """A server's daily question: where, when (local time in its time zone) and the next run."""

    guild_id: int
    daily_channel_id: int | None
    daily_time: str | None  # "HH:MM", server local time
    timezone: str  # IANA name
    daily_exam: str | None  # None = every exam
    daily_enabled: bool
    next_run_at: datetime | None  # UTC

    @classmethod
    def from_settings(cls, s: GuildSettings) -> DailySchedule:
        return cls(
            guild_id=s.guild_id,
            daily_channel_id=s.daily_channel_id,
            daily_time=s.daily_time,
            timezone=s.timezone,
            daily_exam=s.daily_exam,
            daily_enabled=s.daily_enabled,
            next_run_at=s.next_run_at,
        )


class GuildSettingsService:
    def __init__(self, guilds: GuildSettingsStore, banks: BanksService, *, clock: Clock = utcnow) -> None:
        self._guilds = guilds
        self._banks = banks
        self.clock = clock

    # ----------------------------------------------------------------- daily schedule

    async def setup_daily(
        self,
        guild_id: int,
        channel_id: int,
        at: str,
        tz_name: str,
        *,
        exam: str | None = None,
        now: datetime | None = None,
    ) -> DailySchedule:
        """Post a daily question in ``channel_id`` at local time ``at`` ("HH:MM") in ``tz_name``.

        Raises InvalidOption (bad time / exam), UnknownTimezone, NoQuestionsMatch.
        The returned schedule carries ``next_run_at`` (UTC).
        """
        now = current_time(self.clock, now)
        try:
            local_t = parse_hhmm(at)
        except ValueError:
            raise InvalidOption(f"{at!r} is not a time. Use 24-hour HH:MM, e.g. 08:30 or 19:00.") from None
        tz = resolve_timezone(tz_name)
        exam = clean_exam(exam)
        if not (self._banks.offers_drills() if selects_drills(exam) else self._banks.select(exam=exam)):
            raise NoQuestionsMatch(
                "There are no questions for that exam yet, so there is nothing to post daily."
            )
        saved = await self._guilds.save_daily_settings(
            guild_id,
            channel_id=channel_id,
            daily_time=local_t.strftime("%H:%M"),
            timezone_name=tz.key,
            exam=exam,
            next_run_at=next_run(local_t, tz, now),
            now=now,
        )
        return DailySchedule.from_settings(saved)

    async def disable_daily(self, guild_id: int, now: datetime | None = None) -> bool:
        """Stop the daily question; False if it was not enabled."""
        return await self._guilds.disable_daily(guild_id, current_time(self.clock, now))

    async def daily_schedule(self, guild_id: int) -> DailySchedule | None:
        """The server's daily question settings; None if it never had any settings."""
        s = await self._guilds.get_guild_settings(guild_id)
        return DailySchedule.from_settings(s) if s else None

    # ----------------------------------------------------------------- channels

    async def set_quiz_channel(
        self, guild_id: int, channel_id: int | None, now: datetime | None = None
    ) -> None:
        await self._guilds.set_quiz_channel(guild_id, channel_id, current_time(self.clock, now))

    async def quiz_channel(self, guild_id: int) -> int | None:
        s = await self._guilds.get_guild_settings(guild_id)
        return s.quiz_channel_id if s else None

    async def add_ask_channel(self, guild_id: int, channel_id: int, now: datetime | None = None) -> bool:
        """True if added, False if it already was an ask channel."""
        return await self._guilds.add_ask_channel(guild_id, channel_id, current_time(self.clock, now))

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        """True if removed, False if it was not an ask channel."""
        return await self._guilds.remove_ask_channel(guild_id, channel_id)

    async def ask_channels(self, guild_id: int) -> list[int]:
        return await self._guilds.ask_channels(guild_id)

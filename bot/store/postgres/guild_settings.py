"""Per-guild settings and ask channels in PostgreSQL (same rules as ``bot.store.guild_settings``)."""

from __future__ import annotations

from datetime import datetime

from bot.core.clock import as_utc

from ..records import GuildSettings
from .database import PgDatabase, Record


def guild_settings_from_row(row: Record) -> GuildSettings:
    return GuildSettings(
        guild_id=row["guild_id"],
        quiz_channel_id=row["quiz_channel_id"],
        daily_channel_id=row["daily_channel_id"],
        daily_time=row["daily_time"],
        timezone=row["timezone"],
        daily_exam=row["daily_exam"],
        daily_enabled=row["daily_enabled"],
        next_run_at=row["next_run_at"],
    )


class PgGuildSettingsStore:
    """Implements ``GuildSettingsStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def get_guild_settings(self, guild_id: int) -> GuildSettings | None:
        row = await self._db.fetch_one("SELECT * FROM guild_settings WHERE guild_id = $1", guild_id)
        return guild_settings_from_row(row) if row else None

    async def save_daily_settings(
        self,
        guild_id: int,
        *,
        channel_id: int,
        daily_time: str,
        timezone_name: str,
        exam: str | None,
        next_run_at: datetime,
        now: datetime,
    ) -> GuildSettings:
        """Configure and enable the daily question for a guild."""
        row = await self._db.fetch_one(
            """INSERT INTO guild_settings
                   (guild_id, daily_channel_id, daily_time, timezone, daily_exam, daily_enabled,
                    next_run_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7)
               ON CONFLICT (guild_id) DO UPDATE SET
                   daily_channel_id = excluded.daily_channel_id,
                   daily_time = excluded.daily_time, timezone = excluded.timezone,
                   daily_exam = excluded.daily_exam, daily_enabled = TRUE,
                   next_run_at = excluded.next_run_at, updated_at = excluded.updated_at
               RETURNING *""",
            guild_id,
            channel_id,
            daily_time,
            timezone_name,
            exam,
            as_utc(next_run_at),
            as_utc(now),
        )
        assert row is not None
        return guild_settings_from_row(row)

    async def disable_daily(self, guild_id: int, now: datetime) -> bool:
        touched = await self._db.execute(
            "UPDATE guild_settings SET daily_enabled = FALSE, next_run_at = NULL, updated_at = $1 "
            "WHERE guild_id = $2 AND daily_enabled",
            as_utc(now),
            guild_id,
        )
        return touched > 0

    async def set_quiz_channel(self, guild_id: int, channel_id: int | None, now: datetime) -> None:
        await self._db.execute(
            """INSERT INTO guild_settings (guild_id, quiz_channel_id, updated_at) VALUES ($1, $2, $3)
               ON CONFLICT (guild_id) DO UPDATE SET quiz_channel_id = excluded.quiz_channel_id,
                   updated_at = excluded.updated_at""",
            guild_id,
            channel_id,
            as_utc(now),
        )

    async def set_next_run(self, guild_id: int, next_run_at: datetime | None) -> None:
        await self._db.execute(
            "UPDATE guild_settings SET next_run_at = $1 WHERE guild_id = $2",
            as_utc(next_run_at) if next_run_at else None,
            guild_id,
        )

    async def due_guilds(self, now: datetime) -> list[GuildSettings]:
        rows = await self._db.fetch_all(
            "SELECT * FROM guild_settings WHERE daily_enabled AND next_run_at IS NOT NULL "
            "AND next_run_at <= $1 ORDER BY next_run_at, guild_id",
            as_utc(now),
        )
        return [guild_settings_from_row(r) for r in rows]

    async def add_ask_channel(self, guild_id: int, channel_id: int, now: datetime) -> bool:
        touched = await self._db.execute(
            "INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING",
            guild_id,
            channel_id,
            as_utc(now),
        )
        return touched > 0

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        status = await self._db.execute(
            "DELETE FROM ask_channels WHERE guild_id = $1 AND channel_id = $2", guild_id, channel_id
        )
        return status > 0

    async def ask_channels(self, guild_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT channel_id FROM ask_channels WHERE guild_id = $1 ORDER BY added_at, channel_id", guild_id
        )
        return [r[0] for r in rows]

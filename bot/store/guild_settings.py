"""Per-guild settings (daily schedule, quiz channel) and ask channels in SQLite."""

from __future__ import annotations

from datetime import datetime

from .database import Database, Row, from_db_time_or_none, query_one, to_db_time
from .records import GuildSettings


def guild_settings_from_row(row: Row) -> GuildSettings:
    return GuildSettings(
        guild_id=row["guild_id"],
        quiz_channel_id=row["quiz_channel_id"],
        daily_channel_id=row["daily_channel_id"],
        daily_time=row["daily_time"],
        timezone=row["timezone"],
        daily_exam=row["daily_exam"],
        daily_enabled=bool(row["daily_enabled"]),
        next_run_at=from_db_time_or_none(row["next_run_at"]),
    )


class SqliteGuildSettingsStore:
    """Implements ``GuildSettingsStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def get_guild_settings(self, guild_id: int) -> GuildSettings | None:
        row = await self._db.fetch_one("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
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
        async with self._db.write() as db:
            await db.execute(
                """INSERT INTO guild_settings
                       (guild_id, daily_channel_id, daily_time, timezone, daily_exam, daily_enabled,
                        next_run_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                   ON CONFLICT (guild_id) DO UPDATE SET
                       daily_channel_id = excluded.daily_channel_id,
                       daily_time = excluded.daily_time, timezone = excluded.timezone,
                       daily_exam = excluded.daily_exam, daily_enabled = 1,
                       next_run_at = excluded.next_run_at, updated_at = excluded.updated_at""",
                (
                    guild_id,
                    channel_id,
                    daily_time,
                    timezone_name,
                    exam,
                    to_db_time(next_run_at),
                    to_db_time(now),
                ),
            )
            row = await query_one(db, "SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        assert row is not None  # written just above, in the same transaction
        return guild_settings_from_row(row)

    async def disable_daily(self, guild_id: int, now: datetime) -> bool:
        """Turn the daily question off; False if it was not on."""
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE guild_settings SET daily_enabled = 0, next_run_at = NULL, updated_at = ? "
                "WHERE guild_id = ? AND daily_enabled = 1",
                (to_db_time(now), guild_id),
            )
            return cur.rowcount > 0

    async def set_quiz_channel(self, guild_id: int, channel_id: int | None, now: datetime) -> None:
        async with self._db.write() as db:
            await db.execute(
                """INSERT INTO guild_settings (guild_id, quiz_channel_id, updated_at) VALUES (?, ?, ?)
                   ON CONFLICT (guild_id) DO UPDATE SET quiz_channel_id = excluded.quiz_channel_id,
                       updated_at = excluded.updated_at""",
                (guild_id, channel_id, to_db_time(now)),
            )

    async def set_next_run(self, guild_id: int, next_run_at: datetime | None) -> None:
        async with self._db.write() as db:
            await db.execute(
                "UPDATE guild_settings SET next_run_at = ? WHERE guild_id = ?",
                (to_db_time(next_run_at) if next_run_at else None, guild_id),
            )

    async def due_guilds(self, now: datetime) -> list[GuildSettings]:
        """Guilds with the daily question on and ``next_run_at <= now``."""
        rows = await self._db.fetch_all(
            "SELECT * FROM guild_settings WHERE daily_enabled = 1 AND next_run_at IS NOT NULL "
            "AND next_run_at <= ? ORDER BY next_run_at, guild_id",
            (to_db_time(now),),
        )
        return [guild_settings_from_row(r) for r in rows]

    # ----------------------------------------------------------------- ask channels

    async def add_ask_channel(self, guild_id: int, channel_id: int, now: datetime) -> bool:
        """True if added, False if it was already an ask channel."""
        async with self._db.write() as db:
            cur = await db.execute(
                "INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (guild_id, channel_id, to_db_time(now)),
            )
            return cur.rowcount > 0

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "DELETE FROM ask_channels WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
            )
            return cur.rowcount > 0

    async def ask_channels(self, guild_id: int) -> list[int]:
        rows = await self._db.fetch_all(
            "SELECT channel_id FROM ask_channels WHERE guild_id = ? ORDER BY added_at, channel_id",
            (guild_id,),
        )
        return [r[0] for r in rows]

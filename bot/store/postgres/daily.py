"""Daily question posts in PostgreSQL (same rules as ``bot.store.daily``): at most one post per
guild and server-local day, ``UNIQUE(guild_id, local_date)``."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.clock import as_utc

from ..records import DailyPostRecord
from .database import PgDatabase, Record, rowcount


def daily_post_from_row(row: Record) -> DailyPostRecord:
    return DailyPostRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        local_date=row["local_date"],
        question_id=row["question_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        posted_at=row["posted_at"],
        revealed_at=row["revealed_at"],
    )


class PgDailyStore:
    """Implements ``DailyStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def create_daily_post(
        self,
        *,
        guild_id: int,
        local_date: date,
        question_id: str,
        channel_id: int,
        now: datetime,
        next_run_at: datetime | None,
    ) -> tuple[DailyPostRecord, bool]:
        """(post, created) and the guild's next run, atomically; see ``SqliteDailyStore``."""
        async with self._db.write() as con:
            status = await con.execute(
                """INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at)
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, local_date) DO NOTHING""",
                guild_id,
                local_date,
                question_id,
                channel_id,
                as_utc(now),
            )
            if next_run_at is not None:
                await con.execute(
                    "UPDATE guild_settings SET next_run_at = $1 WHERE guild_id = $2",
                    as_utc(next_run_at),
                    guild_id,
                )
            row = await con.fetchrow(
                "SELECT * FROM daily_posts WHERE guild_id = $1 AND local_date = $2", guild_id, local_date
            )
        assert row is not None
        return daily_post_from_row(row), rowcount(status) > 0

    async def get_daily_post(self, post_id: int) -> DailyPostRecord | None:
        row = await self._db.fetch_one("SELECT * FROM daily_posts WHERE id = $1", post_id)
        return daily_post_from_row(row) if row else None

    async def daily_post_for_date(self, guild_id: int, day: date) -> DailyPostRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM daily_posts WHERE guild_id = $1 AND local_date = $2", guild_id, day
        )
        return daily_post_from_row(row) if row else None

    async def set_daily_message(self, post_id: int, message_id: int) -> None:
        await self._db.execute("UPDATE daily_posts SET message_id = $1 WHERE id = $2", message_id, post_id)

    async def daily_posts(self, guild_id: int) -> list[DailyPostRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM daily_posts WHERE guild_id = $1 ORDER BY local_date, id", guild_id
        )
        return [daily_post_from_row(r) for r in rows]

    async def daily_question_history(self, guild_id: int) -> list[str]:
        rows = await self._db.fetch_all(
            "SELECT question_id FROM daily_posts WHERE guild_id = $1 ORDER BY local_date, id", guild_id
        )
        return [r[0] for r in rows]

    async def unrevealed_daily_posts(self) -> list[tuple[DailyPostRecord, bool]]:
        """(post, superseded) for every unrevealed post; superseded = the guild has a newer post."""
        rows = await self._db.fetch_all(
            """SELECT d.*, EXISTS (SELECT 1 FROM daily_posts n WHERE n.guild_id = d.guild_id
                                     AND n.local_date > d.local_date) AS superseded
               FROM daily_posts d WHERE d.revealed_at IS NULL ORDER BY d.posted_at, d.id"""
        )
        return [(daily_post_from_row(r), bool(r["superseded"])) for r in rows]

    async def unsent_daily_posts(self) -> list[DailyPostRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM daily_posts WHERE message_id IS NULL AND revealed_at IS NULL ORDER BY id"
        )
        return [daily_post_from_row(r) for r in rows]

    async def mark_daily_revealed(self, post_id: int, now: datetime) -> bool:
        """Close a daily post to answers; False if it was closed already."""
        touched = await self._db.execute(
            "UPDATE daily_posts SET revealed_at = $1 WHERE id = $2 AND revealed_at IS NULL",
            as_utc(now),
            post_id,
        )
        return touched > 0

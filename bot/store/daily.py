"""Daily question posts in SQLite.

A guild gets at most one post per server-local day: ``UNIQUE(guild_id, local_date)``.
"""

from __future__ import annotations

from datetime import date, datetime

from .database import Database, Row, from_db_time, from_db_time_or_none, query_one, to_db_time
from .records import DailyPostRecord


def daily_post_from_row(row: Row) -> DailyPostRecord:
    return DailyPostRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        local_date=date.fromisoformat(row["local_date"]),
        question_id=row["question_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        posted_at=from_db_time(row["posted_at"]),
        revealed_at=from_db_time_or_none(row["revealed_at"]),
    )


class SqliteDailyStore:
    """Implements ``DailyStore``."""

    def __init__(self, database: Database) -> None:
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
        """Create the guild's post for ``local_date`` and store its next run, atomically.

        Returns (post, created).  If the day already has a post (UNIQUE(guild, local_date))
        that post is returned with created=False; ``next_run_at`` is stored either way.
        """
        async with self._db.write() as db:
            cur = await db.execute(
                """INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, local_date) DO NOTHING""",
                (guild_id, local_date.isoformat(), question_id, channel_id, to_db_time(now)),
            )
            created = cur.rowcount > 0
            if next_run_at is not None:
                await db.execute(
                    "UPDATE guild_settings SET next_run_at = ? WHERE guild_id = ?",
                    (to_db_time(next_run_at), guild_id),
                )
            row = await query_one(
                db,
                "SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?",
                (guild_id, local_date.isoformat()),
            )
        assert row is not None  # inserted (or found) just above, in the same transaction
        return daily_post_from_row(row), created

    async def get_daily_post(self, post_id: int) -> DailyPostRecord | None:
        row = await self._db.fetch_one("SELECT * FROM daily_posts WHERE id = ?", (post_id,))
        return daily_post_from_row(row) if row else None

    async def daily_post_for_date(self, guild_id: int, day: date) -> DailyPostRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?", (guild_id, day.isoformat())
        )
        return daily_post_from_row(row) if row else None

    async def set_daily_message(self, post_id: int, message_id: int) -> None:
        async with self._db.write() as db:
            await db.execute("UPDATE daily_posts SET message_id = ? WHERE id = ?", (message_id, post_id))

    async def daily_posts(self, guild_id: int) -> list[DailyPostRecord]:
        """The guild's daily posts, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM daily_posts WHERE guild_id = ? ORDER BY local_date, id", (guild_id,)
        )
        return [daily_post_from_row(r) for r in rows]

    async def daily_question_history(self, guild_id: int) -> list[str]:
        """Question ids of the guild's daily posts, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT question_id FROM daily_posts WHERE guild_id = ? ORDER BY local_date, id", (guild_id,)
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
        """Posts created but never sent (no message id) and not revealed."""
        rows = await self._db.fetch_all(
            "SELECT * FROM daily_posts WHERE message_id IS NULL AND revealed_at IS NULL ORDER BY id"
        )
        return [daily_post_from_row(r) for r in rows]

    async def mark_daily_revealed(self, post_id: int, now: datetime) -> bool:
        """Close a daily post to answers; False if it was closed already."""
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE daily_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL",
                (to_db_time(now), post_id),
            )
            return cur.rowcount > 0

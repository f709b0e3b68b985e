"""Question reports and retired questions in PostgreSQL (same rules as ``bot.store.reports``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.clock import as_utc

from ..records import QuestionReport, ReportCount
from .database import PgDatabase


class PgReportsStore:
    """Implements ``ReportsStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def save_report(
        self, guild_id: int, question_id: str, user_id: int, reason: str, now: datetime
    ) -> bool:
        # xmax = 0 only on a freshly inserted row: tells a new report from a replaced one.
        row = await self._db.fetch_one(
            """INSERT INTO question_reports (guild_id, question_id, user_id, reason, reported_at)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (guild_id, question_id, user_id) DO UPDATE
                   SET reason = EXCLUDED.reason, reported_at = EXCLUDED.reported_at
               RETURNING (xmax = 0) AS created""",
            guild_id,
            question_id,
            user_id,
            reason,
            as_utc(now),
        )
        return bool(row and row["created"])

    async def report_counts(self, guild_id: int, limit: int) -> list[ReportCount]:
        rows = await self._db.fetch_all(
            """SELECT question_id, COUNT(*) AS n, MAX(reported_at) AS latest FROM question_reports
               WHERE guild_id = $1 GROUP BY question_id
               ORDER BY n DESC, latest DESC, question_id COLLATE "C" LIMIT $2""",
            guild_id,
            limit,
        )
        return [ReportCount(r["question_id"], int(r["n"]), r["latest"]) for r in rows]

    async def guild_reports(self, guild_id: int, question_ids: Sequence[str]) -> list[QuestionReport]:
        rows = await self._db.fetch_all(
            """SELECT * FROM question_reports WHERE guild_id = $1 AND question_id = ANY($2::text[])
               ORDER BY reported_at DESC, user_id""",
            guild_id,
            list(question_ids),
        )
        return [
            QuestionReport(r["guild_id"], r["question_id"], r["user_id"], r["reason"], r["reported_at"])
            for r in rows
        ]

    async def retire_question(self, guild_id: int, question_id: str, now: datetime) -> bool:
        touched = await self._db.execute(
            """INSERT INTO retired_questions (guild_id, question_id, retired_at) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING""",
            guild_id,
            question_id,
            as_utc(now),
        )
        return touched > 0

    async def restore_question(self, guild_id: int, question_id: str) -> bool:
        touched = await self._db.execute(
            "DELETE FROM retired_questions WHERE guild_id = $1 AND question_id = $2", guild_id, question_id
        )
        return touched > 0

    async def retired_questions(self, guild_id: int) -> frozenset[str]:
        rows = await self._db.fetch_all(
            "SELECT question_id FROM retired_questions WHERE guild_id = $1", guild_id
        )
        return frozenset(r["question_id"] for r in rows)

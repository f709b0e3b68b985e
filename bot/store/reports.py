"""Question reports and retired questions in SQLite (``ReportsStore``).

One report per member, question and server (the table's primary key): reporting again replaces
the reason and time.  A retired question is a row of ``retired_questions`` for that server.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .database import Database, Row, from_db_time, to_db_time
from .records import QuestionReport, ReportCount


def report_from_row(row: Row) -> QuestionReport:
    return QuestionReport(
        guild_id=row["guild_id"],
        question_id=row["question_id"],
        user_id=row["user_id"],
        reason=row["reason"],
        reported_at=from_db_time(row["reported_at"]),
    )


class SqliteReportsStore:
    """Implements ``ReportsStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def save_report(
        self, guild_id: int, question_id: str, user_id: int, reason: str, now: datetime
    ) -> bool:
        key = (guild_id, question_id, user_id)
        async with self._db.write() as db:
            cur = await db.execute(
                """UPDATE question_reports SET reason = ?, reported_at = ?
                   WHERE guild_id = ? AND question_id = ? AND user_id = ?""",
                (reason, to_db_time(now), *key),
            )
            if cur.rowcount > 0:
                return False
            await db.execute(
                """INSERT INTO question_reports (guild_id, question_id, user_id, reason, reported_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (*key, reason, to_db_time(now)),
            )
            return True

    async def report_counts(self, guild_id: int, limit: int) -> list[ReportCount]:
        rows = await self._db.fetch_all(
            """SELECT question_id, COUNT(*) AS n, MAX(reported_at) AS latest FROM question_reports
               WHERE guild_id = ? GROUP BY question_id ORDER BY n DESC, latest DESC, question_id
               LIMIT ?""",
            (guild_id, limit),
        )
        return [ReportCount(r["question_id"], int(r["n"]), from_db_time(r["latest"])) for r in rows]

    async def guild_reports(self, guild_id: int, question_ids: Sequence[str]) -> list[QuestionReport]:
        if not question_ids:
            return []
        marks = ", ".join("?" for _ in question_ids)
        rows = await self._db.fetch_all(
            f"""SELECT * FROM question_reports WHERE guild_id = ? AND question_id IN ({marks})
                ORDER BY reported_at DESC, user_id""",
            (guild_id, *question_ids),
        )
        return [report_from_row(r) for r in rows]

    async def retire_question(self, guild_id: int, question_id: str, now: datetime) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                """INSERT INTO retired_questions (guild_id, question_id, retired_at) VALUES (?, ?, ?)
                   ON CONFLICT DO NOTHING""",
                (guild_id, question_id, to_db_time(now)),
            )
            return cur.rowcount > 0

    async def restore_question(self, guild_id: int, question_id: str) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "DELETE FROM retired_questions WHERE guild_id = ? AND question_id = ?",
                (guild_id, question_id),
            )
            return cur.rowcount > 0

    async def retired_questions(self, guild_id: int) -> frozenset[str]:
        rows = await self._db.fetch_all(
            "SELECT question_id FROM retired_questions WHERE guild_id = ?", (guild_id,)
        )
        return frozenset(r["question_id"] for r in rows)

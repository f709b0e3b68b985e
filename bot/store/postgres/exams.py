"""Mock exam attempts in PostgreSQL (same rules as ``bot.store.exams``)."""

from __future__ import annotations

from datetime import datetime

import asyncpg
from asyncpg import Record

from bot.core.clock import as_utc

from ..exam_records import (
    ExamAttemptRecord,
    ExamItemRecord,
    ExamStatus,
    ExamStep,
    NewExamAttempt,
    item_from_row,
    to_millis,
)
from .database import PgDatabase, rowcount


def attempt_from_row(row: Record) -> ExamAttemptRecord:
    return ExamAttemptRecord(
        id=row["id"],
        user_id=row["user_id"],
        exam=row["exam"],
        length=row["length"],
        started_at=row["started_at"],
        deadline=row["deadline"],
        submitted_at=row["submitted_at"],
        position=row["position"],
        shown_at=row["shown_at"],
        status=row["status"],
        channel_id=row["channel_id"],
        notified=bool(row["notified"]),
    )


class PgExamsStore:
    """Implements ``ExamsStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def create_attempt(self, new: NewExamAttempt) -> ExamAttemptRecord | None:
        try:
            async with self._db.write() as con:
                row = await con.fetchrow(
                    """INSERT INTO exam_attempts (user_id, exam, length, started_at, deadline, shown_at,
                                                  channel_id) VALUES ($1, $2, $3, $4, $5, $4, $6)
                       RETURNING *""",
                    new.user_id,
                    new.exam,
                    len(new.items),
                    as_utc(new.started_at),
                    as_utc(new.deadline),
                    new.channel_id,
                )
                assert row is not None
                await con.executemany(
                    """INSERT INTO exam_items (attempt_id, position, question_id, domain)
                       VALUES ($1, $2, $3, $4)""",
                    [(row["id"], i, qid, domain) for i, (qid, domain) in enumerate(new.items)],
                )
        except asyncpg.UniqueViolationError:
            return None
        return attempt_from_row(row)

    async def get_attempt(self, attempt_id: int) -> ExamAttemptRecord | None:
        row = await self._db.fetch_one("SELECT * FROM exam_attempts WHERE id = $1", attempt_id)
        return attempt_from_row(row) if row else None

    async def active_attempt(self, user_id: int) -> ExamAttemptRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM exam_attempts WHERE user_id = $1 AND status = 'active'", user_id
        )
        return attempt_from_row(row) if row else None

    async def items(self, attempt_id: int) -> list[ExamItemRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exam_items WHERE attempt_id = $1 ORDER BY position", attempt_id
        )
        return [item_from_row(r) for r in rows]

    async def step(self, attempt_id: int, step: ExamStep) -> bool:
        async with self._db.write() as con:
            moved = rowcount(
                await con.execute(
                    """UPDATE exam_attempts SET position = $1, shown_at = $2
                       WHERE id = $3 AND status = 'active' AND position = $4""",
                    step.to_position,
                    as_utc(step.now),
                    attempt_id,
                    step.position,
                )
            )
            if moved == 0:
                return False
            await con.execute(
                """UPDATE exam_items SET millis = millis + $1, chosen = COALESCE($2, chosen),
                                         flagged = COALESCE($3, flagged)
                   WHERE attempt_id = $4 AND position = $5""",
                to_millis(step.seconds),
                step.chosen,
                step.flagged,
                attempt_id,
                step.position,
            )
            return True

    async def finish(
        self, attempt_id: int, status: ExamStatus, now: datetime, seconds: float
    ) -> ExamAttemptRecord | None:
        async with self._db.write() as con:
            row = await con.fetchrow(
                """UPDATE exam_attempts SET status = $1, submitted_at = $2
                   WHERE id = $3 AND status = 'active' RETURNING *""",
                status,
                as_utc(now),
                attempt_id,
            )
            if row is None:
                return None
            await con.execute(
                "UPDATE exam_items SET millis = millis + $1 WHERE attempt_id = $2 AND position = $3",
                to_millis(seconds),
                attempt_id,
                row["position"],
            )
        return attempt_from_row(row)

    async def expired_attempts(self, now: datetime) -> list[ExamAttemptRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exam_attempts WHERE status = 'active' AND deadline <= $1 ORDER BY id",
            as_utc(now),
        )
        return [attempt_from_row(r) for r in rows]

    async def finished_attempts(
        self, user_id: int, exam: str | None = None, limit: int = 20
    ) -> list[ExamAttemptRecord]:
        rows = await self._db.fetch_all(
            """SELECT * FROM exam_attempts WHERE user_id = $1 AND status != 'active'
               AND ($2::text IS NULL OR exam = $2) ORDER BY started_at DESC, id DESC LIMIT $3""",
            user_id,
            exam,
            limit,
        )
        return [attempt_from_row(r) for r in rows]

    async def recent_questions(self, user_id: int, exam: str, attempts: int) -> dict[str, datetime]:
        rows = await self._db.fetch_all(
            """SELECT i.question_id, MAX(a.started_at) AS seen FROM exam_items i
               JOIN (SELECT id, started_at FROM exam_attempts WHERE user_id = $1 AND exam = $2
                     ORDER BY started_at DESC, id DESC LIMIT $3) a ON a.id = i.attempt_id
               GROUP BY i.question_id""",
            user_id,
            exam,
            attempts,
        )
        return {r["question_id"]: r["seen"] for r in rows}

    async def unnotified_timeouts(self) -> list[ExamAttemptRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exam_attempts WHERE status = 'timed_out' AND NOT notified ORDER BY id"
        )
        return [attempt_from_row(r) for r in rows]

    async def mark_notified(self, attempt_id: int) -> bool:
        touched = await self._db.execute(
            "UPDATE exam_attempts SET notified = TRUE WHERE id = $1 AND NOT notified", attempt_id
        )
        return touched > 0

    async def forget_member(self, user_id: int) -> int:
        async with self._db.write() as con:
            await con.execute(
                """DELETE FROM exam_items
                   WHERE attempt_id IN (SELECT id FROM exam_attempts WHERE user_id = $1)""",
                user_id,
            )
            return rowcount(await con.execute("DELETE FROM exam_attempts WHERE user_id = $1", user_id))

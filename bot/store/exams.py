"""Mock exam attempts in SQLite (``ExamsStore``, see ``exam_records``).

The partial unique index ``exam_attempts_one_active`` keeps one active attempt per member;
every move is conditioned on the attempt still being active and at the expected question, so a
double click or a second process cannot apply a move twice.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from .database import Database, Row, from_db_time, from_db_time_or_none, query_one, to_db_time
from .exam_records import (
    ExamAttemptRecord,
    ExamItemRecord,
    ExamStatus,
    ExamStep,
    NewExamAttempt,
    item_from_row,
    to_millis,
)


def attempt_from_row(row: Row) -> ExamAttemptRecord:
    return ExamAttemptRecord(
        id=row["id"],
        user_id=row["user_id"],
        exam=row["exam"],
        length=row["length"],
        started_at=from_db_time(row["started_at"]),
        deadline=from_db_time(row["deadline"]),
        submitted_at=from_db_time_or_none(row["submitted_at"]),
        position=row["position"],
        shown_at=from_db_time(row["shown_at"]),
        status=row["status"],
        channel_id=row["channel_id"],
        notified=bool(row["notified"]),
    )


class SqliteExamsStore:
    """Implements ``ExamsStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def create_attempt(self, new: NewExamAttempt) -> ExamAttemptRecord | None:
        try:
            async with self._db.write() as db:
                cur = await db.execute(
                    """INSERT INTO exam_attempts (user_id, exam, length, started_at, deadline, shown_at,
                                                  channel_id) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (
                        new.user_id,
                        new.exam,
                        len(new.items),
                        to_db_time(new.started_at),
                        to_db_time(new.deadline),
                        to_db_time(new.started_at),
                        new.channel_id,
                    ),
                )
                attempt_id = cur.lastrowid
                await db.executemany(
                    """INSERT INTO exam_items (attempt_id, position, question_id, domain)
                       VALUES (?, ?, ?, ?)""",
                    [(attempt_id, i, qid, domain) for i, (qid, domain) in enumerate(new.items)],
                )
                row = await query_one(db, "SELECT * FROM exam_attempts WHERE id = ?", (attempt_id,))
        except sqlite3.IntegrityError:
            return None
        assert row is not None  # inserted just above, in the same transaction
        return attempt_from_row(row)

    async def get_attempt(self, attempt_id: int) -> ExamAttemptRecord | None:
        row = await self._db.fetch_one("SELECT * FROM exam_attempts WHERE id = ?", (attempt_id,))
        return attempt_from_row(row) if row else None

    async def active_attempt(self, user_id: int) -> ExamAttemptRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM exam_attempts WHERE user_id = ? AND status = 'active'", (user_id,)
        )
        return attempt_from_row(row) if row else None

    async def items(self, attempt_id: int) -> list[ExamItemRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exam_items WHERE attempt_id = ? ORDER BY position", (attempt_id,)
        )
        return [item_from_row(r) for r in rows]

    async def step(self, attempt_id: int, step: ExamStep) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                """UPDATE exam_attempts SET position = ?, shown_at = ?
                   WHERE id = ? AND status = 'active' AND position = ?""",
                (step.to_position, to_db_time(step.now), attempt_id, step.position),
            )
            if cur.rowcount == 0:
                return False
            await db.execute(
                """UPDATE exam_items SET millis = millis + ?, chosen = COALESCE(?, chosen),
                                         flagged = COALESCE(?, flagged)
                   WHERE attempt_id = ? AND position = ?""",
                (to_millis(step.seconds), step.chosen, step.flagged, attempt_id, step.position),
            )
            return True

    async def finish(
        self, attempt_id: int, status: ExamStatus, now: datetime, seconds: float
    ) -> ExamAttemptRecord | None:
        async with self._db.write() as db:
            cur = await db.execute(
                """UPDATE exam_attempts SET status = ?, submitted_at = ?
                   WHERE id = ? AND status = 'active'""",
                (status, to_db_time(now), attempt_id),
            )
            if cur.rowcount == 0:
                return None
            await db.execute(
                """UPDATE exam_items SET millis = millis + ? WHERE attempt_id = ?
                   AND position = (SELECT position FROM exam_attempts WHERE id = ?)""",
                (to_millis(seconds), attempt_id, attempt_id),
            )
            row = await query_one(db, "SELECT * FROM exam_attempts WHERE id = ?", (attempt_id,))
        return attempt_from_row(row) if row else None

    async def expired_attempts(self, now: datetime) -> list[ExamAttemptRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exam_attempts WHERE status = 'active' AND deadline <= ? ORDER BY id",
            (to_db_time(now),),
        )
        return [attempt_from_row(r) for r in rows]

    async def finished_attempts(
        self, user_id: int, exam: str | None = None, limit: int = 20
    ) -> list[ExamAttemptRecord]:
        rows = await self._db.fetch_all(
            """SELECT * FROM exam_attempts WHERE user_id = ? AND status != 'active'
               AND (? IS NULL OR exam = ?) ORDER BY started_at DESC, id DESC LIMIT ?""",
            (user_id, exam, exam, limit),
        )
        return [attempt_from_row(r) for r in rows]

    async def recent_questions(self, user_id: int, exam: str, attempts: int) -> dict[str, datetime]:
        rows = await self._db.fetch_all(
            """SELECT i.question_id, MAX(a.started_at) AS seen FROM exam_items i
               JOIN (SELECT id, started_at FROM exam_attempts WHERE user_id = ? AND exam = ?
                     ORDER BY started_at DESC, id DESC LIMIT ?) a ON a.id = i.attempt_id
               GROUP BY i.question_id""",
            (user_id, exam, attempts),
        )
        return {r["question_id"]: from_db_time(r["seen"]) for r in rows}

    async def unnotified_timeouts(self) -> list[ExamAttemptRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exam_attempts WHERE status = 'timed_out' AND notified = 0 ORDER BY id"
        )
        return [attempt_from_row(r) for r in rows]

    async def mark_notified(self, attempt_id: int) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE exam_attempts SET notified = 1 WHERE id = ? AND notified = 0", (attempt_id,)
            )
            return cur.rowcount > 0

    async def forget_member(self, user_id: int) -> int:
        async with self._db.write() as db:
            await db.execute(
                "DELETE FROM exam_items WHERE attempt_id IN (SELECT id FROM exam_attempts WHERE user_id = ?)",
                (user_id,),
            )
            cur = await db.execute("DELETE FROM exam_attempts WHERE user_id = ?", (user_id,))
            return cur.rowcount

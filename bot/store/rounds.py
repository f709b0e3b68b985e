"""Channel quiz rounds and their posted questions in SQLite.

One active round per channel is the database's rule (a partial unique index), so two starts
racing in one channel can never both win.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import cast

from bot.core.rounds.rules import FinishReason

from .database import Database, Row, from_db_time, from_db_time_or_none, query_all, query_one, to_db_time
from .interface import Advance
from .records import NewRound, RoundQuestionRecord, RoundRecord, RoundStatus


def round_from_row(row: Row) -> RoundRecord:
    return RoundRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        starter_id=row["starter_id"],
        exam=row["exam"],
        domain=row["domain"],
        bank=row["bank"],
        seconds=row["seconds"],
        question_ids=tuple(json.loads(row["question_ids"])),
        current_index=row["current_index"],
        status=cast(RoundStatus, row["status"]),
        unanswered_streak=row["unanswered_streak"],
        finish_reason=cast(FinishReason | None, row["finish_reason"]),
        started_at=from_db_time(row["started_at"]),
        finished_at=from_db_time_or_none(row["finished_at"]),
    )


def round_question_from_row(row: Row) -> RoundQuestionRecord:
    return RoundQuestionRecord(
        id=row["id"],
        round_id=row["round_id"],
        index=row["idx"],
        question_id=row["question_id"],
        message_id=row["message_id"],
        posted_at=from_db_time(row["posted_at"]),
        deadline=from_db_time(row["deadline"]),
        revealed=bool(row["revealed"]),
        revealed_at=from_db_time_or_none(row["revealed_at"]),
    )


class SqliteRoundsStore:
    """Implements ``RoundsStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def create_round(self, new: NewRound) -> RoundRecord | None:
        """A new active round, or None if the channel already has an active one."""
        try:
            async with self._db.write() as db:
                cur = await db.execute(
                    """INSERT INTO rounds (guild_id, channel_id, starter_id, exam, domain, bank, seconds,
                                           question_ids, started_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        new.guild_id,
                        new.channel_id,
                        new.starter_id,
                        new.exam,
                        new.domain,
                        new.bank,
                        new.seconds,
                        json.dumps(list(new.question_ids)),
                        to_db_time(new.started_at),
                    ),
                )
                row = await query_one(db, "SELECT * FROM rounds WHERE id = ?", (cur.lastrowid,))
        except sqlite3.IntegrityError:
            return None
        assert row is not None  # inserted just above, in the same transaction
        return round_from_row(row)

    async def get_round(self, round_id: int) -> RoundRecord | None:
        row = await self._db.fetch_one("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return round_from_row(row) if row else None

    async def active_round_in_channel(self, channel_id: int) -> RoundRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM rounds WHERE channel_id = ? AND status = 'active'", (channel_id,)
        )
        return round_from_row(row) if row else None

    async def active_rounds(self, guild_id: int | None = None) -> list[RoundRecord]:
        if guild_id is None:
            rows = await self._db.fetch_all("SELECT * FROM rounds WHERE status = 'active' ORDER BY id")
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM rounds WHERE status = 'active' AND guild_id = ? ORDER BY id", (guild_id,)
            )
        return [round_from_row(r) for r in rows]

    async def get_round_question(self, rq_id: int) -> RoundQuestionRecord | None:
        row = await self._db.fetch_one("SELECT * FROM round_questions WHERE id = ?", (rq_id,))
        return round_question_from_row(row) if row else None

    async def round_question_at(self, round_id: int, index: int) -> RoundQuestionRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM round_questions WHERE round_id = ? AND idx = ?", (round_id, index)
        )
        return round_question_from_row(row) if row else None

    async def latest_round_question(self, round_id: int) -> RoundQuestionRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM round_questions WHERE round_id = ? ORDER BY idx DESC LIMIT 1", (round_id,)
        )
        return round_question_from_row(row) if row else None

    async def create_round_question(
        self,
        *,
        round_id: int,
        index: int,
        question_id: str,
        posted_at: datetime,
        deadline: datetime,
        message_id: int | None,
    ) -> tuple[RoundQuestionRecord, bool]:
        """Record that question ``index`` of a round was posted; returns (record, created).

        Idempotent: if the question was already posted the existing record is returned
        (its message id is filled in when it had none).
        """
        async with self._db.write() as db:
            cur = await db.execute(
                """INSERT INTO round_questions (round_id, idx, question_id, message_id, posted_at, deadline)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, idx) DO NOTHING""",
                (round_id, index, question_id, message_id, to_db_time(posted_at), to_db_time(deadline)),
            )
            created = cur.rowcount > 0
            if not created and message_id is not None:
                await db.execute(
                    "UPDATE round_questions SET message_id = ? WHERE round_id = ? AND idx = ? "
                    "AND message_id IS NULL",
                    (message_id, round_id, index),
                )
            row = await query_one(
                db, "SELECT * FROM round_questions WHERE round_id = ? AND idx = ?", (round_id, index)
            )
        assert row is not None  # inserted (or found) just above, in the same transaction
        return round_question_from_row(row), created

    async def set_round_question_message(self, rq_id: int, message_id: int) -> None:
        async with self._db.write() as db:
            await db.execute("UPDATE round_questions SET message_id = ? WHERE id = ?", (message_id, rq_id))

    async def reveal_round_question(
        self, rq_id: int, now: datetime, advance: Advance
    ) -> tuple[bool, RoundRecord | None]:
        """Mark a question revealed and move its round on, atomically.

        Returns (revealed_now, round after); ``revealed_now`` is False if it was revealed
        already (the round is then left alone), and the round is None for an unknown question.
        """
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE round_questions SET revealed = 1, revealed_at = ? WHERE id = ? AND revealed = 0",
                (to_db_time(now), rq_id),
            )
            rq_row = await query_one(db, "SELECT * FROM round_questions WHERE id = ?", (rq_id,))
            if rq_row is None:
                return False, None
            rnd_row = await query_one(db, "SELECT * FROM rounds WHERE id = ?", (rq_row["round_id"],))
            assert rnd_row is not None  # round_questions.round_id is a foreign key
            rnd = round_from_row(rnd_row)
            if cur.rowcount == 0:
                return False, rnd
            count_row = await query_one(
                db, "SELECT COUNT(*) FROM answers WHERE round_question_id = ?", (rq_id,)
            )
            count = int(count_row[0]) if count_row else 0
            if rnd.active and rnd.current_index == rq_row["idx"]:
                step = advance(rnd, round_question_from_row(rq_row), count)
                await db.execute(
                    """UPDATE rounds SET current_index = ?, unanswered_streak = ?,
                           status = CASE WHEN ? THEN 'finished' ELSE status END,
                           finish_reason = CASE WHEN ? THEN ? ELSE finish_reason END,
                           finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                       WHERE id = ?""",
                    (
                        step.next_index,
                        step.unanswered_streak,
                        step.finished,
                        step.finished,
                        step.reason,
                        step.finished,
                        to_db_time(now),
                        rnd.id,
                    ),
                )
                rnd_row = await query_one(db, "SELECT * FROM rounds WHERE id = ?", (rnd.id,))
                assert rnd_row is not None
                rnd = round_from_row(rnd_row)
        return True, rnd

    async def finish_round(
        self, round_id: int, reason: FinishReason, now: datetime
    ) -> tuple[bool, list[int]]:
        """Finish an active round and close its open question(s).

        Returns (finished_now, ids of round questions closed by this call).
        """
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE rounds SET status = 'finished', finish_reason = ?, finished_at = ? "
                "WHERE id = ? AND status = 'active'",
                (reason, to_db_time(now), round_id),
            )
            if cur.rowcount == 0:
                return False, []
            rows = await query_all(
                db, "SELECT id FROM round_questions WHERE round_id = ? AND revealed = 0", (round_id,)
            )
            await db.execute(
                "UPDATE round_questions SET revealed = 1, revealed_at = ? "
                "WHERE round_id = ? AND revealed = 0",
                (to_db_time(now), round_id),
            )
        return True, [r[0] for r in rows]

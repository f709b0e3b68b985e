"""Channel quiz rounds and their posted questions in PostgreSQL (same rules as ``bot.store.rounds``).

One active round per channel is the partial unique index ``rounds_one_active_per_channel``.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import asyncpg

from bot.core.clock import as_utc
from bot.core.rounds.rules import FinishReason

from ..interface import Advance
from ..records import NewRound, RoundQuestionRecord, RoundRecord, RoundStatus
from .database import PgDatabase, Record, rowcount


def round_from_row(row: Record) -> RoundRecord:
    return RoundRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        starter_id=row["starter_id"],
        exam=row["exam"],
        domain=row["domain"],
        bank=row["bank"],
        seconds=row["seconds"],
        question_ids=tuple(row["question_ids"]),
        current_index=row["current_index"],
        status=cast(RoundStatus, row["status"]),
        unanswered_streak=row["unanswered_streak"],
        finish_reason=cast(FinishReason | None, row["finish_reason"]),
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def round_question_from_row(row: Record) -> RoundQuestionRecord:
    return RoundQuestionRecord(
        id=row["id"],
        round_id=row["round_id"],
        index=row["idx"],
        question_id=row["question_id"],
        message_id=row["message_id"],
        posted_at=row["posted_at"],
        deadline=row["deadline"],
        revealed=row["revealed"],
        revealed_at=row["revealed_at"],
    )


class PgRoundsStore:
    """Implements ``RoundsStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def create_round(self, new: NewRound) -> RoundRecord | None:
        """A new active round, or None if the channel already has an active one."""
        try:
            async with self._db.write() as con:
                row = await con.fetchrow(
                    """INSERT INTO rounds (guild_id, channel_id, starter_id, exam, domain, bank, seconds,
                                           question_ids, started_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *""",
                    new.guild_id,
                    new.channel_id,
                    new.starter_id,
                    new.exam,
                    new.domain,
                    new.bank,
                    new.seconds,
                    list(new.question_ids),
                    as_utc(new.started_at),
                )
        except asyncpg.UniqueViolationError:
            return None
        assert row is not None
        return round_from_row(row)

    async def get_round(self, round_id: int) -> RoundRecord | None:
        row = await self._db.fetch_one("SELECT * FROM rounds WHERE id = $1", round_id)
        return round_from_row(row) if row else None

    async def active_round_in_channel(self, channel_id: int) -> RoundRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM rounds WHERE channel_id = $1 AND status = 'active'", channel_id
        )
        return round_from_row(row) if row else None

    async def active_rounds(self, guild_id: int | None = None) -> list[RoundRecord]:
        if guild_id is None:
            rows = await self._db.fetch_all("SELECT * FROM rounds WHERE status = 'active' ORDER BY id")
        else:
            rows = await self._db.fetch_all(
                "SELECT * FROM rounds WHERE status = 'active' AND guild_id = $1 ORDER BY id", guild_id
            )
        return [round_from_row(r) for r in rows]

    async def get_round_question(self, rq_id: int) -> RoundQuestionRecord | None:
        row = await self._db.fetch_one("SELECT * FROM round_questions WHERE id = $1", rq_id)
        return round_question_from_row(row) if row else None

    async def round_question_at(self, round_id: int, index: int) -> RoundQuestionRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM round_questions WHERE round_id = $1 AND idx = $2", round_id, index
        )
        return round_question_from_row(row) if row else None

    async def latest_round_question(self, round_id: int) -> RoundQuestionRecord | None:
        row = await self._db.fetch_one(
            "SELECT * FROM round_questions WHERE round_id = $1 ORDER BY idx DESC LIMIT 1", round_id
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
        """(record, created); idempotent per (round, index), filling a missing message id.

        The usual case, a new question, is one statement on its own (atomic and committed
        by itself, so no BEGIN and COMMIT round trips); only a repeat takes a transaction."""
        row = await self._db.fetch_one(
            """INSERT INTO round_questions (round_id, idx, question_id, message_id, posted_at, deadline)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (round_id, idx) DO NOTHING RETURNING *""",
            round_id,
            index,
            question_id,
            message_id,
            as_utc(posted_at),
            as_utc(deadline),
        )
        if row is not None:
            return round_question_from_row(row), True
        async with self._db.write() as con:
            if message_id is not None:
                await con.execute(
                    "UPDATE round_questions SET message_id = $1 WHERE round_id = $2 AND idx = $3 "
                    "AND message_id IS NULL",
                    message_id,
                    round_id,
                    index,
                )
            row = await con.fetchrow(
                "SELECT * FROM round_questions WHERE round_id = $1 AND idx = $2", round_id, index
            )
        assert row is not None
        return round_question_from_row(row), False

    async def set_round_question_message(self, rq_id: int, message_id: int) -> None:
        await self._db.execute("UPDATE round_questions SET message_id = $1 WHERE id = $2", message_id, rq_id)

    async def reveal_round_question(
        self, rq_id: int, now: datetime, advance: Advance
    ) -> tuple[bool, RoundRecord | None]:
        """(revealed now, round after), atomically; see ``SqliteRoundsStore``."""
        async with self._db.write() as con:
            # The UPDATE locks the question: answers still being inserted (they hold it FOR
            # SHARE) commit first, so the count below sees every accepted answer.
            rq_row = await con.fetchrow(
                "UPDATE round_questions SET revealed = TRUE, revealed_at = $1 WHERE id = $2 AND NOT revealed "
                "RETURNING *",
                as_utc(now),
                rq_id,
            )
            revealed_now = rq_row is not None
            if not revealed_now:
                rq_row = await con.fetchrow("SELECT * FROM round_questions WHERE id = $1", rq_id)
            if rq_row is None:
                return False, None
            if not revealed_now:
                rnd_row = await con.fetchrow(
                    "SELECT * FROM rounds WHERE id = $1 FOR UPDATE", rq_row["round_id"]
                )
                assert rnd_row is not None
                return False, round_from_row(rnd_row)
            # One statement after the UPDATE: its snapshot holds every accepted answer (any wait
            # for the round's lock cannot let a new answer in: this transaction holds the question).
            rnd_row = await con.fetchrow(
                """SELECT r.*, (SELECT COUNT(*) FROM answers WHERE round_question_id = $2) AS answers_count
                   FROM rounds r WHERE r.id = $1 FOR UPDATE OF r""",
                rq_row["round_id"],
                rq_id,
            )
            assert rnd_row is not None
            rnd = round_from_row(rnd_row)
            count = int(rnd_row["answers_count"])
            if rnd.active and rnd.current_index == rq_row["idx"]:
                step = advance(rnd, round_question_from_row(rq_row), count)
                rnd_row = await con.fetchrow(
                    """UPDATE rounds SET current_index = $1, unanswered_streak = $2,
                           status = CASE WHEN $3 THEN 'finished' ELSE status END,
                           finish_reason = CASE WHEN $3 THEN $4 ELSE finish_reason END,
                           finished_at = CASE WHEN $3 THEN $5 ELSE finished_at END
                       WHERE id = $6 RETURNING *""",
                    step.next_index,
                    step.unanswered_streak,
                    step.finished,
                    step.reason,
                    as_utc(now),
                    rnd.id,
                )
                assert rnd_row is not None
                rnd = round_from_row(rnd_row)
        return True, rnd

    async def finish_round(
        self, round_id: int, reason: FinishReason, now: datetime
    ) -> tuple[bool, list[int]]:
        """(finished now, ids of the round questions this closed)."""
        async with self._db.write() as con:
            status = await con.execute(
                "UPDATE rounds SET status = 'finished', finish_reason = $1, finished_at = $2 "
                "WHERE id = $3 AND status = 'active'",
                reason,
                as_utc(now),
                round_id,
            )
            if rowcount(status) == 0:
                return False, []
            rows = await con.fetch(
                "UPDATE round_questions SET revealed = TRUE, revealed_at = $1 "
                "WHERE round_id = $2 AND NOT revealed RETURNING id",
                as_utc(now),
                round_id,
            )
        return True, sorted(r[0] for r in rows)

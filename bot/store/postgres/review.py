"""Spaced-review cards in PostgreSQL (same rules as ``bot.store.review``).

A member's review writes take a transaction-scoped advisory lock on the member, so a
read-change-write of a card (a new one included) and the reading of new answers run one at a
time per member, whichever process serves them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.core.clock import as_utc
from bot.core.review import Answered, CardState

from ..interface import CardChange
from .database import PgDatabase

REVIEW_LOCK = 0x52455649  # advisory lock class "REVI"; the second key is the member's
_INSERT = """INSERT INTO review_cards
                 (user_id, question_id, fsrs, due_at, lapses, reps, created_at, last_review)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"""
_UPSERT = f"""{_INSERT} ON CONFLICT (user_id, question_id) DO UPDATE SET
                 fsrs = EXCLUDED.fsrs, due_at = EXCLUDED.due_at, lapses = EXCLUDED.lapses,
                 reps = EXCLUDED.reps, last_review = EXCLUDED.last_review"""


_NEW_ANSWERS = """SELECT a.id, a.question_id, a.correct, a.answered_at, rq.posted_at FROM answers a
                  LEFT JOIN round_questions rq ON rq.id = a.round_question_id
                  WHERE a.user_id = $1 AND a.id > $2 ORDER BY a.id"""


def _card(row: Any) -> CardState:
    return CardState(
        row["question_id"],
        row["fsrs"],
        row["due_at"],
        row["lapses"],
        row["reps"],
        row["created_at"],
        row["last_review"],
    )


def _params(user_id: int, card: CardState) -> tuple[Any, ...]:
    last = as_utc(card.last_review) if card.last_review is not None else None
    return (
        user_id,
        card.question_id,
        card.fsrs,
        as_utc(card.due_at),
        card.lapses,
        card.reps,
        as_utc(card.created_at),
        last,
    )


async def _lock_member(con: Any, user_id: int) -> None:
    await con.execute("SELECT pg_advisory_xact_lock($1, hashtext($2::bigint::text))", REVIEW_LOCK, user_id)


class PgReviewStore:
    """Implements ``ReviewStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def card(self, user_id: int, question_id: str) -> CardState | None:
        row = await self._db.fetch_one(
            "SELECT * FROM review_cards WHERE user_id = $1 AND question_id = $2", user_id, question_id
        )
        return _card(row) if row else None

    async def change_card(
        self, user_id: int, question_id: str, change: CardChange
    ) -> tuple[CardState | None, CardState | None]:
        async with self._db.write() as con:
            await _lock_member(con, user_id)
            row = await con.fetchrow(
                "SELECT * FROM review_cards WHERE user_id = $1 AND question_id = $2", user_id, question_id
            )
            before = _card(row) if row else None
            after = change(before)
            if after is None:
                return before, before
            await con.execute(_UPSERT, *_params(user_id, after))
            return before, after

    async def due_cards(self, user_id: int, now: datetime, limit: int) -> list[CardState]:
        rows = await self._db.fetch_all(
            """SELECT * FROM review_cards WHERE user_id = $1 AND due_at <= $2
               ORDER BY due_at, lapses DESC, question_id COLLATE "C" LIMIT $3""",
            user_id,
            as_utc(now),
            limit,
        )
        return [_card(r) for r in rows]

    async def due_count(self, user_id: int, now: datetime) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM review_cards WHERE user_id = $1 AND due_at <= $2", user_id, as_utc(now)
        )
        return int(row[0]) if row else 0

    async def next_due_at(self, user_id: int) -> datetime | None:
        row = await self._db.fetch_one("SELECT MIN(due_at) FROM review_cards WHERE user_id = $1", user_id)
        return row[0] if row else None

    async def sync_answers(
        self, user_id: int, apply: Callable[[CardState | None, Answered], CardState | None], now: datetime
    ) -> int:
        async with self._db.write() as con:
            await _lock_member(con, user_id)
            since = await con.fetchval("SELECT last_answer_id FROM review_sync WHERE user_id = $1", user_id)
            answers = await con.fetch(_NEW_ANSWERS, user_id, since or 0)
            if not answers:
                return 0
            rows = await con.fetch("SELECT * FROM review_cards WHERE user_id = $1", user_id)
            cards: dict[str, CardState | None] = {r["question_id"]: _card(r) for r in rows}
            changed: dict[str, CardState] = {}
            for answer in answers:
                qid = answer["question_id"]
                posted = answer["posted_at"]
                seconds = (answer["answered_at"] - posted).total_seconds() if posted is not None else None
                fact = Answered(qid, bool(answer["correct"]), answer["answered_at"], seconds)
                after = apply(cards.get(qid), fact)
                if after is not None:
                    cards[qid] = changed[qid] = after
            for card in changed.values():
                await con.execute(_UPSERT, *_params(user_id, card))
            await con.execute(
                """INSERT INTO review_sync (user_id, last_answer_id, synced_at) VALUES ($1, $2, $3)
                   ON CONFLICT (user_id) DO UPDATE SET
                       last_answer_id = EXCLUDED.last_answer_id, synced_at = EXCLUDED.synced_at""",
                user_id,
                int(answers[-1]["id"]),
                as_utc(now),
            )
            return len(changed)

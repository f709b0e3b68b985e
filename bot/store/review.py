"""Spaced-review cards in SQLite (``ReviewStore``).

Every write runs under ``BEGIN IMMEDIATE`` (one writer at a time), so a read-change-write of a
card and the reading of new answers never interleave with another write of the member's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.core.review import Answered, CardState

from .database import Database, Row, from_db_time, from_db_time_or_none, to_db_time
from .interface import CardChange

_INSERT = """INSERT INTO review_cards
                 (user_id, question_id, fsrs, due_at, lapses, reps, created_at, last_review)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
_UPSERT = f"""{_INSERT} ON CONFLICT (user_id, question_id) DO UPDATE SET
                 fsrs = excluded.fsrs, due_at = excluded.due_at, lapses = excluded.lapses,
                 reps = excluded.reps, last_review = excluded.last_review"""


# A quiz answer's time is counted from its question's posting; a daily answer's is unknown.
_NEW_ANSWERS = """SELECT a.id, a.question_id, a.correct, a.answered_at, rq.posted_at FROM answers a
                  LEFT JOIN round_questions rq ON rq.id = a.round_question_id
                  WHERE a.user_id = ? AND a.id > ? ORDER BY a.id"""


def card_from_row(row: Row) -> CardState:
    return CardState(
        question_id=row["question_id"],
        fsrs=row["fsrs"],
        due_at=from_db_time(row["due_at"]),
        lapses=row["lapses"],
        reps=row["reps"],
        created_at=from_db_time(row["created_at"]),
        last_review=from_db_time_or_none(row["last_review"]),
    )


def card_params(user_id: int, card: CardState) -> tuple[object, ...]:
    last = to_db_time(card.last_review) if card.last_review is not None else None
    return (
        user_id,
        card.question_id,
        card.fsrs,
        to_db_time(card.due_at),
        card.lapses,
        card.reps,
        to_db_time(card.created_at),
        last,
    )


class SqliteReviewStore:
    """Implements ``ReviewStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def card(self, user_id: int, question_id: str) -> CardState | None:
        row = await self._db.fetch_one(
            "SELECT * FROM review_cards WHERE user_id = ? AND question_id = ?", (user_id, question_id)
        )
        return card_from_row(row) if row else None

    async def change_card(
        self, user_id: int, question_id: str, change: CardChange
    ) -> tuple[CardState | None, CardState | None]:
        async with self._db.write() as db:
            async with db.execute(
                "SELECT * FROM review_cards WHERE user_id = ? AND question_id = ?", (user_id, question_id)
            ) as cur:
                row = await cur.fetchone()
            before = card_from_row(row) if row else None
            after = change(before)
            if after is None:
                return before, before
            await db.execute(_UPSERT, card_params(user_id, after))
            return before, after

    async def due_cards(self, user_id: int, now: datetime, limit: int) -> list[CardState]:
        rows = await self._db.fetch_all(
            """SELECT * FROM review_cards WHERE user_id = ? AND due_at <= ?
               ORDER BY due_at, lapses DESC, question_id LIMIT ?""",
            (user_id, to_db_time(now), limit),
        )
        return [card_from_row(r) for r in rows]

    async def due_count(self, user_id: int, now: datetime) -> int:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM review_cards WHERE user_id = ? AND due_at <= ?", (user_id, to_db_time(now))
        )
        return int(row[0]) if row else 0

    async def next_due_at(self, user_id: int) -> datetime | None:
        row = await self._db.fetch_one("SELECT MIN(due_at) FROM review_cards WHERE user_id = ?", (user_id,))
        return from_db_time_or_none(row[0]) if row else None

    async def sync_answers(
        self, user_id: int, apply: Callable[[CardState | None, Answered], CardState | None], now: datetime
    ) -> int:
        async with self._db.write() as db:
            async with db.execute(
                "SELECT last_answer_id FROM review_sync WHERE user_id = ?", (user_id,)
            ) as cur:
                row = await cur.fetchone()
            async with db.execute(_NEW_ANSWERS, (user_id, int(row[0]) if row else 0)) as cur:
                answers = list(await cur.fetchall())
            if not answers:
                return 0
            async with db.execute("SELECT * FROM review_cards WHERE user_id = ?", (user_id,)) as cur:
                cards: dict[str, CardState | None] = {
                    r["question_id"]: card_from_row(r) for r in await cur.fetchall()
                }
            changed: dict[str, CardState] = {}
            for answer in answers:
                qid = answer["question_id"]
                after = apply(cards.get(qid), _answered(answer))
                if after is not None:
                    cards[qid] = changed[qid] = after
            for card in changed.values():
                await db.execute(_UPSERT, card_params(user_id, card))
            await db.execute(
                """INSERT INTO review_sync (user_id, last_answer_id, synced_at) VALUES (?, ?, ?)
                   ON CONFLICT (user_id) DO UPDATE SET
                       last_answer_id = excluded.last_answer_id, synced_at = excluded.synced_at""",
                (user_id, int(answers[-1]["id"]), to_db_time(now)),
            )
            return len(changed)


def _answered(row: Row) -> Answered:
    answered_at = from_db_time(row["answered_at"])
    posted = row["posted_at"]
    seconds = (answered_at - from_db_time(posted)).total_seconds() if posted is not None else None
    return Answered(row["question_id"], bool(row["correct"]), answered_at, seconds)

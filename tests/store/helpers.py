"""Builders shared by the store tests."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg

from bot.core.rounds.rules import RoundAdvance
from bot.store import AnswerKind, AnswerOutcome, NewAnswer, NewRound, RoundQuestionRecord, RoundRecord, Store
from bot.store.database import Database, to_db_time

INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
"""What a constraint violation raises, on SQLite and on PostgreSQL."""

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NEXT_QUESTION = RoundAdvance(next_index=1, unanswered_streak=0, finished=False, reason=None)


def schema(path: Path) -> list[tuple[str, str, str]]:
    """(type, name, SQL with whitespace normalised) of every schema object."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
        return [(t, n, " ".join((s or "").split())) for t, n, s in rows]
    finally:
        con.close()


def new_round(
    channel: int = 10, guild: int = 1, qids: tuple[str, ...] = ("q1", "q2", "q3"), when=T0
) -> NewRound:
    return NewRound(
        guild_id=guild,
        channel_id=channel,
        starter_id=7,
        exam="CPC",
        domain=None,
        bank=None,
        seconds=30,
        question_ids=qids,
        started_at=when,
    )


async def make_round(store: Store, channel: int = 10, guild: int = 1, qids=("q1", "q2", "q3")) -> RoundRecord:
    rnd = await store.rounds.create_round(new_round(channel, guild, tuple(qids)))
    assert rnd is not None
    return rnd


async def make_rq(store: Store, round_id: int, index: int = 0, qid: str = "q1") -> RoundQuestionRecord:
    rq, _ = await store.rounds.create_round_question(
        round_id=round_id,
        index=index,
        question_id=qid,
        posted_at=T0,
        deadline=T0 + timedelta(seconds=30),
        message_id=None,
    )
    return rq


def new_answer(
    target_id: int,
    user: int,
    *,
    correct: bool = True,
    points: int = 12,
    kind: AnswerKind = "quiz",
    guild: int = 1,
    when: datetime = T0,
    domain: str = "cpc.anatomy",
) -> NewAnswer:
    return NewAnswer(
        kind=kind,
        target_id=target_id,
        guild_id=guild,
        user_id=user,
        user_name=f"user{user}",
        question_id="q1",
        domain=domain,
        choice=1,
        correct=correct,
        points=points,
        answered_at=when,
    )


async def answer(store: Store, target_id: int, user: int, **kw) -> AnswerOutcome:
    return await store.answers.record_answer(new_answer(target_id, user, **kw))


async def raw_write(store: Store, sql: str, *params: object) -> None:
    """One statement written straight to the database (``?`` placeholders, on either engine;
    on SQLite booleans become 0/1, datetimes UTC text and dates ISO text, as the store does)."""
    if isinstance(store.database, Database):
        values = [_sqlite_value(p) for p in params]
        async with store.database.write() as db:
            await db.execute(sql, values)
        return
    parts = sql.split("?")
    numbered = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))
    async with store.database.write() as con:
        await con.execute(numbered, *params)


def _sqlite_value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return to_db_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value

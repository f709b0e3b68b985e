"""Weak-area drills in PostgreSQL (same rules as ``bot.store.practice_drills``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg

from bot.core.clock import as_utc

from ..records import DrillAnswerRecord, DrillSessionRecord
from .database import PgDatabase

_SESSION = "SELECT * FROM drill_sessions"
START_TRIES = 5  # a member cannot press /drill more often than this at once


def _session(row: Any) -> DrillSessionRecord:
    return DrillSessionRecord(
        id=row["id"],
        user_id=row["user_id"],
        exam=row["exam"],
        domain=row["domain"],
        question_ids=tuple(row["question_ids"]),
        position=row["position"],
        started_at=row["started_at"],
        shown_at=row["shown_at"],
        finished_at=row["finished_at"],
    )


class PgDrillStore:
    """Implements ``DrillStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def start_drill(
        self, user_id: int, exam: str, domain: str, question_ids: Sequence[str], now: datetime
    ) -> tuple[DrillSessionRecord, int | None]:
        # Starts at once by one member can each insert a drill while the other's is not yet
        # committed: the loser sees the winner's committed drill on its next try and finishes it,
        # as SQLite's serialised writes do.
        for _ in range(START_TRIES - 1):
            try:
                return await self._start(user_id, exam, domain, question_ids, now)
            except asyncpg.UniqueViolationError:
                continue
        return await self._start(user_id, exam, domain, question_ids, now)

    async def _start(
        self, user_id: int, exam: str, domain: str, question_ids: Sequence[str], now: datetime
    ) -> tuple[DrillSessionRecord, int | None]:
        at = as_utc(now)
        async with self._db.write() as con:
            old = await con.fetchval(
                """UPDATE drill_sessions SET finished_at = $2 WHERE user_id = $1 AND finished_at IS NULL
                   RETURNING id""",
                user_id,
                at,
            )
            row = await con.fetchrow(
                """INSERT INTO drill_sessions (user_id, exam, domain, question_ids, started_at, shown_at)
                   VALUES ($1, $2, $3, $4, $5, $5) RETURNING *""",
                user_id,
                exam,
                domain,
                list(question_ids),
                at,
            )
        return _session(row), old

    async def get_drill(self, session_id: int) -> DrillSessionRecord | None:
        row = await self._db.fetch_one(f"{_SESSION} WHERE id = $1", session_id)
        return _session(row) if row else None

    async def active_drill(self, user_id: int) -> DrillSessionRecord | None:
        row = await self._db.fetch_one(f"{_SESSION} WHERE user_id = $1 AND finished_at IS NULL", user_id)
        return _session(row) if row else None

    async def record_drill_answer(self, answer: DrillAnswerRecord) -> DrillSessionRecord | None:
        async with self._db.write() as con:
            row = await con.fetchrow(
                """UPDATE drill_sessions SET position = position + 1
                   WHERE id = $1 AND position = $2 AND finished_at IS NULL RETURNING *""",
                answer.session_id,
                answer.position,
            )
            if row is None:
                return None
            await con.execute(
                """INSERT INTO drill_answers (session_id, position, question_id, domain, choice,
                                              correct, answered_at, seconds)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
                answer.session_id,
                answer.position,
                answer.question_id,
                answer.domain,
                answer.choice,
                answer.correct,
                as_utc(answer.answered_at),
                answer.seconds,
            )
        return _session(row)

    async def show_drill_question(self, session_id: int, position: int, now: datetime) -> None:
        await self._db.execute(
            """UPDATE drill_sessions SET shown_at = $3
               WHERE id = $1 AND position = $2 AND finished_at IS NULL""",
            session_id,
            position,
            as_utc(now),
        )

    async def finish_drill(self, session_id: int, now: datetime) -> bool:
        touched = await self._db.execute(
            "UPDATE drill_sessions SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL",
            session_id,
            as_utc(now),
        )
        return touched > 0

    async def drill_answers(self, session_id: int) -> list[DrillAnswerRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM drill_answers WHERE session_id = $1 ORDER BY position", session_id
        )
        return [
            DrillAnswerRecord(
                r["session_id"],
                r["position"],
                r["question_id"],
                r["domain"],
                r["choice"],
                r["correct"],
                r["answered_at"],
                r["seconds"],
            )
            for r in rows
        ]

    async def recent_results(
        self, user_id: int, domains: Sequence[str] | None, per_area: int, before: datetime | None = None
    ) -> dict[str, list[bool]]:
        if domains is not None and not domains:
            return {}
        # NULL filters mean "any": one statement for every combination.
        rows = await self._db.fetch_all(
            """SELECT domain, correct FROM (
                   SELECT domain, correct,
                          ROW_NUMBER() OVER (PARTITION BY domain ORDER BY answered_at DESC) AS n
                   FROM (SELECT domain, correct, answered_at FROM answers WHERE user_id = $1
                         UNION ALL
                         SELECT a.domain, a.correct, a.answered_at FROM drill_answers a
                         JOIN drill_sessions s ON s.id = a.session_id WHERE s.user_id = $1) AS given
                   WHERE ($2::text[] IS NULL OR domain = ANY($2::text[]))
                     AND ($3::timestamptz IS NULL OR answered_at < $3)) AS ranked
               WHERE n <= $4 ORDER BY domain COLLATE "C", n""",
            user_id,
            list(domains) if domains is not None else None,
            as_utc(before) if before is not None else None,
            per_area,
        )
        out: dict[str, list[bool]] = {}
        for r in rows:
            out.setdefault(r["domain"], []).append(bool(r["correct"]))
        return out

    async def recent_questions(self, user_id: int, limit: int) -> list[str]:
        rows = await self._db.fetch_all(
            """SELECT question_id, MAX(answered_at) AS latest FROM (
                   SELECT question_id, answered_at FROM answers WHERE user_id = $1
                   UNION ALL
                   SELECT a.question_id, a.answered_at FROM drill_answers a
                   JOIN drill_sessions s ON s.id = a.session_id WHERE s.user_id = $1) AS given
               GROUP BY question_id ORDER BY latest DESC, question_id COLLATE "C" LIMIT $2""",
            user_id,
            limit,
        )
        return [r["question_id"] for r in rows]

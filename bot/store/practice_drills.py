"""Weak-area drills in SQLite (``DrillStore``), and a member's recent results per exam area.

An answer is recorded at the drill's current position and moves the position on in the same
transaction, so a second click on the same question records nothing. Recent results read the
member's quiz and daily answers (``answers``, read-only here) beside their drill answers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from .database import Database, Row, from_db_time, from_db_time_or_none, to_db_time
from .records import DrillAnswerRecord, DrillSessionRecord

_SESSION = "SELECT * FROM drill_sessions"


def session_from_row(row: Row) -> DrillSessionRecord:
    return DrillSessionRecord(
        id=row["id"],
        user_id=row["user_id"],
        exam=row["exam"],
        domain=row["domain"],
        question_ids=tuple(json.loads(row["question_ids"])),
        position=row["position"],
        started_at=from_db_time(row["started_at"]),
        shown_at=from_db_time(row["shown_at"]),
        finished_at=from_db_time_or_none(row["finished_at"]),
    )


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class SqliteDrillStore:
    """Implements ``DrillStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def start_drill(
        self, user_id: int, exam: str, domain: str, question_ids: Sequence[str], now: datetime
    ) -> tuple[DrillSessionRecord, int | None]:
        at = to_db_time(now)
        async with self._db.write() as db:
            async with db.execute(
                "SELECT id FROM drill_sessions WHERE user_id = ? AND finished_at IS NULL", (user_id,)
            ) as cur:
                old = await cur.fetchone()
            if old is not None:
                await db.execute("UPDATE drill_sessions SET finished_at = ? WHERE id = ?", (at, old["id"]))
            cur = await db.execute(
                """INSERT INTO drill_sessions (user_id, exam, domain, question_ids, started_at, shown_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (user_id, exam, domain, json.dumps(list(question_ids)), at, at),
            )
            async with db.execute(f"{_SESSION} WHERE id = ?", (cur.lastrowid,)) as cur2:
                row = await cur2.fetchone()
        assert row is not None
        return session_from_row(row), (old["id"] if old is not None else None)

    async def get_drill(self, session_id: int) -> DrillSessionRecord | None:
        row = await self._db.fetch_one(f"{_SESSION} WHERE id = ?", (session_id,))
        return session_from_row(row) if row else None

    async def active_drill(self, user_id: int) -> DrillSessionRecord | None:
        row = await self._db.fetch_one(f"{_SESSION} WHERE user_id = ? AND finished_at IS NULL", (user_id,))
        return session_from_row(row) if row else None

    async def record_drill_answer(self, answer: DrillAnswerRecord) -> DrillSessionRecord | None:
        async with self._db.write() as db:
            cur = await db.execute(
                """UPDATE drill_sessions SET position = position + 1
                   WHERE id = ? AND position = ? AND finished_at IS NULL""",
                (answer.session_id, answer.position),
            )
            if cur.rowcount == 0:
                return None
            await db.execute(
                """INSERT INTO drill_answers (session_id, position, question_id, domain, choice,
                                              correct, answered_at, seconds)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    answer.session_id,
                    answer.position,
                    answer.question_id,
                    answer.domain,
                    answer.choice,
                    int(answer.correct),
                    to_db_time(answer.answered_at),
                    answer.seconds,
                ),
            )
            async with db.execute(f"{_SESSION} WHERE id = ?", (answer.session_id,)) as cur2:
                row = await cur2.fetchone()
        return session_from_row(row) if row else None

    async def show_drill_question(self, session_id: int, position: int, now: datetime) -> None:
        async with self._db.write() as db:
            await db.execute(
                """UPDATE drill_sessions SET shown_at = ?
                   WHERE id = ? AND position = ? AND finished_at IS NULL""",
                (to_db_time(now), session_id, position),
            )

    async def finish_drill(self, session_id: int, now: datetime) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE drill_sessions SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                (to_db_time(now), session_id),
            )
            return cur.rowcount > 0

    async def drill_answers(self, session_id: int) -> list[DrillAnswerRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM drill_answers WHERE session_id = ? ORDER BY position", (session_id,)
        )
        return [
            DrillAnswerRecord(
                r["session_id"],
                r["position"],
                r["question_id"],
                r["domain"],
                r["choice"],
                bool(r["correct"]),
                from_db_time(r["answered_at"]),
                r["seconds"],
            )
            for r in rows
        ]

    async def recent_results(
        self, user_id: int, domains: Sequence[str] | None, per_area: int, before: datetime | None = None
    ) -> dict[str, list[bool]]:
        if domains is not None and not domains:
            return {}
        params: list[object] = []  # the same filter on both sources
        if domains is not None:
            params += list(domains)
        if before is not None:
            params.append(to_db_time(before))

        def where(p: str) -> str:
            text = f" AND {p}domain IN ({_marks(domains)})" if domains is not None else ""
            return text + (f" AND {p}answered_at < ?" if before is not None else "")

        rows = await self._db.fetch_all(
            f"""SELECT domain, correct FROM (
                    SELECT domain, correct,
                           ROW_NUMBER() OVER (PARTITION BY domain ORDER BY answered_at DESC) AS n
                    FROM (SELECT domain, correct, answered_at FROM answers WHERE user_id = ?{where("")}
                          UNION ALL
                          SELECT a.domain, a.correct, a.answered_at FROM drill_answers a
                          JOIN drill_sessions s ON s.id = a.session_id
                          WHERE s.user_id = ?{where("a.")}))
                WHERE n <= ? ORDER BY domain, n""",
            (user_id, *params, user_id, *params, per_area),
        )
        out: dict[str, list[bool]] = {}
        for r in rows:
            out.setdefault(r["domain"], []).append(bool(r["correct"]))
        return out

    async def recent_questions(self, user_id: int, limit: int) -> list[str]:
        rows = await self._db.fetch_all(
            """SELECT question_id, MAX(answered_at) AS latest FROM (
                   SELECT question_id, answered_at FROM answers WHERE user_id = ?
                   UNION ALL
                   SELECT a.question_id, a.answered_at FROM drill_answers a
                   JOIN drill_sessions s ON s.id = a.session_id WHERE s.user_id = ?)
               GROUP BY question_id ORDER BY latest DESC, question_id LIMIT ?""",
            (user_id, user_id, limit),
        )
        return [r["question_id"] for r in rows]

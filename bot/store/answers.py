"""Answers in SQLite, and the scores computed from them (leaderboards, member counts, round
standings).

Double answers are refused by the database: ``UNIQUE(user_id, round_question_id)`` and
``UNIQUE(user_id, daily_post_id)``.  Answers are written by group commit: a burst of clicks
shares a few transactions, and each caller returns once its own answer is durable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from .database import Connection, Database, Row, from_db_time, query_one, to_db_time
from .records import (
    AnswerKind,
    AnswerOutcome,
    AnswerRecord,
    AnswerStatus,
    DailyStreakRow,
    DomainCount,
    MemberCounts,
    NewAnswer,
    ScoreRow,
)

ANSWER_BATCH = 256  # answers committed in one transaction at most

# Per kind: the column naming the target, and "is the target still open" (the insert's guard).
_TARGET = {
    "quiz": ("round_question_id", "SELECT 1 FROM round_questions WHERE id = ? AND revealed = 0"),
    "daily": ("daily_post_id", "SELECT 1 FROM daily_posts WHERE id = ? AND revealed_at IS NULL"),
}
# The answers to the questions of a round before a given one (params: round id, index).
_EARLIER = (
    "FROM answers a JOIN round_questions rq ON rq.id = a.round_question_id "
    "WHERE rq.round_id = ? AND rq.idx < ?"
)
_EXISTS = {
    "quiz": "SELECT 1 FROM round_questions WHERE id = ?",
    "daily": "SELECT 1 FROM daily_posts WHERE id = ?",
}


def answer_from_row(row: Row) -> AnswerRecord:
    return AnswerRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        user_name=row["user_name"],
        kind=cast(AnswerKind, row["kind"]),
        round_question_id=row["round_question_id"],
        daily_post_id=row["daily_post_id"],
        question_id=row["question_id"],
        domain=row["domain"],
        choice=row["choice"],
        correct=bool(row["correct"]),
        points=row["points"],
        answered_at=from_db_time(row["answered_at"]),
    )


async def _insert_answer(db: Connection, new: NewAnswer) -> AnswerOutcome:
    # The open check and the insert are one statement inside the transaction, and the UNIQUE
    # constraints decide duplicates, so concurrent clicks can never count twice.
    column, still_open = _TARGET[new.kind]
    stamp = to_db_time(new.answered_at)
    cur = await db.execute(
        f"""INSERT INTO answers (guild_id, user_id, user_name, kind, {column}, question_id,
                                 domain, choice, correct, points, answered_at)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({still_open})
            ON CONFLICT DO NOTHING""",
        (
            new.guild_id,
            new.user_id,
            new.user_name,
            new.kind,
            new.target_id,
            new.question_id,
            new.domain,
            new.choice,
            int(bool(new.correct)),
            new.points,
            stamp,
            new.target_id,
        ),
    )
    if cur.rowcount > 0:
        assert cur.lastrowid is not None
        record = AnswerRecord(
            id=cur.lastrowid,
            guild_id=new.guild_id,
            user_id=new.user_id,
            user_name=new.user_name,
            kind=new.kind,
            round_question_id=new.target_id if new.kind == "quiz" else None,
            daily_post_id=new.target_id if new.kind == "daily" else None,
            question_id=new.question_id,
            domain=new.domain,
            choice=new.choice,
            correct=bool(new.correct),
            points=new.points,
            answered_at=from_db_time(stamp),
        )
        return AnswerOutcome(AnswerStatus.ACCEPTED, record)
    row = await query_one(
        db, f"SELECT * FROM answers WHERE user_id = ? AND {column} = ?", (new.user_id, new.target_id)
    )
    if row is not None:
        return AnswerOutcome(AnswerStatus.DUPLICATE, answer_from_row(row))
    exists = await query_one(db, _EXISTS[new.kind], (new.target_id,))
    return AnswerOutcome(AnswerStatus.MISSING if exists is None else AnswerStatus.CLOSED, None)


async def _insert_answers(db: Connection, batch: list[NewAnswer]) -> list[AnswerOutcome]:
    # One statement per answer: each sees the answers inserted before it in the batch.
    return [await _insert_answer(db, new) for new in batch]


class SqliteAnswersStore:
    """Implements ``AnswersStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._writer = database.group_commit(_insert_answers, ANSWER_BATCH)

    async def record_answer(self, new: NewAnswer) -> AnswerOutcome:
        """Insert one answer, committed before returning.

        ACCEPTED with the new record, DUPLICATE with the member's earlier answer, CLOSED when
        the question was revealed already, MISSING for an unknown target.  Answers arriving
        while another batch is being written are committed together (group commit): a burst
        of clicks costs a few fsyncs, not hundreds.
        """
        if new.kind not in _TARGET:
            raise ValueError(f"bad answer kind {new.kind!r}")
        return await self._writer.submit(new)

    async def answers_for_round_question(self, rq_id: int) -> list[AnswerRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM answers WHERE round_question_id = ? ORDER BY answered_at, id", (rq_id,)
        )
        return [answer_from_row(r) for r in rows]

    async def answers_for_daily_post(self, post_id: int) -> list[AnswerRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM answers WHERE daily_post_id = ? ORDER BY answered_at, id", (post_id,)
        )
        return [answer_from_row(r) for r in rows]

    async def count_answers(self, guild_id: int | None = None) -> int:
        if guild_id is None:
            row = await self._db.fetch_one("SELECT COUNT(*) FROM answers")
        else:
            row = await self._db.fetch_one("SELECT COUNT(*) FROM answers WHERE guild_id = ?", (guild_id,))
        return int(row[0]) if row else 0

    async def round_waiting_on(self, round_id: int, index: int, rq_id: int) -> tuple[int, int]:
        """(members who answered an earlier question of the round, how many of them have
        not answered round question ``rq_id`` yet) - for the early-reveal rule."""
        row = await self._db.fetch_one(
            """SELECT COUNT(*),
                      COALESCE(SUM(NOT EXISTS (SELECT 1 FROM answers b
                                               WHERE b.round_question_id = ? AND b.user_id = p.user_id)), 0)
               FROM (SELECT DISTINCT a.user_id FROM answers a
                     JOIN round_questions rq ON rq.id = a.round_question_id
                     WHERE rq.round_id = ? AND rq.idx < ?) AS p""",
            (rq_id, round_id, index),
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def round_waiting_on_any(self, round_id: int, index: int, rq_id: int) -> tuple[bool, bool]:
        """(did anyone answer an earlier question of the round, is any of them still missing
        from round question ``rq_id``): ``round_waiting_on`` as yes/no, for the early-reveal rule
        after every answer.  Each stops at its first row, so a question most members have not
        answered yet costs a few index look-ups, not a scan of the round."""
        row = await self._db.fetch_one(
            f"""SELECT EXISTS (SELECT 1 {_EARLIER}),
                       EXISTS (SELECT 1 {_EARLIER} AND NOT EXISTS (SELECT 1 FROM answers b
                                   WHERE b.round_question_id = ? AND b.user_id = a.user_id))""",
            (round_id, index, round_id, index, rq_id),
        )
        return (bool(row[0]), bool(row[1])) if row else (False, False)

    async def member_daily_answers(self, guild_id: int, user_id: int) -> dict[int, bool]:
        """{daily post id: answered correctly} for one member."""
        rows = await self._db.fetch_all(
            "SELECT daily_post_id, correct FROM answers "
            "WHERE guild_id = ? AND user_id = ? AND kind = 'daily'",
            (guild_id, user_id),
        )
        return {r[0]: bool(r[1]) for r in rows}

    async def daily_streak_rows(self, guild_id: int, user_id: int) -> list[DailyStreakRow]:
        """Every daily post of the guild, oldest first, with the member's answer to it: read in
        one query, so no process keeps a post list another process could make stale."""
        rows = await self._db.fetch_all(
            """SELECT d.id, d.revealed_at IS NULL, a.correct
               FROM daily_posts d
               LEFT JOIN answers a ON a.daily_post_id = d.id AND a.user_id = ?
               WHERE d.guild_id = ? ORDER BY d.local_date, d.id""",
            (user_id, guild_id),
        )
        return [DailyStreakRow(r[0], bool(r[1]), None if r[2] is None else bool(r[2])) for r in rows]

    # ----------------------------------------------------------------- scores

    async def round_standings_rows(self, round_id: int) -> list[ScoreRow]:
        """Score rows of one round (unordered; ranking is the core's job)."""
        rows = await self._db.fetch_all(
            """SELECT a.user_id,
                      (SELECT a2.user_name FROM answers a2
                        JOIN round_questions rq2 ON rq2.id = a2.round_question_id
                        WHERE rq2.round_id = ? AND a2.user_id = a.user_id
                        ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1),
                      SUM(a.points), SUM(a.correct), COUNT(*)
               FROM answers a JOIN round_questions rq ON rq.id = a.round_question_id
               WHERE rq.round_id = ? GROUP BY a.user_id""",
            (round_id, round_id),
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None, kind: AnswerKind | None, limit: int = 10
    ) -> list[ScoreRow]:
        """Score rows from ``since`` (None = all time) of one kind (None = both), best first:
        points, then correct answers, then fewer answers."""
        where = ["guild_id = ?"]
        params: list[Any] = [guild_id]
        if since is not None:
            where.append("answered_at >= ?")
            params.append(to_db_time(since))
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        cond = " AND ".join(where)
        rows = await self._db.fetch_all(
            f"""SELECT user_id, SUM(points) AS points, SUM(correct) AS correct, COUNT(*) AS answered,
                       (SELECT a2.user_name FROM answers a2 WHERE a2.guild_id = a.guild_id
                          AND a2.user_id = a.user_id ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1) AS name
                FROM answers a WHERE {cond}
                GROUP BY user_id
                ORDER BY points DESC, correct DESC, answered ASC, user_id ASC
                LIMIT ?""",
            (*params, int(limit)),
        )
        return [(r["user_id"], r["name"], r["points"], r["correct"], r["answered"]) for r in rows]

    async def member_counts(self, guild_id: int, user_id: int) -> MemberCounts:
        """Answered / correct / points overall and per domain for one member of a guild."""
        rows = await self._db.fetch_all(
            """SELECT domain, COUNT(*), SUM(correct), SUM(points) FROM answers
               WHERE guild_id = ? AND user_id = ? GROUP BY domain ORDER BY domain""",
            (guild_id, user_id),
        )
        domains = tuple(DomainCount(r[0], r[1], r[2]) for r in rows)
        return MemberCounts(
            answered=sum(d.answered for d in domains),
            correct=sum(d.correct for d in domains),
            points=sum(r[3] for r in rows),
            domains=domains,
        )

"""Answers in PostgreSQL, and the scores computed from them (same rules as ``bot.store.answers``).

Double answers are refused by ``UNIQUE(user_id, round_question_id)`` and
``UNIQUE(user_id, daily_post_id)`` with ``ON CONFLICT DO NOTHING``; late answers by the insert's
guard, which reads the open question ``FOR SHARE``: a reveal (an UPDATE of that row) waits for
answers being inserted, and an answer waiting on a reveal sees it committed and is refused.
Answers arriving together are written by one INSERT in one transaction (group commit), each
caller returning once that transaction is committed (``synchronous_commit`` on).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any, cast

from bot.core.clock import as_utc

from ..records import (
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
from .database import Connection, PgDatabase, Record

ANSWER_BATCH = 256  # answers committed in one transaction at most
PARTICIPANTS_KEPT = 1024  # rounds whose earlier participants are kept (early-reveal check)

# Per kind: the column naming the target, its table, and "is the target still open" (on ``t``).
_TARGET = {
    "quiz": ("round_question_id", "round_questions", "NOT t.revealed"),
    "daily": ("daily_post_id", "daily_posts", "t.revealed_at IS NULL"),
}


def answer_from_row(row: Record) -> AnswerRecord:
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
        correct=row["correct"],
        points=row["points"],
        answered_at=row["answered_at"],
    )


async def _insert_answers(con: Connection, batch: list[NewAnswer]) -> list[AnswerOutcome]:
    """The outcomes of ``batch``, in order: one INSERT per kind of answer in it, then one look-up
    for the answers it did not take (an earlier answer, or a closed or unknown target)."""
    outcomes: list[AnswerOutcome | None] = [None] * len(batch)
    for kind in _TARGET:
        positions = [i for i, new in enumerate(batch) if new.kind == kind]
        if positions:
            for i, outcome in zip(
                positions, await _insert_kind(con, kind, [batch[i] for i in positions]), strict=True
            ):
                outcomes[i] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


async def _insert_kind(con: Connection, kind: str, batch: list[NewAnswer]) -> list[AnswerOutcome]:
    # The open guard reads each target FOR SHARE: a reveal (an UPDATE of it) waits for this
    # transaction, and a batch waiting on a reveal re-checks the guard and takes nothing.  The
    # UNIQUE constraints decide duplicates, within the batch too (the first in order wins).
    column, table, still_open = _TARGET[kind]
    rows = await con.fetch(
        f"""INSERT INTO answers (guild_id, user_id, user_name, kind, {column}, question_id,
                                 domain, choice, correct, points, answered_at)
            SELECT n.guild_id, n.user_id, n.user_name, $11::text, t.id, n.question_id,
                   n.domain, n.choice, n.correct, n.points, n.answered_at
            FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[],
                        $7::int[], $8::boolean[], $9::int[], $10::timestamptz[]) WITH ORDINALITY
                 AS n(guild_id, user_id, user_name, target_id, question_id, domain, choice, correct,
                      points, answered_at, ord)
            JOIN {table} t ON t.id = n.target_id AND {still_open}
            ORDER BY n.ord
            FOR SHARE OF t
            ON CONFLICT DO NOTHING RETURNING *""",
        [new.guild_id for new in batch],
        [new.user_id for new in batch],
        [new.user_name for new in batch],
        [new.target_id for new in batch],
        [new.question_id for new in batch],
        [new.domain for new in batch],
        [new.choice for new in batch],
        [bool(new.correct) for new in batch],
        [new.points for new in batch],
        [as_utc(new.answered_at) for new in batch],
        kind,
    )
    taken = {(row["user_id"], row[column]): row for row in rows}
    outcomes: list[AnswerOutcome | None] = []
    for new in batch:
        row = taken.pop((new.user_id, new.target_id), None)
        outcomes.append(None if row is None else AnswerOutcome(AnswerStatus.ACCEPTED, answer_from_row(row)))
    refused = [new for new, outcome in zip(batch, outcomes, strict=True) if outcome is None]
    if refused:
        lookup = await _refusals(con, column, table, refused)
        outcomes = [
            lookup[(new.user_id, new.target_id)] if o is None else o
            for new, o in zip(batch, outcomes, strict=True)
        ]
    return [outcome for outcome in outcomes if outcome is not None]


async def _refusals(
    con: Connection, column: str, table: str, refused: list[NewAnswer]
) -> dict[tuple[int, int], AnswerOutcome]:
    """Why each answer was not taken: DUPLICATE (with the earlier answer), CLOSED or MISSING."""
    earlier = await con.fetch(
        f"""SELECT * FROM answers WHERE ({column}, user_id) IN
                (SELECT * FROM unnest($1::bigint[], $2::bigint[]))""",
        [new.target_id for new in refused],
        [new.user_id for new in refused],
    )
    found = {(row["user_id"], row[column]): row for row in earlier}
    existing = {
        row[0]
        for row in await con.fetch(
            f"SELECT id FROM {table} WHERE id = ANY($1::bigint[])", [new.target_id for new in refused]
        )
    }
    out: dict[tuple[int, int], AnswerOutcome] = {}
    for new in refused:
        key = (new.user_id, new.target_id)
        if key in found:
            out[key] = AnswerOutcome(AnswerStatus.DUPLICATE, answer_from_row(found[key]))
        else:
            out[key] = AnswerOutcome(
                AnswerStatus.CLOSED if new.target_id in existing else AnswerStatus.MISSING, None
            )
    return out


class PgAnswersStore:
    """Implements ``AnswersStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database
        self._writer = database.group_commit(_insert_answers, ANSWER_BATCH)
        # round id -> (question index, members who answered a question before it)
        self._participants: OrderedDict[int, tuple[int, list[int]]] = OrderedDict()

    async def record_answer(self, new: NewAnswer) -> AnswerOutcome:
        """ACCEPTED / DUPLICATE / CLOSED / MISSING, committed before returning.

        Answers arriving while another batch is being written are committed together (group
        commit, one INSERT for the batch): a burst of clicks costs a few transactions.
        """
        if new.kind not in _TARGET:
            raise ValueError(f"bad answer kind {new.kind!r}")
        return await self._writer.submit(new)

    async def answers_for_round_question(self, rq_id: int) -> list[AnswerRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM answers WHERE round_question_id = $1 ORDER BY answered_at, id", rq_id
        )
        return [answer_from_row(r) for r in rows]

    async def answers_for_daily_post(self, post_id: int) -> list[AnswerRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM answers WHERE daily_post_id = $1 ORDER BY answered_at, id", post_id
        )
        return [answer_from_row(r) for r in rows]

    async def count_answers(self, guild_id: int | None = None) -> int:
        if guild_id is None:
            row = await self._db.fetch_one("SELECT COUNT(*) FROM answers")
        else:
            row = await self._db.fetch_one("SELECT COUNT(*) FROM answers WHERE guild_id = $1", guild_id)
        return int(row[0]) if row else 0

    async def round_waiting_on(self, round_id: int, index: int, rq_id: int) -> tuple[int, int]:
        """(members who answered an earlier question of the round, how many of them have
        not answered round question ``rq_id`` yet)."""
        row = await self._db.fetch_one(
            """SELECT COUNT(*),
                      COUNT(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM answers b
                                       WHERE b.round_question_id = $1 AND b.user_id = p.user_id))
               FROM (SELECT DISTINCT a.user_id FROM answers a
                     JOIN round_questions rq ON rq.id = a.round_question_id
                     WHERE rq.round_id = $2 AND rq.idx < $3) AS p""",
            rq_id,
            round_id,
            index,
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def round_waiting_on_any(self, round_id: int, index: int, rq_id: int) -> tuple[bool, bool]:
        """``round_waiting_on`` as yes/no, exact, for the early-reveal rule after every answer.

        "Nobody is missing" (the answer that reveals early) used to read every earlier answer
        of the round, a scan that grew with the round.  Now the members kept by
        ``_earlier_participants`` (a superset of the earlier participants) are counted among
        this question's answers first: all there means nobody is missing.  Otherwise the scan
        decides, stopping at the first member missing (the server evaluates the ELSE branch's
        subquery only when it is reached), so a member whose answers were deleted since
        (``/forget-me``) is not waited for."""
        members = await self._earlier_participants(round_id, index)
        earlier = (
            "FROM answers a JOIN round_questions rq ON rq.id = a.round_question_id "
            "WHERE rq.round_id = $1 AND rq.idx < $2"
        )
        row = await self._db.fetch_one(
            f"""SELECT EXISTS (SELECT 1 {earlier}),
                       CASE WHEN (SELECT COUNT(*) FROM answers c WHERE c.round_question_id = $3
                                  AND c.user_id = ANY($4::bigint[])) = cardinality($4::bigint[])
                            THEN FALSE
                            ELSE EXISTS (SELECT 1 {earlier} AND NOT EXISTS (SELECT 1 FROM answers b
                                             WHERE b.round_question_id = $3 AND b.user_id = a.user_id))
                       END""",
            round_id,
            index,
            rq_id,
            members,
        )
        return (bool(row[0]), bool(row[1])) if row else (False, False)

    async def _earlier_participants(self, round_id: int, index: int) -> list[int]:
        """Every member who answered a question of the round before ``index``, maybe more.

        Kept per round and extended one question at a time, once every earlier question is
        revealed (read in the same statement): a revealed question takes no more answers, so
        the true set can only shrink (answers deleted), never grow, and the kept one stays a
        superset of it."""
        kept = self._participants.get(round_id)
        if kept and kept[0] == index:
            self._participants.move_to_end(round_id)
            return kept[1]
        start, users = (index - 1, set(kept[1])) if kept and kept[0] == index - 1 else (0, set())
        row = await self._db.fetch_one(
            """SELECT ARRAY(SELECT DISTINCT a.user_id FROM answers a
                            JOIN round_questions rq ON rq.id = a.round_question_id
                            WHERE rq.round_id = $1 AND rq.idx >= $2 AND rq.idx < $3),
                      NOT EXISTS (SELECT 1 FROM round_questions
                                  WHERE round_id = $1 AND idx >= $2 AND idx < $3 AND NOT revealed)""",
            round_id,
            start,
            index,
        )
        assert row is not None
        users.update(row[0])
        found = sorted(users)
        if row[1] and (not kept or kept[0] < index):
            self._participants[round_id] = (index, found)
            self._participants.move_to_end(round_id)
            while len(self._participants) > PARTICIPANTS_KEPT:
                self._participants.popitem(last=False)
        return found

    async def member_daily_answers(self, guild_id: int, user_id: int) -> dict[int, bool]:
        rows = await self._db.fetch_all(
            "SELECT daily_post_id, correct FROM answers "
            "WHERE guild_id = $1 AND user_id = $2 AND kind = 'daily'",
            guild_id,
            user_id,
        )
        return {r[0]: r[1] for r in rows}

    async def daily_streak_rows(self, guild_id: int, user_id: int) -> list[DailyStreakRow]:
        rows = await self._db.fetch_all(
            """SELECT d.id, d.revealed_at IS NULL, a.correct
               FROM daily_posts d
               LEFT JOIN answers a ON a.daily_post_id = d.id AND a.user_id = $2
               WHERE d.guild_id = $1 ORDER BY d.local_date, d.id""",
            guild_id,
            user_id,
        )
        return [DailyStreakRow(r[0], r[1], r[2]) for r in rows]

    async def round_standings_rows(self, round_id: int) -> list[ScoreRow]:
        rows = await self._db.fetch_all(
            """SELECT a.user_id,  -- the name of each member's latest answer, in the same pass
                      (array_agg(a.user_name ORDER BY a.answered_at DESC, a.id DESC))[1],
                      SUM(a.points)::bigint, COUNT(*) FILTER (WHERE a.correct), COUNT(*)
               FROM answers a JOIN round_questions rq ON rq.id = a.round_question_id
               WHERE rq.round_id = $1 GROUP BY a.user_id""",
            round_id,
        )
        return [(r[0], r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None, kind: AnswerKind | None, limit: int = 10
    ) -> list[ScoreRow]:
        """Score rows best first: points, then correct answers, then fewer answers."""
        where = ["guild_id = $1"]
        params: list[Any] = [guild_id]
        if since is not None:
            params.append(as_utc(since))
            where.append(f"answered_at >= ${len(params)}")
        if kind is not None:
            params.append(kind)
            where.append(f"kind = ${len(params)}")
        params.append(int(limit))
        rows = await self._db.fetch_all(
            f"""SELECT user_id, SUM(points)::bigint AS points, COUNT(*) FILTER (WHERE correct) AS correct,
                       COUNT(*) AS answered,
                       (SELECT a2.user_name FROM answers a2 WHERE a2.guild_id = a.guild_id
                          AND a2.user_id = a.user_id ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1) AS name
                FROM answers a WHERE {" AND ".join(where)}
                GROUP BY guild_id, user_id
                ORDER BY points DESC, correct DESC, answered ASC, user_id ASC
                LIMIT ${len(params)}""",
            *params,
        )
        return [
            (r["user_id"], r["name"], int(r["points"]), int(r["correct"]), int(r["answered"])) for r in rows
        ]

    async def member_counts(self, guild_id: int, user_id: int) -> MemberCounts:
        rows = await self._db.fetch_all(
            """SELECT domain, COUNT(*), COUNT(*) FILTER (WHERE correct), SUM(points)::bigint FROM answers
               WHERE guild_id = $1 AND user_id = $2 GROUP BY domain ORDER BY domain""",
            guild_id,
            user_id,
        )
        domains = tuple(DomainCount(r[0], int(r[1]), int(r[2])) for r in rows)
        return MemberCounts(
            answered=sum(d.answered for d in domains),
            correct=sum(d.correct for d in domains),
            points=sum(int(r[3]) for r in rows),
            domains=domains,
        )

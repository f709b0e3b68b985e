"""The one module that owns SQLite (aiosqlite).  Nothing else in the bot writes SQL.

Usage::

    store = await Store.open(settings.db_path)   # creates data/ and the file on first run
    ...
    await store.close()

Design:

* Numbered migrations (``MIGRATIONS``), tracked with ``PRAGMA user_version``; each one runs
  in its own transaction together with the version bump, so a failed migration leaves the
  database at the previous version.  A database newer than this code is refused.
* WAL journal, ``foreign_keys=ON``, a busy timeout, ``synchronous=FULL`` by default (an
  acknowledged answer survives even a power cut).
* One connection; an ``asyncio.Lock`` serialises its use, every write runs inside
  ``BEGIN IMMEDIATE ... COMMIT`` and the commit is shielded from task cancellation.
* Times are stored as UTC text ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (sortable); naive datetimes
  passed in are taken as UTC.  Records returned carry aware UTC datetimes.
* Double answers are prevented by the database: ``UNIQUE(user_id, round_question_id)`` and
  ``UNIQUE(user_id, daily_post_id)``; a daily post per server day by
  ``UNIQUE(guild_id, local_date)``; one active round per channel by a partial unique index.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import aiosqlite

ANSWER_BATCH = 256  # answers committed in one transaction at most

# --------------------------------------------------------------------------- migrations

# Each entry: (version, description, statements).  Never edit a released migration;
# append a new one.
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (
        1,
        "guild settings and ask channels",
        (
            """CREATE TABLE guild_settings (
                guild_id         INTEGER PRIMARY KEY,
                quiz_channel_id  INTEGER,
                daily_channel_id INTEGER,
                daily_time       TEXT,              -- "HH:MM", server local time
                timezone         TEXT NOT NULL DEFAULT 'UTC',  -- IANA name
                daily_exam       TEXT,              -- NULL = every exam
                daily_enabled    INTEGER NOT NULL DEFAULT 0 CHECK (daily_enabled IN (0, 1)),
                next_run_at      TEXT,              -- UTC
                updated_at       TEXT NOT NULL
            )""",
            "CREATE INDEX guild_settings_due ON guild_settings(next_run_at) WHERE daily_enabled = 1",
            """CREATE TABLE ask_channels (
                guild_id   INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                added_at   TEXT NOT NULL,
                PRIMARY KEY (guild_id, channel_id)
            )""",
        ),
    ),
    (
        2,
        "channel quiz rounds",
        (
            """CREATE TABLE rounds (
                id                INTEGER PRIMARY KEY,
                guild_id          INTEGER NOT NULL,
                channel_id        INTEGER NOT NULL,
                starter_id        INTEGER NOT NULL,
                exam              TEXT,
                domain            TEXT,
                bank              TEXT,
                seconds           INTEGER NOT NULL,
                question_ids      TEXT NOT NULL,    -- JSON list, in asking order
                current_index     INTEGER NOT NULL DEFAULT 0,
                status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished')),
                unanswered_streak INTEGER NOT NULL DEFAULT 0,
                finish_reason     TEXT,
                started_at        TEXT NOT NULL,
                finished_at       TEXT
            )""",
            "CREATE UNIQUE INDEX rounds_one_active_per_channel ON rounds(channel_id) WHERE status = 'active'",
            "CREATE INDEX rounds_guild ON rounds(guild_id, status)",
            """CREATE TABLE round_questions (
                id          INTEGER PRIMARY KEY,
                round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
                idx         INTEGER NOT NULL,
                question_id TEXT NOT NULL,
                message_id  INTEGER,
                posted_at   TEXT NOT NULL,
                deadline    TEXT NOT NULL,
                revealed    INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
                revealed_at TEXT,
                UNIQUE (round_id, idx)
            )""",
            "CREATE INDEX round_questions_open ON round_questions(deadline) WHERE revealed = 0",
        ),
    ),
    (
        3,
        "daily posts",
        (
            """CREATE TABLE daily_posts (
                id          INTEGER PRIMARY KEY,
                guild_id    INTEGER NOT NULL,
                local_date  TEXT NOT NULL,          -- YYYY-MM-DD in the server's time zone
                question_id TEXT NOT NULL,
                channel_id  INTEGER NOT NULL,
                message_id  INTEGER,
                posted_at   TEXT NOT NULL,
                revealed_at TEXT,
                UNIQUE (guild_id, local_date)
            )""",
            "CREATE INDEX daily_posts_unrevealed ON daily_posts(guild_id) WHERE revealed_at IS NULL",
        ),
    ),
    (
        4,
        "answers",
        (
            """CREATE TABLE answers (
                id                INTEGER PRIMARY KEY,
                guild_id          INTEGER NOT NULL,
                user_id           INTEGER NOT NULL,
                user_name         TEXT NOT NULL,
                kind              TEXT NOT NULL CHECK (kind IN ('quiz', 'daily')),
                round_question_id INTEGER REFERENCES round_questions(id) ON DELETE CASCADE,
                daily_post_id     INTEGER REFERENCES daily_posts(id) ON DELETE CASCADE,
                question_id       TEXT NOT NULL,
                domain            TEXT NOT NULL,
                choice            INTEGER NOT NULL,
                correct           INTEGER NOT NULL CHECK (correct IN (0, 1)),
                points            INTEGER NOT NULL,
                answered_at       TEXT NOT NULL,
                CHECK ((kind = 'quiz' AND round_question_id IS NOT NULL AND daily_post_id IS NULL)
                    OR (kind = 'daily' AND daily_post_id IS NOT NULL AND round_question_id IS NULL)),
                UNIQUE (user_id, round_question_id),
                UNIQUE (user_id, daily_post_id)
            )""",
            "CREATE INDEX answers_guild_time ON answers(guild_id, answered_at)",
            "CREATE INDEX answers_guild_user ON answers(guild_id, user_id)",
            "CREATE INDEX answers_round_question ON answers(round_question_id) WHERE round_question_id IS NOT NULL",
            "CREATE INDEX answers_daily_post ON answers(daily_post_id) WHERE daily_post_id IS NOT NULL",
        ),
    ),
]
LATEST_VERSION = MIGRATIONS[-1][0]


class StoreError(Exception):
    """The database cannot be used (e.g. it was written by a newer version of the bot)."""


# --------------------------------------------------------------------------- time helpers


def ts(dt: datetime) -> str:
    """UTC text form used in the database (naive datetimes are taken as UTC)."""
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    quiz_channel_id: int | None = None
    daily_channel_id: int | None = None
    daily_time: str | None = None  # "HH:MM" local
    timezone: str = "UTC"
    daily_exam: str | None = None
    daily_enabled: bool = False
    next_run_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoundRecord:
    id: int
    guild_id: int
    channel_id: int
    starter_id: int
    exam: str | None
    domain: str | None
    bank: str | None
    seconds: int
    question_ids: tuple[str, ...]
    current_index: int
    status: str  # "active" | "finished"
    unanswered_streak: int
    finish_reason: str | None
    started_at: datetime
    finished_at: datetime | None

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class RoundQuestionRecord:
    id: int
    round_id: int
    index: int
    question_id: str
    message_id: int | None
    posted_at: datetime
    deadline: datetime
    revealed: bool
    revealed_at: datetime | None


@dataclass(frozen=True, slots=True)
class DailyPostRecord:
    id: int
    guild_id: int
    local_date: date
    question_id: str
    channel_id: int
    message_id: int | None
    posted_at: datetime
    revealed_at: datetime | None


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    id: int
    guild_id: int
    user_id: int
    user_name: str
    kind: str  # "quiz" | "daily"
    round_question_id: int | None
    daily_post_id: int | None
    question_id: str
    domain: str
    choice: int
    correct: bool
    points: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class DomainCount:
    domain: str
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class MemberCounts:
    answered: int = 0
    correct: int = 0
    points: int = 0
    domains: tuple[DomainCount, ...] = field(default_factory=tuple)


AnswerStatus = Literal["accepted", "duplicate", "closed", "missing"]


def _guild(row: Any) -> GuildSettings:
    return GuildSettings(
        guild_id=row["guild_id"],
        quiz_channel_id=row["quiz_channel_id"],
        daily_channel_id=row["daily_channel_id"],
        daily_time=row["daily_time"],
        timezone=row["timezone"],
        daily_exam=row["daily_exam"],
        daily_enabled=bool(row["daily_enabled"]),
        next_run_at=parse_ts(row["next_run_at"]),
    )


def _round(row: Any) -> RoundRecord:
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
        status=row["status"],
        unanswered_streak=row["unanswered_streak"],
        finish_reason=row["finish_reason"],
        started_at=parse_ts(row["started_at"]),
        finished_at=parse_ts(row["finished_at"]),
    )


def _rq(row: Any) -> RoundQuestionRecord:
    return RoundQuestionRecord(
        id=row["id"],
        round_id=row["round_id"],
        index=row["idx"],
        question_id=row["question_id"],
        message_id=row["message_id"],
        posted_at=parse_ts(row["posted_at"]),
        deadline=parse_ts(row["deadline"]),
        revealed=bool(row["revealed"]),
        revealed_at=parse_ts(row["revealed_at"]),
    )


def _daily(row: Any) -> DailyPostRecord:
    return DailyPostRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        local_date=date.fromisoformat(row["local_date"]),
        question_id=row["question_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        posted_at=parse_ts(row["posted_at"]),
        revealed_at=parse_ts(row["revealed_at"]),
    )


def _answer(row: Any) -> AnswerRecord:
    return AnswerRecord(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        user_name=row["user_name"],
        kind=row["kind"],
        round_question_id=row["round_question_id"],
        daily_post_id=row["daily_post_id"],
        question_id=row["question_id"],
        domain=row["domain"],
        choice=row["choice"],
        correct=bool(row["correct"]),
        points=row["points"],
        answered_at=parse_ts(row["answered_at"]),
    )


# --------------------------------------------------------------------------- the store


class Store:
    """Async access to the bot's SQLite database.  Create with ``await Store.open(path)``."""

    def __init__(self, db: aiosqlite.Connection, path: str) -> None:
        self._db = db
        self._lock = asyncio.Lock()
        self.path = path
        # Group commit: answers that arrive together share one transaction (one fsync).
        self._answer_queue: list[tuple[dict[str, Any], asyncio.Future]] = []
        self._answer_writer: asyncio.Task | None = None

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        target_version: int | None = None,
        migrations: Sequence[tuple[int, str, Sequence[str]]] | None = None,
        synchronous: str = "FULL",
        busy_timeout_ms: int = 5000,
    ) -> Store:
        """Open (creating parent directories and the file) and migrate to the latest schema.

        ``target_version`` / ``migrations`` exist for tests that build older schemas.
        """
        path_s = str(path)
        if path_s != ":memory:" and not path_s.startswith("file:"):
            Path(path_s).expanduser().parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path_s, isolation_level=None)
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await db.execute("PRAGMA journal_mode = WAL")
            if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
                raise ValueError(f"bad synchronous mode {synchronous!r}")
            await db.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            await db.execute("PRAGMA foreign_keys = ON")
            store = cls(db, path_s)
            await store._migrate(list(migrations or MIGRATIONS), target_version)
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        if self._answer_writer is not None:
            await asyncio.gather(self._answer_writer, return_exceptions=True)
        async with self._lock:
            await self._db.close()

    async def schema_version(self) -> int:
        row = await self._one("PRAGMA user_version")
        return int(row[0])

    async def _migrate(self, migrations: list[tuple[int, str, Sequence[str]]], target: int | None) -> None:
        known = max((v for v, _, _ in migrations), default=0)
        target = known if target is None else target
        current = await self.schema_version()
        if current > known:
            raise StoreError(
                f"database schema version {current} is newer than this bot understands ({known}); "
                "upgrade the bot or restore a backup"
            )
        for version, _description, statements in sorted(migrations, key=lambda m: m[0]):
            if version <= current or version > target:
                continue
            async with self._write() as db:
                for sql in statements:
                    await db.execute(sql)
                await db.execute(f"PRAGMA user_version = {int(version)}")
            current = version

    # ----------------------------------------------------------------- plumbing

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on any error)."""
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                try:
                    await asyncio.shield(self._db.execute("ROLLBACK"))
                except sqlite3.Error:
                    pass
                raise
            # Once we decide to commit, a cancelled caller must not abandon the commit.
            await asyncio.shield(self._db.execute("COMMIT"))

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        async with self._lock, self._db.execute(sql, params) as cur:
            return await cur.fetchone()

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with self._lock, self._db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    @staticmethod
    async def _q1(db: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
        async with db.execute(sql, params) as cur:
            return await cur.fetchone()

    @staticmethod
    async def _qall(db: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    # ----------------------------------------------------------------- guild settings

    async def get_guild_settings(self, guild_id: int) -> GuildSettings | None:
        row = await self._one("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return _guild(row) if row else None

    async def save_daily_settings(
        self,
        guild_id: int,
        *,
        channel_id: int,
        daily_time: str,
        timezone_name: str,
        exam: str | None,
        next_run_at: datetime,
        now: datetime,
    ) -> GuildSettings:
        """Configure and enable the daily question for a guild."""
        async with self._write() as db:
            await db.execute(
                """INSERT INTO guild_settings
                       (guild_id, daily_channel_id, daily_time, timezone, daily_exam, daily_enabled,
                        next_run_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                   ON CONFLICT (guild_id) DO UPDATE SET
                       daily_channel_id = excluded.daily_channel_id,
                       daily_time = excluded.daily_time, timezone = excluded.timezone,
                       daily_exam = excluded.daily_exam, daily_enabled = 1,
                       next_run_at = excluded.next_run_at, updated_at = excluded.updated_at""",
                (guild_id, channel_id, daily_time, timezone_name, exam, ts(next_run_at), ts(now)),
            )
            row = await self._q1(db, "SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return _guild(row)

    async def disable_daily(self, guild_id: int, now: datetime) -> bool:
        """Turn the daily question off; False if it was not on."""
        async with self._write() as db:
            cur = await db.execute(
                "UPDATE guild_settings SET daily_enabled = 0, next_run_at = NULL, updated_at = ? "
                "WHERE guild_id = ? AND daily_enabled = 1",
                (ts(now), guild_id),
            )
            return cur.rowcount > 0

    async def set_quiz_channel(self, guild_id: int, channel_id: int | None, now: datetime) -> None:
        async with self._write() as db:
            await db.execute(
                """INSERT INTO guild_settings (guild_id, quiz_channel_id, updated_at) VALUES (?, ?, ?)
                   ON CONFLICT (guild_id) DO UPDATE SET quiz_channel_id = excluded.quiz_channel_id,
                       updated_at = excluded.updated_at""",
                (guild_id, channel_id, ts(now)),
            )

    async def set_next_run(self, guild_id: int, next_run_at: datetime | None) -> None:
        async with self._write() as db:
            await db.execute(
                "UPDATE guild_settings SET next_run_at = ? WHERE guild_id = ?",
                (ts(next_run_at) if next_run_at else None, guild_id),
            )

    async def due_guilds(self, now: datetime) -> list[GuildSettings]:
        """Guilds with the daily question on and ``next_run_at <= now``."""
        rows = await self._all(
            "SELECT * FROM guild_settings WHERE daily_enabled = 1 AND next_run_at IS NOT NULL "
            "AND next_run_at <= ? ORDER BY next_run_at, guild_id",
            (ts(now),),
        )
        return [_guild(r) for r in rows]

    async def add_ask_channel(self, guild_id: int, channel_id: int, now: datetime) -> bool:
        """True if added, False if it was already an ask channel."""
        async with self._write() as db:
            cur = await db.execute(
                "INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (guild_id, channel_id, ts(now)),
            )
            return cur.rowcount > 0

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._write() as db:
            cur = await db.execute(
                "DELETE FROM ask_channels WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
            )
            return cur.rowcount > 0

    async def ask_channels(self, guild_id: int) -> list[int]:
        rows = await self._all(
            "SELECT channel_id FROM ask_channels WHERE guild_id = ? ORDER BY added_at, channel_id",
            (guild_id,),
        )
        return [r[0] for r in rows]

    # ----------------------------------------------------------------- rounds

    async def create_round(
        self,
        *,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        exam: str | None,
        domain: str | None,
        bank: str | None,
        seconds: int,
        question_ids: Sequence[str],
        now: datetime,
    ) -> RoundRecord | None:
        """A new active round, or None if the channel already has an active one."""
        try:
            async with self._write() as db:
                cur = await db.execute(
                    """INSERT INTO rounds (guild_id, channel_id, starter_id, exam, domain, bank, seconds,
                                           question_ids, started_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        guild_id,
                        channel_id,
                        starter_id,
                        exam,
                        domain,
                        bank,
                        seconds,
                        json.dumps(list(question_ids)),
                        ts(now),
                    ),
                )
                row = await self._q1(db, "SELECT * FROM rounds WHERE id = ?", (cur.lastrowid,))
        except sqlite3.IntegrityError:
            return None
        return _round(row)

    async def get_round(self, round_id: int) -> RoundRecord | None:
        row = await self._one("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return _round(row) if row else None

    async def active_round_in_channel(self, channel_id: int) -> RoundRecord | None:
        row = await self._one(
            "SELECT * FROM rounds WHERE channel_id = ? AND status = 'active'", (channel_id,)
        )
        return _round(row) if row else None

    async def active_rounds(self, guild_id: int | None = None) -> list[RoundRecord]:
        if guild_id is None:
            rows = await self._all("SELECT * FROM rounds WHERE status = 'active' ORDER BY id")
        else:
            rows = await self._all(
                "SELECT * FROM rounds WHERE status = 'active' AND guild_id = ? ORDER BY id", (guild_id,)
            )
        return [_round(r) for r in rows]

    async def get_round_question(self, rq_id: int) -> RoundQuestionRecord | None:
        row = await self._one("SELECT * FROM round_questions WHERE id = ?", (rq_id,))
        return _rq(row) if row else None

    async def round_question_at(self, round_id: int, index: int) -> RoundQuestionRecord | None:
        row = await self._one(
            "SELECT * FROM round_questions WHERE round_id = ? AND idx = ?", (round_id, index)
        )
        return _rq(row) if row else None

    async def latest_round_question(self, round_id: int) -> RoundQuestionRecord | None:
        row = await self._one(
            "SELECT * FROM round_questions WHERE round_id = ? ORDER BY idx DESC LIMIT 1", (round_id,)
        )
        return _rq(row) if row else None

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
        async with self._write() as db:
            cur = await db.execute(
                """INSERT INTO round_questions (round_id, idx, question_id, message_id, posted_at, deadline)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, idx) DO NOTHING""",
                (round_id, index, question_id, message_id, ts(posted_at), ts(deadline)),
            )
            created = cur.rowcount > 0
            if not created and message_id is not None:
                await db.execute(
                    "UPDATE round_questions SET message_id = ? WHERE round_id = ? AND idx = ? "
                    "AND message_id IS NULL",
                    (message_id, round_id, index),
                )
            row = await self._q1(
                db, "SELECT * FROM round_questions WHERE round_id = ? AND idx = ?", (round_id, index)
            )
        return _rq(row), created

    async def set_round_question_message(self, rq_id: int, message_id: int) -> None:
        async with self._write() as db:
            await db.execute("UPDATE round_questions SET message_id = ? WHERE id = ?", (message_id, rq_id))

    async def round_questions_due(self, now: datetime) -> list[RoundQuestionRecord]:
        """Unrevealed questions of active rounds whose deadline has passed."""
        rows = await self._all(
            """SELECT rq.* FROM round_questions rq JOIN rounds r ON r.id = rq.round_id
               WHERE rq.revealed = 0 AND r.status = 'active' AND rq.deadline <= ?
               ORDER BY rq.deadline""",
            (ts(now),),
        )
        return [_rq(r) for r in rows]

    async def reveal_round_question(
        self,
        rq_id: int,
        now: datetime,
        advance: Callable[[RoundRecord, RoundQuestionRecord, int], tuple[int, int, bool, str | None]],
    ) -> tuple[bool, RoundRecord | None]:
        """Mark a question revealed and move its round on, atomically.

        ``advance(round, round_question, answers_count) -> (next_index, unanswered_streak,
        finished, finish_reason)`` is a pure decision (see ``bot.core.rounds.rules``).
        Returns (revealed_now, round after).  ``revealed_now`` is False if it was revealed
        already (the round is then left alone).
        """
        async with self._write() as db:
            cur = await db.execute(
                "UPDATE round_questions SET revealed = 1, revealed_at = ? WHERE id = ? AND revealed = 0",
                (ts(now), rq_id),
            )
            rq_row = await self._q1(db, "SELECT * FROM round_questions WHERE id = ?", (rq_id,))
            if rq_row is None:
                return False, None
            rnd_row = await self._q1(db, "SELECT * FROM rounds WHERE id = ?", (rq_row["round_id"],))
            if cur.rowcount == 0:
                return False, _round(rnd_row)
            count = (
                await self._q1(db, "SELECT COUNT(*) FROM answers WHERE round_question_id = ?", (rq_id,))
            )[0]
            rnd = _round(rnd_row)
            if rnd.active and rnd.current_index == rq_row["idx"]:
                nxt, streak, finished, reason = advance(rnd, _rq(rq_row), count)
                await db.execute(
                    """UPDATE rounds SET current_index = ?, unanswered_streak = ?,
                           status = CASE WHEN ? THEN 'finished' ELSE status END,
                           finish_reason = CASE WHEN ? THEN ? ELSE finish_reason END,
                           finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                       WHERE id = ?""",
                    (nxt, streak, finished, finished, reason, finished, ts(now), rnd.id),
                )
                rnd_row = await self._q1(db, "SELECT * FROM rounds WHERE id = ?", (rnd.id,))
        return True, _round(rnd_row)

    async def finish_round(self, round_id: int, reason: str, now: datetime) -> tuple[bool, list[int]]:
        """Finish an active round and close its open question(s).

        Returns (finished_now, ids of round questions closed by this call).
        """
        async with self._write() as db:
            cur = await db.execute(
                "UPDATE rounds SET status = 'finished', finish_reason = ?, finished_at = ? "
                "WHERE id = ? AND status = 'active'",
                (reason, ts(now), round_id),
            )
            if cur.rowcount == 0:
                return False, []
            rows = await self._qall(
                db, "SELECT id FROM round_questions WHERE round_id = ? AND revealed = 0", (round_id,)
            )
            await db.execute(
                "UPDATE round_questions SET revealed = 1, revealed_at = ? WHERE round_id = ? AND revealed = 0",
                (ts(now), round_id),
            )
        return True, [r[0] for r in rows]

    async def round_standings_rows(self, round_id: int) -> list[tuple[int, str, int, int, int]]:
        """(user_id, latest name, points, correct, answered) for one round."""
        rows = await self._all(
            """SELECT a.user_id,
                      (SELECT a2.user_name FROM answers a2 JOIN round_questions rq2 ON rq2.id = a2.round_question_id
                        WHERE rq2.round_id = ? AND a2.user_id = a.user_id
                        ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1),
                      SUM(a.points), SUM(a.correct), COUNT(*)
               FROM answers a JOIN round_questions rq ON rq.id = a.round_question_id
               WHERE rq.round_id = ? GROUP BY a.user_id""",
            (round_id, round_id),
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    async def round_participants(self, round_id: int, before_index: int) -> set[int]:
        """Members who answered any question of the round with index < ``before_index``."""
        rows = await self._all(
            """SELECT DISTINCT a.user_id FROM answers a JOIN round_questions rq ON rq.id = a.round_question_id
               WHERE rq.round_id = ? AND rq.idx < ?""",
            (round_id, before_index),
        )
        return {r[0] for r in rows}

    # ----------------------------------------------------------------- answers

    async def record_answer(
        self,
        *,
        kind: Literal["quiz", "daily"],
        target_id: int,
        guild_id: int,
        user_id: int,
        user_name: str,
        question_id: str,
        domain: str,
        choice: int,
        correct: bool,
        points: int,
        answered_at: datetime,
    ) -> tuple[AnswerStatus, AnswerRecord | None]:
        """Insert one answer, committed before returning.

        ``target_id`` is the round question id (kind "quiz") or daily post id (kind "daily").
        Returns ("accepted", new record), ("duplicate", the member's earlier answer),
        ("closed", None) when the question was revealed already, or ("missing", None).
        The open check and the insert are one statement inside the transaction, and the
        UNIQUE constraints decide duplicates, so concurrent clicks can never count twice.

        Answers that arrive while another batch is being written are committed together in
        one transaction (group commit): a burst of clicks costs a few fsyncs, not hundreds,
        and each caller still returns only after its answer is durable.
        """
        if kind not in ("quiz", "daily"):
            raise ValueError(f"bad answer kind {kind!r}")
        request = dict(
            kind=kind,
            target_id=target_id,
            guild_id=guild_id,
            user_id=user_id,
            user_name=user_name,
            question_id=question_id,
            domain=domain,
            choice=choice,
            correct=correct,
            points=points,
            answered_at=answered_at,
        )
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._answer_queue.append((request, future))
        if self._answer_writer is None or self._answer_writer.done():
            self._answer_writer = asyncio.create_task(self._write_answers())
        return await asyncio.shield(future)

    async def _write_answers(self) -> None:
        while self._answer_queue:
            batch, self._answer_queue = self._answer_queue[:ANSWER_BATCH], self._answer_queue[ANSWER_BATCH:]
            try:
                async with self._write() as db:
                    results = [await self._insert_answer(db, **request) for request, _ in batch]
            except Exception:
                # Something in the batch failed and it was rolled back: retry one by one so a
                # single bad answer cannot fail the others.
                for request, future in batch:
                    try:
                        async with self._write() as db:
                            result = await self._insert_answer(db, **request)
                    except Exception as exc:  # reported to that caller only
                        if not future.done():
                            future.set_exception(exc)
                    else:
                        if not future.done():
                            future.set_result(result)
                continue
            for (_, future), result in zip(batch, results):
                if not future.done():
                    future.set_result(result)

    async def _insert_answer(
        self,
        db: aiosqlite.Connection,
        *,
        kind: str,
        target_id: int,
        guild_id: int,
        user_id: int,
        user_name: str,
        question_id: str,
        domain: str,
        choice: int,
        correct: bool,
        points: int,
        answered_at: datetime,
    ) -> tuple[AnswerStatus, AnswerRecord | None]:
        if kind == "quiz":
            column = "round_question_id"
            open_sql = "SELECT revealed = 0 FROM round_questions WHERE id = ?"
            still_open = "SELECT 1 FROM round_questions WHERE id = ? AND revealed = 0"
        else:
            column = "daily_post_id"
            open_sql = "SELECT revealed_at IS NULL FROM daily_posts WHERE id = ?"
            still_open = "SELECT 1 FROM daily_posts WHERE id = ? AND revealed_at IS NULL"
        stamp = ts(answered_at)
        cur = await db.execute(
            f"""INSERT INTO answers (guild_id, user_id, user_name, kind, {column}, question_id,
                                     domain, choice, correct, points, answered_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS ({still_open})
                ON CONFLICT DO NOTHING""",
            (
                guild_id,
                user_id,
                user_name,
                kind,
                target_id,
                question_id,
                domain,
                choice,
                int(bool(correct)),
                points,
                stamp,
                target_id,
            ),
        )
        if cur.rowcount > 0:
            rec = AnswerRecord(
                id=cur.lastrowid,
                guild_id=guild_id,
                user_id=user_id,
                user_name=user_name,
                kind=kind,
                round_question_id=target_id if kind == "quiz" else None,
                daily_post_id=target_id if kind == "daily" else None,
                question_id=question_id,
                domain=domain,
                choice=choice,
                correct=bool(correct),
                points=points,
                answered_at=parse_ts(stamp),
            )
            return "accepted", rec
        row = await self._q1(
            db, f"SELECT * FROM answers WHERE user_id = ? AND {column} = ?", (user_id, target_id)
        )
        if row is not None:
            return "duplicate", _answer(row)
        is_open = await self._q1(db, open_sql, (target_id,))
        return ("missing" if is_open is None else "closed"), None

    async def round_waiting_on(self, round_id: int, index: int, rq_id: int) -> tuple[int, int]:
        """(members who answered an earlier question of the round, how many of them have
        not answered round question ``rq_id`` yet) - for the early-reveal rule."""
        row = await self._one(
            """SELECT COUNT(*), COALESCE(SUM(NOT EXISTS (SELECT 1 FROM answers b
                                                  WHERE b.round_question_id = ? AND b.user_id = p.user_id)), 0)
               FROM (SELECT DISTINCT a.user_id FROM answers a
                     JOIN round_questions rq ON rq.id = a.round_question_id
                     WHERE rq.round_id = ? AND rq.idx < ?) AS p""",
            (rq_id, round_id, index),
        )
        return int(row[0]), int(row[1])

    async def answers_for_round_question(self, rq_id: int) -> list[AnswerRecord]:
        rows = await self._all(
            "SELECT * FROM answers WHERE round_question_id = ? ORDER BY answered_at, id", (rq_id,)
        )
        return [_answer(r) for r in rows]

    async def answers_for_daily_post(self, post_id: int) -> list[AnswerRecord]:
        rows = await self._all(
            "SELECT * FROM answers WHERE daily_post_id = ? ORDER BY answered_at, id", (post_id,)
        )
        return [_answer(r) for r in rows]

    async def count_answers(self, guild_id: int | None = None) -> int:
        if guild_id is None:
            row = await self._one("SELECT COUNT(*) FROM answers")
        else:
            row = await self._one("SELECT COUNT(*) FROM answers WHERE guild_id = ?", (guild_id,))
        return int(row[0])

    # ----------------------------------------------------------------- daily posts

    async def create_daily_post(
        self,
        *,
        guild_id: int,
        local_date: date,
        question_id: str,
        channel_id: int,
        now: datetime,
        next_run_at: datetime | None,
    ) -> tuple[DailyPostRecord, bool]:
        """Create the guild's post for ``local_date`` and store its next run, atomically.

        Returns (post, created).  If the day already has a post (UNIQUE(guild, local_date))
        that post is returned with created=False; ``next_run_at`` is stored either way.
        """
        async with self._write() as db:
            cur = await db.execute(
                """INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, local_date) DO NOTHING""",
                (guild_id, local_date.isoformat(), question_id, channel_id, ts(now)),
            )
            created = cur.rowcount > 0
            if next_run_at is not None:
                await db.execute(
                    "UPDATE guild_settings SET next_run_at = ? WHERE guild_id = ?",
                    (ts(next_run_at), guild_id),
                )
            row = await self._q1(
                db,
                "SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?",
                (guild_id, local_date.isoformat()),
            )
        return _daily(row), created

    async def get_daily_post(self, post_id: int) -> DailyPostRecord | None:
        row = await self._one("SELECT * FROM daily_posts WHERE id = ?", (post_id,))
        return _daily(row) if row else None

    async def daily_post_for_date(self, guild_id: int, day: date) -> DailyPostRecord | None:
        row = await self._one(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?", (guild_id, day.isoformat())
        )
        return _daily(row) if row else None

    async def set_daily_message(self, post_id: int, message_id: int) -> None:
        async with self._write() as db:
            await db.execute("UPDATE daily_posts SET message_id = ? WHERE id = ?", (message_id, post_id))

    async def daily_posts(self, guild_id: int) -> list[DailyPostRecord]:
        """The guild's daily posts, oldest first."""
        rows = await self._all(
            "SELECT * FROM daily_posts WHERE guild_id = ? ORDER BY local_date, id", (guild_id,)
        )
        return [_daily(r) for r in rows]

    async def daily_question_history(self, guild_id: int) -> list[str]:
        """Question ids of the guild's daily posts, oldest first."""
        rows = await self._all(
            "SELECT question_id FROM daily_posts WHERE guild_id = ? ORDER BY local_date, id", (guild_id,)
        )
        return [r[0] for r in rows]

    async def used_daily_question_ids(self, guild_id: int) -> set[str]:
        return set(await self.daily_question_history(guild_id))

    async def unrevealed_daily_posts(self) -> list[tuple[DailyPostRecord, bool]]:
        """(post, superseded) for every unrevealed post; superseded = the guild has a newer post."""
        rows = await self._all(
            """SELECT d.*, EXISTS (SELECT 1 FROM daily_posts n WHERE n.guild_id = d.guild_id
                                     AND n.local_date > d.local_date) AS superseded
               FROM daily_posts d WHERE d.revealed_at IS NULL ORDER BY d.posted_at, d.id"""
        )
        return [(_daily(r), bool(r["superseded"])) for r in rows]

    async def unsent_daily_posts(self) -> list[DailyPostRecord]:
        """Posts created but never sent (no message id) and not revealed."""
        rows = await self._all(
            "SELECT * FROM daily_posts WHERE message_id IS NULL AND revealed_at IS NULL ORDER BY id"
        )
        return [_daily(r) for r in rows]

    async def mark_daily_revealed(self, post_id: int, now: datetime) -> bool:
        """Close a daily post to answers; False if it was closed already."""
        async with self._write() as db:
            cur = await db.execute(
                "UPDATE daily_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL",
                (ts(now), post_id),
            )
            return cur.rowcount > 0

    async def member_daily_answers(self, guild_id: int, user_id: int) -> dict[int, bool]:
        """{daily post id: answered correctly} for one member."""
        rows = await self._all(
            "SELECT daily_post_id, correct FROM answers WHERE guild_id = ? AND user_id = ? AND kind = 'daily'",
            (guild_id, user_id),
        )
        return {r[0]: bool(r[1]) for r in rows}

    # ----------------------------------------------------------------- statistics

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None, kind: str | None, limit: int = 10
    ) -> list[tuple[int, str, int, int, int]]:
        """Members ranked by points (then correct answers) from ``since`` (None = all time);
        ``kind`` "quiz", "daily" or None for both.  Ties on points and correct share a rank."""
        where = ["guild_id = ?"]
        params: list[Any] = [guild_id]
        if since is not None:
            where.append("answered_at >= ?")
            params.append(ts(since))
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        cond = " AND ".join(where)
        rows = await self._all(
            f"""SELECT user_id, SUM(points) AS points, SUM(correct) AS correct, COUNT(*) AS answered,
                       (SELECT a2.user_name FROM answers a2 WHERE a2.guild_id = a.guild_id
                          AND a2.user_id = a.user_id ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1) AS name
                FROM answers a WHERE {cond}
                GROUP BY user_id
                ORDER BY points DESC, correct DESC, answered ASC, user_id ASC
                LIMIT ?""",
            (*params, int(limit)),
        )
        # (user_id, name, points, correct, answered), best first; ranking is the core's job.
        return [(r["user_id"], r["name"], r["points"], r["correct"], r["answered"]) for r in rows]

    async def member_counts(self, guild_id: int, user_id: int) -> MemberCounts:
        """Answered / correct / points overall and per domain for one member of a guild."""
        rows = await self._all(
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

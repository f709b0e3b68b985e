"""The SQLite connection the aggregates share: pragmas, the write transaction, the migrations
runner and the group-commit machinery.

* Opening refuses, before writing anything, what cannot hold the bot's database (see
  ``opening``): the refusal is a ``DatabaseUnusable`` naming the path, the problem and the fix.
* Migrations are the numbered ``migrations/NNNN_name.sql`` files (package data), tracked with
  ``PRAGMA user_version``; each runs in its own ``BEGIN IMMEDIATE`` transaction together with
  the version bump, with ``user_version`` read inside it: a failed migration leaves the
  database at the previous version, and processes opening a new file at once take turns.  A
  database newer than this code is refused.
* WAL journal, ``foreign_keys=ON``, a busy timeout (longer while opening),
  ``synchronous=FULL`` by default (an acknowledged answer survives even a power cut).
* One connection; an ``asyncio.Lock`` serialises its use, every write runs inside
  ``BEGIN IMMEDIATE ... COMMIT``.  Cancellation at any await cannot leave the connection inside
  a transaction: the lock is released only once COMMIT or ROLLBACK has run (see ``write``).
* Times are stored as UTC text ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (sortable); records carry aware
  UTC datetimes.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.core.clock import as_utc

from .errors import DatabaseUnusable, StoreError, WriteInterrupted
from .group_commit import BatchApply, GroupCommit
from .opening import OPEN_BUSY_TIMEOUT_MS, check_path, open_errors, use_wal

SYNCHRONOUS_MODES = ("OFF", "NORMAL", "FULL", "EXTRA")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_MIGRATION_FILE = re.compile(r"^(\d{4})_(\w+)\.sql$")

Row = aiosqlite.Row
Connection = aiosqlite.Connection
__all__ = ["DatabaseUnusable", "GroupCommit", "StoreError", "WriteInterrupted"]  # re-exported
T = TypeVar("T")
R = TypeVar("R")


# --------------------------------------------------------------------------- time


def to_db_time(dt: datetime) -> str:
    """The stored text form of ``dt`` (naive means UTC, see ``bot.core.clock.as_utc``)."""
    return as_utc(dt).strftime(_TIME_FORMAT)


def from_db_time(text: str) -> datetime:
    return datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=UTC)


def from_db_time_or_none(text: str | None) -> datetime | None:
    return None if text is None else from_db_time(text)


# --------------------------------------------------------------------------- migrations


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def split_statements(script: str) -> tuple[str, ...]:
    """The statements of an SQL script, without their terminating semicolons.

    ``executescript`` would commit the open transaction first, so a migration runs its
    statements one by one instead.  ``sqlite3.complete_statement`` decides where each ends, so
    semicolons inside strings and comments are no boundaries.
    """
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        while (end := _statement_end(pending)) is not None:
            statement = _strip_comment_lines(pending[:end]).strip()
            if statement:
                statements.append(statement)
            pending = pending[end + 1 :]
    if _strip_comment_lines(pending).strip():
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending.strip()[:60]!r}")
    return tuple(statements)


def _statement_end(text: str) -> int | None:
    """The index of the semicolon ending the first complete statement in ``text``, if any."""
    for i, char in enumerate(text):
        if char == ";" and sqlite3.complete_statement(text[: i + 1]):
            return i
    return None


def _strip_comment_lines(text: str) -> str:
    """``text`` without its whole-line ``--`` comments (a comment after SQL on its line stays)."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("--"))


def load_migrations() -> tuple[Migration, ...]:
    """The migrations shipped in ``bot/store/migrations``, in version order."""
    found: list[Migration] = []
    for entry in resources.files("bot.store").joinpath("migrations").iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match is None:
            continue
        found.append(Migration(int(match[1]), match[2], split_statements(entry.read_text(encoding="utf-8"))))
    found.sort(key=lambda m: m.version)
    return tuple(found)


MIGRATIONS = load_migrations()
LATEST_VERSION = MIGRATIONS[-1].version


# --------------------------------------------------------------------------- the connection


class Database:
    """One aiosqlite connection with its lock.  Create with ``await Database.open(path)``."""

    def __init__(self, connection: Connection, path: str) -> None:
        self._db = connection
        self._lock = asyncio.Lock()
        self._group_commits: list[GroupCommit[Connection, Any, Any]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self.path = path

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        target_version: int | None = None,
        migrations: Sequence[Migration] | None = None,
        synchronous: str = "FULL",
        busy_timeout_ms: int = 5000,
    ) -> Database:
        """Open (creating parent directories and the file) and migrate to the latest schema.

        Raises :class:`DatabaseUnusable` (a ``StoreError``), without changing the file, when the
        path cannot hold the bot's database.  ``target_version`` / ``migrations`` let tests build
        older schemas.
        """
        mode = synchronous.upper()
        if mode not in SYNCHRONOUS_MODES:
            raise ValueError(f"bad synchronous mode {synchronous!r}")
        path_s = str(path)
        if path_s != ":memory:" and not path_s.startswith("file:"):
            await asyncio.to_thread(check_path, path_s)
        migrations = MIGRATIONS if migrations is None else migrations
        known = max((m.version for m in migrations), default=0)
        with open_errors(path_s, OPEN_BUSY_TIMEOUT_MS):
            connection = await aiosqlite.connect(path_s, isolation_level=None)
            database = cls(connection, path_s)
            try:
                connection.row_factory = aiosqlite.Row
                # Generous while opening: other processes may be migrating the same file.
                await connection.execute(f"PRAGMA busy_timeout = {OPEN_BUSY_TIMEOUT_MS}")
                await database._check_before_writing(known)
                await use_wal(connection, OPEN_BUSY_TIMEOUT_MS / 1000)
                await connection.execute(f"PRAGMA synchronous = {mode}")
                await connection.execute("PRAGMA foreign_keys = ON")
                await database._migrate(migrations, known if target_version is None else target_version)
                await connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            except BaseException:
                await database.close()
                raise
        return database

    async def close(self) -> None:
        """Wait for queued group commits and open transactions, then close the connection."""
        for group in self._group_commits:
            await group.drain()
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        async with self._lock:
            await self._db.close()

    @property
    def in_transaction(self) -> bool:
        """Whether the connection is inside a transaction (never, between writes)."""
        return self._db.in_transaction

    async def schema_version(self) -> int:
        row = await self.fetch_one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _check_before_writing(self, known: int) -> None:
        """Refuse a newer schema or another program's database before anything is written."""
        # One statement, one snapshot: a process migrating meanwhile is seen before or after.
        row = await self.fetch_one(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM sqlite_master)"
        )
        version, objects = (int(row[0]), int(row[1])) if row else (0, 0)
        _refuse_newer(self.path, version, known)
        if version == 0 and objects:
            raise DatabaseUnusable(
                self.path,
                "it is an SQLite database of another program (it has tables but no CertCoach schema)",
                "choose another database path",
            )

    async def _migrate(self, migrations: Sequence[Migration], target: int) -> None:
        """Apply the pending migrations, each in its own BEGIN IMMEDIATE transaction with its
        version bump; ``user_version`` is read inside that transaction, so processes opening
        the same file at once take turns and each migration runs exactly once."""
        known = max((m.version for m in migrations), default=0)
        ordered = sorted(migrations, key=lambda m: m.version)
        while True:
            async with self.write() as db:
                row = await query_one(db, "PRAGMA user_version")
                current = int(row[0]) if row else 0
                _refuse_newer(self.path, current, known)
                pending = [m for m in ordered if current < m.version <= target]
                if not pending:
                    return
                for sql in pending[0].statements:
                    await db.execute(sql)
                await db.execute(f"PRAGMA user_version = {int(pending[0].version)}")

    # ----------------------------------------------------------------- access

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on any error).

        Safe under cancellation at any await: once the lock is taken it belongs to the
        transaction and is released only after COMMIT or ROLLBACK has run, by a task of its own
        that a cancelled caller cannot interrupt.  A cancelled BEGIN may still run in the
        connection's thread; the ROLLBACK queued behind it ends it.
        """
        await self._lock.acquire()
        try:
            await self._db.execute("BEGIN IMMEDIATE")
            yield self._db
        except BaseException:
            await self._end_transaction(commit=False)
            raise
        await self._end_transaction(commit=True)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Connection]:
        """A read transaction: every query inside sees one snapshot of the database.

        WAL readers never wait for writers, so a long read (an export) neither blocks the bot's
        writes nor is starved by them.  Ended by ROLLBACK with the same cancellation rule as
        :meth:`write`.
        """
        await self._lock.acquire()
        try:
            await self._db.execute("BEGIN")
            yield self._db
        finally:
            await self._end_transaction(commit=False)

    async def _end_transaction(self, *, commit: bool) -> None:
        await asyncio.shield(self.spawn(self._finish(commit)))

    async def _finish(self, commit: bool) -> None:
        """COMMIT (or ROLLBACK), ROLLBACK if the COMMIT fails, then release the lock."""
        try:
            if commit:
                try:
                    await self._db.execute("COMMIT")
                except BaseException:
                    await self._rollback()
                    raise
            else:
                await self._rollback()
        finally:
            self._lock.release()

    async def _rollback(self) -> None:
        with suppress(sqlite3.Error):  # "no transaction is active": the BEGIN never took effect
            await self._db.execute("ROLLBACK")

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """A task that must run to its end (kept referenced; :meth:`close` waits for it)."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        async with self._lock, self._db.execute(sql, params) as cur:
            return await cur.fetchone()

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._lock, self._db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    def group_commit(
        self, apply: BatchApply[Connection, T, R], max_batch: int
    ) -> GroupCommit[Connection, T, R]:
        """A :class:`GroupCommit` on this connection (drained by :meth:`close`)."""
        group: GroupCommit[Connection, T, R] = GroupCommit(self, apply, max_batch)
        self._group_commits.append(group)
        return group


def _refuse_newer(path: str, version: int, known: int) -> None:
    if version > known:
        raise DatabaseUnusable(
            path,
            f"its schema version {version} is newer than this CertCoach understands ({known})",
            "upgrade CertCoach or restore a backup made by this version",
        )


async def query_one(db: Connection, sql: str, params: Sequence[Any] = ()) -> Row | None:
    """One row inside a transaction already holding the lock (see ``Database.write``)."""
    async with db.execute(sql, params) as cur:
        return await cur.fetchone()


async def query_all(db: Connection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    async with db.execute(sql, params) as cur:
        return list(await cur.fetchall())

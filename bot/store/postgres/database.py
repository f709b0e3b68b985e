"""The PostgreSQL connection pool the aggregates share, its migrations and its opening errors.

* ``asyncpg`` pool; every write is one transaction on a pooled connection (``write``); answers
  arriving together share one (``group_commit``, the SQLite design: ``bot.store.group_commit``).  A
  caller cancelled mid-transaction cannot wedge anything: asyncpg's pool rolls the connection
  back (or closes it, and the server rolls back) when it is released, shielded from the cancel.
* Migrations are ``bot/store/migrations/postgres/NNNN_name.sql``, the same numbers as the
  SQLite set.  Each runs in its own transaction together with its row in ``schema_version``,
  after ``pg_advisory_xact_lock``: processes starting at once take turns, and each migration
  runs exactly once.  A schema newer than the code is refused.
* Times are ``timestamptz``; asyncpg returns aware UTC datetimes, as the records want.
* The store keeps no session state on a connection (no LISTEN, no session-level advisory lock,
  no SET, no cursor outside a transaction), so a released connection skips asyncpg's reset
  query (one round trip per use of the pool); asyncpg still rolls back a transaction left open.
  Whoever adds session state must give the pool its reset back (``_release_no_reset``).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, TypeAlias, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from asyncpg.connection import Connection

from ..errors import DatabaseUnusable
from ..group_commit import BatchApply, GroupCommit

_MIGRATION_FILE = re.compile(r"^(\d{4})_(\w+)\.sql$")
MIGRATION_LOCK = 0x43455254  # pg_advisory_xact_lock key: "CERT"
URL_SCHEMES = ("postgresql://", "postgres://")
Record: TypeAlias = Any  # asyncpg.Record: indexable by position and by column name
T = TypeVar("T")
R = TypeVar("R")


def is_postgres_url(location: object) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def redact(url: str) -> str:
    """``url`` without its password (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def load_pg_migrations() -> tuple[tuple[int, str, str], ...]:
    """(version, name, script) of every PostgreSQL migration, in version order."""
    found = []
    folder = resources.files("bot.store").joinpath("migrations").joinpath("postgres")
    for entry in folder.iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append((int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


PG_MIGRATIONS = load_pg_migrations()


def rowcount(status: str) -> int:
    """Rows touched, from asyncpg's command status ("UPDATE 2", "INSERT 0 1")."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class PgDatabase:
    """An asyncpg pool.  Create with ``await PgDatabase.open(url)``."""

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self._group_commits: list[GroupCommit[Connection, Any, Any]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self.path = redact(url)

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        target_version: int | None = None,
        migrations: Sequence[tuple[int, str, str]] | None = None,
        min_size: int = 1,
        max_size: int = 10,
    ) -> PgDatabase:
        migrations = PG_MIGRATIONS if migrations is None else migrations
        try:
            pool = await asyncpg.create_pool(
                url, min_size=min_size, max_size=max_size, timeout=10, reset=_release_no_reset
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise _unusable(url, exc) from exc
        database = cls(pool, url)
        try:
            await database._migrate(migrations, target_version)
        except BaseException:
            await pool.close()
            raise
        return database

    async def close(self) -> None:
        """Wait for queued group commits and connections in use, then close the pool."""
        for group in self._group_commits:
            await group.drain()
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._pool.close()

    async def schema_version(self) -> int:
        exists = await self.fetch_one("SELECT to_regclass('schema_version') IS NOT NULL")
        if not exists or not exists[0]:
            return 0
        row = await self.fetch_one("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return int(row[0]) if row else 0

    async def _migrate(self, migrations: Sequence[tuple[int, str, str]], target: int | None) -> None:
        known = max((m[0] for m in migrations), default=0)
        target = known if target is None else target
        while True:
            async with self.write() as con:
                await con.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                await con.execute(
                    """CREATE TABLE IF NOT EXISTS schema_version (
                           version    INTEGER PRIMARY KEY,
                           name       TEXT NOT NULL,
                           applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"""
                )
                current = int(await con.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
                if current > known:
                    raise DatabaseUnusable(
                        self.path,
                        f"its schema version {current} is newer than this CertCoach understands ({known})",
                        "upgrade CertCoach or restore a backup made by this version",
                    )
                pending = [m for m in migrations if current < m[0] <= target]
                if not pending:
                    return
                version, name, script = pending[0]
                await con.execute(script)
                await con.execute("INSERT INTO schema_version (version, name) VALUES ($1, $2)", version, name)

    # ----------------------------------------------------------------- access

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Connection]:
        """One transaction on a pooled connection (committed, or rolled back on any error)."""
        async with self._pool.acquire() as con, con.transaction():
            yield con

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Connection]:
        """One read-only REPEATABLE READ transaction: every query in it sees the same snapshot
        of the database while other connections keep writing."""
        async with self._pool.acquire() as con, con.transaction(isolation="repeatable_read", readonly=True):
            yield con

    def spawn(self, coroutine: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """A task that must run to its end (kept referenced; :meth:`close` waits for it)."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def group_commit(
        self, apply: BatchApply[Connection, T, R], max_batch: int
    ) -> GroupCommit[Connection, T, R]:
        """A :class:`GroupCommit` on this pool (drained by :meth:`close`)."""
        group: GroupCommit[Connection, T, R] = GroupCommit(self, apply, max_batch)
        self._group_commits.append(group)
        return group

    async def fetch_one(self, sql: str, *args: Any) -> Record | None:
        async with self._pool.acquire() as con:
            row: Record | None = await con.fetchrow(sql, *args)
            return row

    async def fetch_all(self, sql: str, *args: Any) -> list[Record]:
        async with self._pool.acquire() as con:
            return list(await con.fetch(sql, *args))

    async def execute(self, sql: str, *args: Any) -> int:
        """One statement in its own transaction; the rows it touched."""
        async with self._pool.acquire() as con:
            return rowcount(await con.execute(sql, *args))


async def _release_no_reset(con: Connection) -> None:
    """A connection going back to the pool needs no reset query (see the module docstring)."""


def _unusable(url: str, exc: BaseException) -> DatabaseUnusable:
    where = redact(url)
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return DatabaseUnusable(where, "the database does not exist", "create it (createdb) or fix the URL")
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError):
        return DatabaseUnusable(where, f"the server refused the login ({exc})", "check the user and password")
    if isinstance(exc, OSError | TimeoutError):
        return DatabaseUnusable(
            where, f"the PostgreSQL server cannot be reached ({exc})", "start the server or fix the URL"
        )
    return DatabaseUnusable(
        where, f"PostgreSQL refused the connection ({exc})", "check the URL and the server"
    )

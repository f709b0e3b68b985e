"""The bot's database: the only package with SQL (and the only importer of aiosqlite).

Usage::

    store = await open_store(settings.db_path)   # creates data/ and the file on first run
    await store.rounds.create_round(...)          # one object per aggregate:
    ...                                           # .rounds, .daily, .answers, .guilds, .outbox, .transfer
    await store.close()

Services depend on the Protocols of :mod:`bot.store.interface`, not on these classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .answers import SqliteAnswersStore
from .daily import SqliteDailyStore
from .database import LATEST_VERSION, MIGRATIONS, Database, Migration
from .errors import DatabaseUnusable, StoreError, TransferRefused, WriteInterrupted
from .guild_settings import SqliteGuildSettingsStore
from .outbox import SqliteOutboxStore
from .records import (
    AnswerKind,
    AnswerOutcome,
    AnswerRecord,
    AnswerStatus,
    DailyPostRecord,
    DomainCount,
    GuildSettings,
    MemberCounts,
    NewAnswer,
    NewRound,
    OutboxRecord,
    RoundQuestionRecord,
    RoundRecord,
    ScoreRow,
)
from .rounds import SqliteRoundsStore
from .transfer import SqliteTransferStore, backup_sqlite

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "AnswerKind",
    "AnswerOutcome",
    "AnswerRecord",
    "AnswerStatus",
    "DailyPostRecord",
    "Database",
    "DatabaseUnusable",
    "DomainCount",
    "GuildSettings",
    "MemberCounts",
    "Migration",
    "NewAnswer",
    "NewRound",
    "OutboxRecord",
    "RoundQuestionRecord",
    "RoundRecord",
    "ScoreRow",
    "Store",
    "StoreError",
    "TransferRefused",
    "WriteInterrupted",
    "backup_sqlite",
    "open_store",
]


@dataclass(frozen=True, slots=True, eq=False)
class Store:
    """The database plus one object per aggregate (each implements its ``interface`` Protocol)."""

    database: Database
    rounds: SqliteRoundsStore
    daily: SqliteDailyStore
    answers: SqliteAnswersStore
    guilds: SqliteGuildSettingsStore
    outbox: SqliteOutboxStore
    transfer: SqliteTransferStore  # export/import rows and forgetting a member

    @property
    def path(self) -> str:
        return self.database.path

    async def schema_version(self) -> int:
        return await self.database.schema_version()

    async def close(self) -> None:
        """Wait for queued answers to commit, then close the connection."""
        await self.database.close()


async def open_store(
    path: str | Path,
    *,
    target_version: int | None = None,
    migrations: Sequence[Migration] | None = None,
    synchronous: str = "FULL",
    busy_timeout_ms: int = 5000,
) -> Store:
    """Open (creating parent directories and the file) and migrate to the latest schema.

    Raises :class:`DatabaseUnusable` (a ``StoreError`` with a one-sentence message), leaving the
    file as it was, when the path cannot hold the bot's database: not a database, damaged,
    truncated, newer schema, read-only, a directory, a parent that is a file, locked too long.

    ``synchronous`` is SQLite's pragma (FULL: an acknowledged answer survives a power cut).
    ``target_version`` / ``migrations`` let tests build older schemas.
    """
    database = await Database.open(
        path,
        target_version=target_version,
        migrations=migrations,
        synchronous=synchronous,
        busy_timeout_ms=busy_timeout_ms,
    )
    return Store(
        database=database,
        rounds=SqliteRoundsStore(database),
        daily=SqliteDailyStore(database),
        answers=SqliteAnswersStore(database),
        guilds=SqliteGuildSettingsStore(database),
        outbox=SqliteOutboxStore(database),
        transfer=SqliteTransferStore(database),
    )

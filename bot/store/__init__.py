"""The bot's database: the only package with SQL (and the only importer of aiosqlite and asyncpg).

Usage::

    store = await open_store(settings.db_path)   # SQLite: creates data/ and the file on first run
    store = await open_store("postgresql://...")  # PostgreSQL (``bot.store.postgres``)
    await store.rounds.create_round(...)          # one object per aggregate:
    ...                                           # .rounds .daily .answers .guilds .outbox .leases
    ...                                           # .transfer .privacy .reports .review
    ...                                           # .transfer .privacy .reports .exams
    ...                                           # .transfer .privacy .reports .drills
    ...                                           # .transfer .privacy .reports .plans
    ...                                           # .feedback
    await store.close()

Services depend on the Protocols of :mod:`bot.store.interface`, not on these classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .answers import SqliteAnswersStore
from .daily import SqliteDailyStore
from .database import LATEST_VERSION, MIGRATIONS, Database, Migration
from .errors import DatabaseUnusable, StoreError, TransferRefused, WriteInterrupted
from .exam_records import ExamsStore
from .exams import SqliteExamsStore
from .feedback import SqliteFeedbackStore
from .guild_settings import SqliteGuildSettingsStore
from .interface import (
    AnswersStore,
    DailyStore,
    DrillStore,
    FeedbackStore,
    GuildSettingsStore,
    LeaseStore,
    OutboxStore,
    PlansStore,
    PrivacyStore,
    ReportsStore,
    ReviewStore,
    RoundsStore,
    TransferStore,
)
from .leases import SqliteLeaseStore
from .outbox import SqliteOutboxStore
from .plans import SqlitePlansStore
from .practice_drills import SqliteDrillStore
from .records import (
    AnswerKind,
    AnswerOutcome,
    AnswerRecord,
    AnswerStatus,
    DailyPostRecord,
    DomainCount,
    GuildSettings,
    LeaseRecord,
    MemberCounts,
    NewAnswer,
    NewRound,
    OutboxRecord,
    RoundQuestionRecord,
    RoundRecord,
    ScoreRow,
)
from .reports import SqliteReportsStore
from .review import SqliteReviewStore
from .rounds import SqliteRoundsStore
from .transfer import SqliteTransferStore, backup_sqlite

if TYPE_CHECKING:
    from .postgres import PgDatabase

POSTGRES_SCHEMES = ("postgresql://", "postgres://")

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
    "LeaseRecord",
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
    "is_postgres_url",
    "open_postgres_store",
    "open_store",
]


def is_postgres_url(location: str | Path) -> bool:
    """Whether ``CERTCOACH_DB``'s value names a PostgreSQL database rather than an SQLite file."""
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


@dataclass(frozen=True, slots=True, eq=False)
class Store:
    """The database plus one object per aggregate (each implements its ``interface`` Protocol),
    on SQLite (``Database``) or PostgreSQL (``PgDatabase``)."""

    database: Database | PgDatabase
    rounds: RoundsStore
    daily: DailyStore
    answers: AnswersStore
    guilds: GuildSettingsStore
    outbox: OutboxStore
    leases: LeaseStore  # which process owns a running round or a guild's daily work
    transfer: TransferStore  # export/import of every table's rows
    privacy: PrivacyStore  # forgetting a member
    reports: ReportsStore  # members' reports of bad questions, retired questions
    review: ReviewStore  # members' spaced-review cards
    exams: ExamsStore  # mock exam attempts (per member)
    drills: DrillStore  # weak-area drills (/drill), per member
    plans: PlansStore  # members' study plans, their activity and reminders
    feedback: FeedbackStore  # the unanswered-questions queue and votes on answers

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

    A ``postgresql://`` (or ``postgres://``) URL opens PostgreSQL instead (see
    :func:`open_postgres_store`); any other ``path`` is an SQLite file.

    Raises :class:`DatabaseUnusable` (a ``StoreError`` with a one-sentence message), leaving the
    file as it was, when the path cannot hold the bot's database: not a database, damaged,
    truncated, newer schema, read-only, a directory, a parent that is a file, locked too long.

    ``synchronous`` is SQLite's pragma (FULL: an acknowledged answer survives a power cut).
    ``target_version`` / ``migrations`` let tests build older schemas.
    """
    if is_postgres_url(path):
        return await open_postgres_store(str(path), target_version=target_version)
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
        leases=SqliteLeaseStore(database),
        transfer=(transfer := SqliteTransferStore(database)),
        privacy=transfer,
        reports=SqliteReportsStore(database),
        review=SqliteReviewStore(database),
        exams=SqliteExamsStore(database),
        drills=SqliteDrillStore(database),
        plans=SqlitePlansStore(database),
        feedback=SqliteFeedbackStore(database),
    )


async def open_postgres_store(url: str, *, target_version: int | None = None, max_size: int = 10) -> Store:
    """Connect to PostgreSQL at ``url`` (a pool of up to ``max_size`` connections) and migrate.

    Raises :class:`DatabaseUnusable` when the server cannot be reached, refuses the login, has
    no such database, or holds a schema newer than this code.
    """
    from .postgres import (
        PgAnswersStore,
        PgDailyStore,
        PgDatabase,
        PgDrillStore,
        PgExamsStore,
        PgFeedbackStore,
        PgGuildSettingsStore,
        PgLeaseStore,
        PgOutboxStore,
        PgPlansStore,
        PgPrivacyStore,
        PgReportsStore,
        PgReviewStore,
        PgRoundsStore,
        PgTransferStore,
    )

    database = await PgDatabase.open(url, target_version=target_version, max_size=max_size)
    return Store(
        database=database,
        rounds=PgRoundsStore(database),
        daily=PgDailyStore(database),
        answers=PgAnswersStore(database),
        guilds=PgGuildSettingsStore(database),
        outbox=PgOutboxStore(database),
        leases=PgLeaseStore(database),
        transfer=PgTransferStore(database),
        privacy=PgPrivacyStore(database),
        reports=PgReportsStore(database),
        review=PgReviewStore(database),
        exams=PgExamsStore(database),
        drills=PgDrillStore(database),
        plans=PgPlansStore(database),
        feedback=PgFeedbackStore(database),
    )

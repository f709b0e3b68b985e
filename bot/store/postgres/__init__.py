"""The PostgreSQL back end (asyncpg): the same aggregates and Protocols as the SQLite one.

``bot.store.open_store`` opens it for a ``postgresql://`` URL; nothing else imports it.
"""

from __future__ import annotations

from .answers import PgAnswersStore
from .daily import PgDailyStore
from .database import PG_MIGRATIONS, PgDatabase, is_postgres_url, redact
from .guild_settings import PgGuildSettingsStore
from .leases import PgLeaseStore
from .outbox import PgOutboxStore
from .plans import PgPlansStore
from .reports import PgReportsStore
from .rounds import PgRoundsStore
from .transfer import PgPrivacyStore, PgTransferStore

__all__ = [
    "PG_MIGRATIONS",
    "PgAnswersStore",
    "PgDailyStore",
    "PgDatabase",
    "PgGuildSettingsStore",
    "PgLeaseStore",
    "PgOutboxStore",
    "PgPlansStore",
    "PgPrivacyStore",
    "PgReportsStore",
    "PgRoundsStore",
    "PgTransferStore",
    "is_postgres_url",
    "redact",
]

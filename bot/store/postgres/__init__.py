"""The PostgreSQL back end (asyncpg): the same aggregates and Protocols as the SQLite one.

``bot.store.open_store`` opens it for a ``postgresql://`` URL; nothing else imports it.
"""

from __future__ import annotations

from .answers import PgAnswersStore
from .daily import PgDailyStore
from .database import PG_MIGRATIONS, PgDatabase, is_postgres_url, redact
from .exams import PgExamsStore
from .feedback import PgFeedbackStore
from .guild_settings import PgGuildSettingsStore
from .leases import PgLeaseStore
from .outbox import PgOutboxStore
from .plans import PgPlansStore
from .practice_drills import PgDrillStore
from .reports import PgReportsStore
from .review import PgReviewStore
from .rounds import PgRoundsStore
from .transfer import PgPrivacyStore, PgTransferStore

__all__ = [
    "PG_MIGRATIONS",
    "PgAnswersStore",
    "PgDailyStore",
    "PgDatabase",
    "PgDrillStore",
    "PgExamsStore",
    "PgFeedbackStore",
    "PgGuildSettingsStore",
    "PgLeaseStore",
    "PgOutboxStore",
    "PgPlansStore",
    "PgPrivacyStore",
    "PgReportsStore",
    "PgReviewStore",
    "PgRoundsStore",
    "PgTransferStore",
    "is_postgres_url",
    "redact",
]

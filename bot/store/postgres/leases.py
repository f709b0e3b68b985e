"""Leases in PostgreSQL (same rules as ``bot.store.leases``): one row per owned resource.

``acquire_lease`` is one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE``: the conflicting row is
locked while the condition is checked, so of racing acquirers exactly one changes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.clock import as_utc

from ..records import LeaseRecord
from .database import PgDatabase, Record


def lease_from_row(row: Record) -> LeaseRecord:
    return LeaseRecord(
        resource=row["resource"],
        holder=row["holder"],
        acquired_at=row["acquired_at"],
        expires_at=row["expires_at"],
    )


class PgLeaseStore:
    """Implements ``LeaseStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def acquire_lease(self, resource: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take (free or expired) or renew (own) the lease until ``now + ttl``."""
        now = as_utc(now)
        touched = await self._db.execute(
            """INSERT INTO leases (resource, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (resource) DO UPDATE SET
                   acquired_at = CASE WHEN leases.holder = EXCLUDED.holder
                                      THEN leases.acquired_at ELSE EXCLUDED.acquired_at END,
                   holder = EXCLUDED.holder,
                   expires_at = EXCLUDED.expires_at
               WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= EXCLUDED.acquired_at""",
            resource,
            holder,
            now,
            now + ttl,
        )
        return touched > 0

    async def release_lease(self, resource: str, holder: str) -> bool:
        touched = await self._db.execute(
            "DELETE FROM leases WHERE resource = $1 AND holder = $2", resource, holder
        )
        return touched > 0

    async def release_leases(self, holder: str) -> int:
        return await self._db.execute("DELETE FROM leases WHERE holder = $1", holder)

    async def leases(self, prefix: str) -> list[LeaseRecord]:
        rows = await self._db.fetch_all(
            'SELECT * FROM leases WHERE left(resource, $1) = $2 ORDER BY resource COLLATE "C"',
            len(prefix),
            prefix,
        )
        return [lease_from_row(r) for r in rows]

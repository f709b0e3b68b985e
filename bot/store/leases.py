"""Leases in SQLite: one row per owned resource (a running round, a guild's daily work).

``acquire_lease`` is one upsert whose ``WHERE`` admits only a free, expired or own lease, run
under ``BEGIN IMMEDIATE``: of processes racing for a resource exactly one gets a row changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .database import Database, Row, from_db_time, to_db_time
from .records import LeaseRecord


def lease_from_row(row: Row) -> LeaseRecord:
    return LeaseRecord(
        resource=row["resource"],
        holder=row["holder"],
        acquired_at=from_db_time(row["acquired_at"]),
        expires_at=from_db_time(row["expires_at"]),
    )


class SqliteLeaseStore:
    """Implements ``LeaseStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def acquire_lease(self, resource: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take (free or expired) or renew (own) the lease until ``now + ttl``."""
        async with self._db.write() as db:
            cur = await db.execute(
                """INSERT INTO leases (resource, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (resource) DO UPDATE SET
                       acquired_at = CASE WHEN leases.holder = excluded.holder
                                          THEN leases.acquired_at ELSE excluded.acquired_at END,
                       holder = excluded.holder,
                       expires_at = excluded.expires_at
                   WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at""",
                (resource, holder, to_db_time(now), to_db_time(now + ttl)),
            )
            return cur.rowcount > 0

    async def release_lease(self, resource: str, holder: str) -> bool:
        async with self._db.write() as db:
            cur = await db.execute("DELETE FROM leases WHERE resource = ? AND holder = ?", (resource, holder))
            return cur.rowcount > 0

    async def release_leases(self, holder: str) -> int:
        async with self._db.write() as db:
            cur = await db.execute("DELETE FROM leases WHERE holder = ?", (holder,))
            return cur.rowcount

    async def leases(self, prefix: str) -> list[LeaseRecord]:
        rows = await self._db.fetch_all(
            "SELECT * FROM leases WHERE substr(resource, 1, ?) = ? ORDER BY resource", (len(prefix), prefix)
        )
        return [lease_from_row(r) for r in rows]

"""The outbox in PostgreSQL (same rules as ``bot.store.outbox``): one row per message to post
exactly once, unique per intent key."""

from __future__ import annotations

from datetime import datetime

from bot.core.clock import as_utc

from ..records import OutboxRecord
from .database import PgDatabase, Record, rowcount


def outbox_from_row(row: Record) -> OutboxRecord:
    return OutboxRecord(
        id=row["id"],
        key=row["intent_key"],
        channel_id=row["channel_id"],
        created_at=row["created_at"],
        message_id=row["message_id"],
        done_at=row["done_at"],
    )


class PgOutboxStore:
    """Implements ``OutboxStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def record_intent(self, key: str, channel_id: int, now: datetime) -> tuple[OutboxRecord, bool]:
        """(intent, created): the existing row when ``key`` was recorded before."""
        async with self._db.write() as con:
            status = await con.execute(
                """INSERT INTO outbox (intent_key, channel_id, created_at) VALUES ($1, $2, $3)
                   ON CONFLICT (intent_key) DO NOTHING""",
                key,
                channel_id,
                as_utc(now),
            )
            row = await con.fetchrow("SELECT * FROM outbox WHERE intent_key = $1", key)
        assert row is not None
        return outbox_from_row(row), rowcount(status) > 0

    async def get_intent(self, key: str) -> OutboxRecord | None:
        row = await self._db.fetch_one("SELECT * FROM outbox WHERE intent_key = $1", key)
        return outbox_from_row(row) if row else None

    async def mark_done(self, key: str, message_id: int | None, now: datetime) -> bool:
        """Record the outcome (the posted message, or None: given up); False if done already."""
        touched = await self._db.execute(
            "UPDATE outbox SET message_id = $1, done_at = $2 WHERE intent_key = $3 AND done_at IS NULL",
            message_id,
            as_utc(now),
            key,
        )
        return touched > 0

    async def pending_intents(self, prefix: str) -> list[OutboxRecord]:
        """Intents not done yet whose key starts with ``prefix``, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM outbox WHERE done_at IS NULL AND left(intent_key, $1) = $2 ORDER BY id",
            len(prefix),
            prefix,
        )
        return [outbox_from_row(r) for r in rows]

"""The outbox in SQLite: one row per message the bot must post exactly once.

A row is recorded (``record_intent``) before the message is sent and completed
(``mark_done``) with the posted message's id after it; a row still pending at start-up is a
send that may or may not have reached Discord.
"""

from __future__ import annotations

from datetime import datetime

from .database import Database, Row, from_db_time, from_db_time_or_none, query_one, to_db_time
from .records import OutboxRecord


def outbox_from_row(row: Row) -> OutboxRecord:
    return OutboxRecord(
        id=row["id"],
        key=row["intent_key"],
        channel_id=row["channel_id"],
        created_at=from_db_time(row["created_at"]),
        message_id=row["message_id"],
        done_at=from_db_time_or_none(row["done_at"]),
    )


class SqliteOutboxStore:
    """Implements ``OutboxStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def record_intent(self, key: str, channel_id: int, now: datetime) -> tuple[OutboxRecord, bool]:
        """(intent, created): the existing row when ``key`` was recorded before."""
        async with self._db.write() as db:
            cur = await db.execute(
                """INSERT INTO outbox (intent_key, channel_id, created_at) VALUES (?, ?, ?)
                   ON CONFLICT (intent_key) DO NOTHING""",
                (key, channel_id, to_db_time(now)),
            )
            row = await query_one(db, "SELECT * FROM outbox WHERE intent_key = ?", (key,))
        assert row is not None  # inserted (or found) just above, in the same transaction
        return outbox_from_row(row), cur.rowcount > 0

    async def get_intent(self, key: str) -> OutboxRecord | None:
        row = await self._db.fetch_one("SELECT * FROM outbox WHERE intent_key = ?", (key,))
        return outbox_from_row(row) if row else None

    async def mark_done(self, key: str, message_id: int | None, now: datetime) -> bool:
        """Record the outcome (the posted message, or None: given up); False if done already."""
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE outbox SET message_id = ?, done_at = ? WHERE intent_key = ? AND done_at IS NULL",
                (message_id, to_db_time(now), key),
            )
            return cur.rowcount > 0

    async def pending_intents(self, prefix: str) -> list[OutboxRecord]:
        """Intents not done yet whose key starts with ``prefix``, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM outbox WHERE done_at IS NULL AND substr(intent_key, 1, ?) = ? ORDER BY id",
            (len(prefix), prefix),
        )
        return [outbox_from_row(r) for r in rows]

"""The unanswered-questions queue and the votes on answers in SQLite (``FeedbackStore``).

One item per server, kind, question and answer (the table's UNIQUE key): asking again counts on
it. One vote per member and answer message (the primary key): voting again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.core.feedback import ItemKind, ItemStatus, VoteChange

from .database import Connection, Database, Row, from_db_time, to_db_time
from .feedback_interface import NewVote, UnansweredItem

_UPSERT_ITEM = """INSERT INTO unanswered_items
                      (guild_id, kind, question, answer, asks, first_seen, last_seen)
                  VALUES (?, ?, ?, ?, 1, ?, ?)
                  ON CONFLICT (guild_id, kind, question, answer)
                  DO UPDATE SET asks = asks + 1, last_seen = MAX(last_seen, excluded.last_seen)
                  RETURNING id"""
_ORDER = "ORDER BY asks DESC, last_seen DESC, id"


def item_from_row(row: Any, time: Callable[[Any], datetime] = from_db_time) -> UnansweredItem:
    """An item from either engine's row (``time`` reads its stored times)."""
    return UnansweredItem(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        kind=ItemKind(row["kind"]),
        question=row["question"],
        answer=row["answer"],
        asks=int(row["asks"]),
        first_seen=time(row["first_seen"]),
        last_seen=time(row["last_seen"]),
        status=ItemStatus(row["status"]),
    )


ADD_BATCH = 200  # queued questions per transaction at most

QueuedAsk = tuple[int, str, str, str, str]  # guild, kind, question, answer, time (stored form)


async def _add_items(db: Connection, batch: list[QueuedAsk]) -> list[int]:
    ids = []
    for item in batch:
        async with db.execute(_UPSERT_ITEM, (*item, item[-1])) as cur:
            row = await cur.fetchone()
            assert row is not None
            ids.append(int(row[0]))
    return ids


class SqliteFeedbackStore:
    """Implements ``FeedbackStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database
        # Declines arriving together share one commit: a burst costs a few fsyncs.
        self._adds = database.group_commit(_add_items, ADD_BATCH)

    async def add_unanswered(
        self, guild_id: int, kind: ItemKind, question: str, answer: str, now: datetime
    ) -> int:
        return await self._adds.submit((guild_id, str(kind), question, answer, to_db_time(now)))

    async def record_vote(self, vote: NewVote) -> VoteChange:
        async with self._db.write() as db:
            async with db.execute(
                "SELECT helpful, item_id FROM feedback_votes WHERE message_id = ? AND user_id = ?",
                (vote.message_id, vote.user_id),
            ) as cur:
                before: Row | None = await cur.fetchone()
            if before is not None and bool(before["helpful"]) == vote.helpful:
                return VoteChange.SAME
            item_id = before["item_id"] if before is not None else None
            if item_id is not None:  # a "not helpful" taken back
                await db.execute(
                    "UPDATE unanswered_items SET asks = asks - 1 WHERE id = ? AND asks > 0", (item_id,)
                )
                await db.execute("DELETE FROM unanswered_items WHERE id = ? AND asks = 0", (item_id,))
                item_id = None
            at = to_db_time(vote.now)
            if not vote.helpful and vote.question:
                args = (vote.guild_id, str(ItemKind.NOT_HELPFUL), vote.question, vote.answer, at, at)
                async with db.execute(_UPSERT_ITEM, args) as cur:
                    row = await cur.fetchone()
                    item_id = int(row[0]) if row is not None else None
            await db.execute(
                """INSERT INTO feedback_votes (message_id, user_id, guild_id, helpful, item_id, voted_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (message_id, user_id) DO UPDATE SET helpful = excluded.helpful,
                       item_id = excluded.item_id, voted_at = excluded.voted_at""",
                (vote.message_id, vote.user_id, vote.guild_id, int(vote.helpful), item_id, at),
            )
            return VoteChange.NEW if before is None else VoteChange.SWITCHED

    async def unanswered_items(
        self, guild_id: int, status: ItemStatus, *, limit: int, offset: int = 0
    ) -> list[UnansweredItem]:
        rows = await self._db.fetch_all(
            f"SELECT * FROM unanswered_items WHERE guild_id = ? AND status = ? {_ORDER} LIMIT ? OFFSET ?",
            (guild_id, str(status), limit, offset),
        )
        return [item_from_row(r) for r in rows]

    async def count_unanswered(self, guild_id: int) -> dict[ItemStatus, int]:
        rows = await self._db.fetch_all(
            "SELECT status, COUNT(*) FROM unanswered_items WHERE guild_id = ? GROUP BY status", (guild_id,)
        )
        counts = dict.fromkeys(ItemStatus, 0)
        counts.update({ItemStatus(r[0]): int(r[1]) for r in rows})
        return counts

    async def kb_items(self, guild_id: int | None) -> list[UnansweredItem]:
        where = "status = ?" + ("" if guild_id is None else " AND guild_id = ?")
        params = (str(ItemStatus.KB),) + (() if guild_id is None else (guild_id,))
        rows = await self._db.fetch_all(f"SELECT * FROM unanswered_items WHERE {where} {_ORDER}", params)
        return [item_from_row(r) for r in rows]

    async def mark_unanswered(self, guild_id: int, item_id: int, status: ItemStatus) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "UPDATE unanswered_items SET status = ? WHERE guild_id = ? AND id = ? AND status != ?",
                (str(status), guild_id, item_id, str(status)),
            )
            return cur.rowcount > 0

    async def dismiss_unanswered(self, guild_id: int, item_id: int) -> bool:
        async with self._db.write() as db:
            cur = await db.execute(
                "DELETE FROM unanswered_items WHERE guild_id = ? AND id = ?", (guild_id, item_id)
            )
            return cur.rowcount > 0

    async def prune_feedback(self, items_before: datetime, votes_before: datetime) -> tuple[int, int]:
        async with self._db.write() as db:
            items = await db.execute(
                "DELETE FROM unanswered_items WHERE last_seen < ?", (to_db_time(items_before),)
            )
            votes = await db.execute(
                "DELETE FROM feedback_votes WHERE voted_at < ?", (to_db_time(votes_before),)
            )
            return items.rowcount, votes.rowcount

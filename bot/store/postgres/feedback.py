"""The unanswered-questions queue and the votes on answers in PostgreSQL (same rules as
``bot.store.feedback``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.clock import as_utc
from bot.core.feedback import ItemKind, ItemStatus, VoteChange

from ..feedback import ADD_BATCH, item_from_row
from ..feedback_interface import NewVote, UnansweredItem
from .database import Connection, PgDatabase, rowcount

_UPSERT_ITEM = """INSERT INTO unanswered_items
                      (guild_id, kind, question, answer, asks, first_seen, last_seen)
                  VALUES ($1, $2, $3, $4, 1, $5, $5)
                  ON CONFLICT (guild_id, kind, question, answer)
                  DO UPDATE SET asks = unanswered_items.asks + 1,
                      last_seen = GREATEST(unanswered_items.last_seen, EXCLUDED.last_seen)
                  RETURNING id"""
_ORDER = "ORDER BY asks DESC, last_seen DESC, id"


def _same(value: Any) -> Any:
    return value


QueuedAsk = tuple[int, str, str, str, datetime]  # guild, kind, question, answer, time


async def _add_items(con: Connection, batch: list[QueuedAsk]) -> list[int]:
    return [int(await con.fetchval(_UPSERT_ITEM, *item)) for item in batch]


class PgFeedbackStore:
    """Implements ``FeedbackStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database
        self._adds = database.group_commit(_add_items, ADD_BATCH)  # declines arriving together

    async def add_unanswered(
        self, guild_id: int, kind: ItemKind, question: str, answer: str, now: datetime
    ) -> int:
        return await self._adds.submit((guild_id, str(kind), question, answer, as_utc(now)))

    async def record_vote(self, vote: NewVote) -> VoteChange:
        async with self._db.write() as con:
            # Serialise one member's racing clicks (a missing vote row cannot be locked FOR UPDATE).
            await con.execute("SELECT pg_advisory_xact_lock($1, $2)", 0x46424B, vote.message_id % 2**31)
            before = await con.fetchrow(
                "SELECT helpful, item_id FROM feedback_votes WHERE message_id = $1 AND user_id = $2",
                vote.message_id,
                vote.user_id,
            )
            if before is not None and bool(before["helpful"]) == vote.helpful:
                return VoteChange.SAME
            item_id = before["item_id"] if before is not None else None
            if item_id is not None:  # a "not helpful" taken back
                await con.execute(
                    "UPDATE unanswered_items SET asks = asks - 1 WHERE id = $1 AND asks > 0", item_id
                )
                await con.execute("DELETE FROM unanswered_items WHERE id = $1 AND asks = 0", item_id)
                item_id = None
            if not vote.helpful and vote.question:
                item_id = await con.fetchval(
                    _UPSERT_ITEM,
                    vote.guild_id,
                    str(ItemKind.NOT_HELPFUL),
                    vote.question,
                    vote.answer,
                    as_utc(vote.now),
                )
            await con.execute(
                """INSERT INTO feedback_votes (message_id, user_id, guild_id, helpful, item_id, voted_at)
                   VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT (message_id, user_id) DO UPDATE SET helpful = EXCLUDED.helpful,
                       item_id = EXCLUDED.item_id, voted_at = EXCLUDED.voted_at""",
                vote.message_id,
                vote.user_id,
                vote.guild_id,
                vote.helpful,
                item_id,
                as_utc(vote.now),
            )
            return VoteChange.NEW if before is None else VoteChange.SWITCHED

    async def unanswered_items(
        self, guild_id: int, status: ItemStatus, *, limit: int, offset: int = 0
    ) -> list[UnansweredItem]:
        rows = await self._db.fetch_all(
            f"SELECT * FROM unanswered_items WHERE guild_id = $1 AND status = $2 {_ORDER} LIMIT $3 OFFSET $4",
            guild_id,
            str(status),
            limit,
            offset,
        )
        return [item_from_row(r, _same) for r in rows]

    async def count_unanswered(self, guild_id: int) -> dict[ItemStatus, int]:
        rows = await self._db.fetch_all(
            "SELECT status, COUNT(*) AS n FROM unanswered_items WHERE guild_id = $1 GROUP BY status", guild_id
        )
        counts = dict.fromkeys(ItemStatus, 0)
        counts.update({ItemStatus(r["status"]): int(r["n"]) for r in rows})
        return counts

    async def kb_items(self, guild_id: int | None) -> list[UnansweredItem]:
        rows = await self._db.fetch_all(
            f"""SELECT * FROM unanswered_items WHERE status = $1 AND ($2::bigint IS NULL OR guild_id = $2)
                {_ORDER}""",
            str(ItemStatus.KB),
            guild_id,
        )
        return [item_from_row(r, _same) for r in rows]

    async def mark_unanswered(self, guild_id: int, item_id: int, status: ItemStatus) -> bool:
        touched = await self._db.execute(
            "UPDATE unanswered_items SET status = $1 WHERE guild_id = $2 AND id = $3 AND status != $1",
            str(status),
            guild_id,
            item_id,
        )
        return touched > 0

    async def dismiss_unanswered(self, guild_id: int, item_id: int) -> bool:
        touched = await self._db.execute(
            "DELETE FROM unanswered_items WHERE guild_id = $1 AND id = $2", guild_id, item_id
        )
        return touched > 0

    async def prune_feedback(self, items_before: datetime, votes_before: datetime) -> tuple[int, int]:
        async with self._db.write() as con:
            items = await con.execute(
                "DELETE FROM unanswered_items WHERE last_seen < $1", as_utc(items_before)
            )
            votes = await con.execute("DELETE FROM feedback_votes WHERE voted_at < $1", as_utc(votes_before))
        return rowcount(items), rowcount(votes)

"""The feedback loop's records and store Protocol (re-exported by ``bot.store.interface``, which
services import): the per-server queue of unanswered questions and members' votes on answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.feedback import ItemKind, ItemStatus, VoteChange


@dataclass(frozen=True, slots=True)
class UnansweredItem:
    """One queued question of a server: no member in it, identical questions counted together."""

    id: int
    guild_id: int
    kind: ItemKind
    question: str  # anonymised (``bot.core.feedback.anonymise``)
    answer: str  # the entry the bot answered with ('' for a decline)
    asks: int  # declines of it, or "not helpful" votes on it
    first_seen: datetime
    last_seen: datetime
    status: ItemStatus


@dataclass(frozen=True, slots=True)
class NewVote:
    """A member's vote on one free-form answer (the message the buttons are under)."""

    guild_id: int
    message_id: int
    user_id: int
    helpful: bool
    question: str  # the anonymised question answered ('' when it can no longer be read)
    answer: str  # what the bot answered with
    now: datetime


class FeedbackStore(Protocol):
    """The unanswered-questions queue (per server) and the votes on free-form answers."""

    async def add_unanswered(
        self, guild_id: int, kind: ItemKind, question: str, answer: str, now: datetime
    ) -> int:
        """Count one more ask of the item (created at 1, or reopened counts kept); its id."""
        ...

    async def record_vote(self, vote: NewVote) -> VoteChange:
        """In one transaction: store the member's vote on the message (one per member and
        message); a new "not helpful" vote with a question counts one ask on its
        ``not-helpful`` item; switching away from "not helpful" takes that ask back (an item
        left with none is deleted)."""
        ...

    async def unanswered_items(
        self, guild_id: int, status: ItemStatus, *, limit: int, offset: int = 0
    ) -> list[UnansweredItem]:
        """The guild's items of that status, most asked first (ties: latest first, then id)."""
        ...

    async def count_unanswered(self, guild_id: int) -> dict[ItemStatus, int]: ...

    async def kb_items(self, guild_id: int | None) -> list[UnansweredItem]:
        """The items marked for the knowledge base (every guild's with None), most asked first."""
        ...

    async def mark_unanswered(self, guild_id: int, item_id: int, status: ItemStatus) -> bool:
        """False when the guild has no such item (or it had that status already)."""
        ...

    async def dismiss_unanswered(self, guild_id: int, item_id: int) -> bool:
        """Delete the item (asked again, it comes back with a fresh count); False when absent."""
        ...

    async def prune_feedback(self, items_before: datetime, votes_before: datetime) -> tuple[int, int]:
        """Delete items last seen and votes cast before those times; (items, votes) deleted."""
        ...

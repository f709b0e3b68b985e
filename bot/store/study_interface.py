"""The store Protocols of exam prep: spaced-review cards, weak-area drills and study plans
(re-exported by ``bot.store.interface``, which services import)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Protocol

from bot.core.review import Answered, CardState

from .records import (
    DrillAnswerRecord,
    DrillSessionRecord,
    PlanActivity,
    PlanRecord,
    ReminderOutcome,
)

CardChange = Callable[[CardState | None], CardState | None]
"""``change(card or None)``: the card to store (None: leave it as it is), applied inside the
write transaction, the member's other review writes waiting meanwhile."""


class ReviewStore(Protocol):
    """Members' spaced-review cards (one per member and question) and the misses read so far."""

    async def card(self, user_id: int, question_id: str) -> CardState | None: ...

    async def change_card(
        self, user_id: int, question_id: str, change: CardChange
    ) -> tuple[CardState | None, CardState | None]:
        """(card before, card after) of one atomic read-change-write."""
        ...

    async def due_cards(self, user_id: int, now: datetime, limit: int) -> list[CardState]:
        """Cards due at ``now``, in ``bot.core.review.due_order``."""
        ...

    async def due_count(self, user_id: int, now: datetime) -> int: ...

    async def next_due_at(self, user_id: int) -> datetime | None:
        """The earliest due time of the member's cards (None: no cards)."""
        ...

    async def sync_answers(
        self, user_id: int, apply: Callable[[CardState | None, Answered], CardState | None], now: datetime
    ) -> int:
        """In one transaction, each quiz and daily answer of the member newer than their last
        sync, oldest first: ``apply(card or None, answer)`` gives the card to store (None: no
        change); then the last sync moves to their latest answer.  How many cards changed."""
        ...


class DrillStore(Protocol):
    """Weak-area drills (one unfinished drill per member) and a member's recent results per area."""

    async def start_drill(
        self, user_id: int, exam: str, domain: str, question_ids: Sequence[str], now: datetime
    ) -> tuple[DrillSessionRecord, int | None]:
        """A new drill; in the same transaction the member's unfinished one (its id returned)
        is finished."""

    async def get_drill(self, session_id: int) -> DrillSessionRecord | None: ...

    async def active_drill(self, user_id: int) -> DrillSessionRecord | None: ...

    async def record_drill_answer(self, answer: DrillAnswerRecord) -> DrillSessionRecord | None:
        """Record the answer at the drill's current position and move on (one transaction);
        ``None`` (nothing written) when that position is already answered or the drill is over."""

    async def show_drill_question(self, session_id: int, position: int, now: datetime) -> None: ...

    async def finish_drill(self, session_id: int, now: datetime) -> bool: ...

    async def drill_answers(self, session_id: int) -> list[DrillAnswerRecord]: ...

    async def recent_results(
        self, user_id: int, domains: Sequence[str] | None, per_area: int, before: datetime | None = None
    ) -> dict[str, list[bool]]:
        """Area -> the member's last ``per_area`` results there, newest first, from quiz, daily
        and drill answers in every server (``domains`` None: every area)."""

    async def recent_questions(self, user_id: int, limit: int) -> list[str]:
        """The question ids the member answered (anywhere), most recently answered first."""


class PlansStore(Protocol):
    """Members' study plans (one each), their practice per local day and area, and the
    reminders sent (one row per member and local day, written before the DM)."""

    async def save_plan(self, plan: PlanRecord) -> None:
        """Create or replace the member's plan (their activity and reminder rows stay)."""
        ...

    async def get_plan(self, user_id: int) -> PlanRecord | None: ...

    async def disable_plan(self, user_id: int) -> bool:
        """False when the member had no plan on."""
        ...

    async def set_reminder(self, user_id: int, remind_at: str | None) -> bool:
        """False when the member has no plan on."""
        ...

    async def plans_with_reminders(self) -> list[PlanRecord]:
        """Every plan that is on with a reminder time, by user id."""
        ...

    async def plan_zones(self) -> dict[int, str]:
        """User id -> time zone of every plan that is on (what counting an answer needs)."""
        ...

    async def add_activity(self, counts: Sequence[tuple[int, PlanActivity]]) -> None:
        """Add each (user id, answered and correct on a local day in an area) to the member's
        row, in one transaction (atomically: concurrent additions are all counted), for members
        with a plan on only (nothing is written for the others)."""
        ...

    async def activity(self, user_id: int, since: date, until: date) -> list[PlanActivity]:
        """The member's rows from ``since`` to ``until`` (inclusive), by date and area."""
        ...

    async def claim_reminder(self, user_id: int, day: date, now: datetime) -> bool:
        """Record the reminder of ``day`` before it is sent: True for the one caller that
        created the row (UNIQUE(user_id, local_date)); False when it exists already."""
        ...

    async def finish_reminder(self, user_id: int, day: date, outcome: ReminderOutcome) -> None: ...

    async def reminded(self, user_ids: Sequence[int], day: date) -> frozenset[int]:
        """Those of ``user_ids`` with a reminder row for ``day`` (sent or being sent)."""
        ...

"""The FSRS schedule behind a small pure interface: the rest of the code sees a
:class:`CardState` (the FSRS card as JSON text plus what the store indexes) and never imports
``fsrs``.

FSRS (Free Spaced Repetition Scheduler, the ``fsrs`` package) with its default parameters and a
desired retention of 0.9: a card is due again when the member's chance of recalling it has
fallen to 90 %.  Fuzzing is off, so the same answers always give the same due time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from bot.core.clock import as_utc

from .rating import Grade

DESIRED_RETENTION = 0.9


@dataclass(frozen=True, slots=True)
class CardState:
    """One member's card for one question."""

    question_id: str
    fsrs: str  # the FSRS card, serialised by the package (stability, difficulty, step, state)
    due_at: datetime
    lapses: int  # answers rated Again (the first miss included)
    reps: int  # reviews of any grade
    created_at: datetime
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class Answered:
    """One committed answer of a member's, as review reads it back from the answers table."""

    question_id: str
    correct: bool
    answered_at: datetime
    seconds: float | None  # from the question's posting to the answer (None: unknown)


class ReviewScheduler:
    def __init__(self, desired_retention: float = DESIRED_RETENTION) -> None:
        self._fsrs = Scheduler(desired_retention=desired_retention, enable_fuzzing=False)

    def new_card(self, question_id: str, now: datetime) -> CardState:
        """A card due now, never reviewed."""
        now = as_utc(now)
        card = Card(card_id=1, due=now)  # an explicit id: the package's default sleeps 1 ms
        return CardState(question_id, card.to_json(), now, 0, 0, now, None)

    def review(self, card: CardState, grade: Grade, now: datetime) -> CardState:
        """The card after one answer graded ``grade`` at ``now``."""
        now = as_utc(now)
        fsrs_card, _log = self._fsrs.review_card(Card.from_json(card.fsrs), Rating(int(grade)), now)
        return replace(
            card,
            fsrs=fsrs_card.to_json(),
            due_at=as_utc(fsrs_card.due),
            lapses=card.lapses + (grade is Grade.AGAIN),
            reps=card.reps + 1,
            last_review=now,
        )

    def first_miss(self, question_id: str, now: datetime) -> CardState:
        """A new card for a question just missed: created and reviewed as Again."""
        return self.review(self.new_card(question_id, now), Grade.AGAIN, now)


def due_order(cards: Iterable[CardState], now: datetime) -> list[CardState]:
    """The cards due at ``now`` in the order they are shown: longest overdue first, then the
    most often missed, then by question id (the store's due query sorts the same way)."""
    due = [c for c in cards if c.due_at <= now]
    return sorted(due, key=lambda c: (c.due_at, -c.lapses, c.question_id))

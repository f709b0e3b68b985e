"""The channel quiz round as a state machine (pure).

A round asks its questions one at a time.  A question is revealed when its timer expires,
or earlier when every member who took part in the round *before this question* has
answered it (on the first question nobody has taken part yet, so the timer decides).
After a reveal the round moves to the next question; it finishes when the questions run
out, after ``MAX_UNANSWERED`` questions in a row without a single answer, or when stopped.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

MAX_UNANSWERED = 2
FinishReason = Literal["completed", "inactive", "stopped", "expired"]


def should_reveal(
    now: datetime, deadline: datetime, participants_before: Collection[int], answered: Collection[int]
) -> bool:
    """True when the timer has expired or every earlier participant has answered."""
    if now >= deadline:
        return True
    before = set(participants_before)
    return early_reveal(len(before), len(before - set(answered)))


def early_reveal(participants_before: int, still_missing: int) -> bool:
    """The early-reveal rule on counts: somebody took part before and nobody is missing."""
    return participants_before > 0 and still_missing == 0


@dataclass(frozen=True, slots=True)
class RoundAdvance:
    next_index: int
    unanswered_streak: int
    finished: bool
    reason: FinishReason | None


def advance_after_reveal(index: int, total: int, unanswered_streak: int, answers_count: int) -> RoundAdvance:
    """The round's state after revealing question ``index`` (0-based) of ``total``."""
    streak = 0 if answers_count else unanswered_streak + 1
    nxt = index + 1
    if streak >= MAX_UNANSWERED:
        return RoundAdvance(nxt, streak, True, "inactive")
    if nxt >= total:
        return RoundAdvance(nxt, streak, True, "completed")
    return RoundAdvance(nxt, streak, False, None)


def pick_round_questions(pool: Sequence[str], count: int, rng: random.Random | None = None) -> list[str]:
    """``count`` distinct question ids in random order (all of them if the pool is smaller)."""
    rng = rng or random.Random()
    unique = list(dict.fromkeys(pool))
    return rng.sample(unique, min(count, len(unique)))

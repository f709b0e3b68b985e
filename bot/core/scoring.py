"""Points for an answer: 10 for a correct answer plus a speed bonus of up to 5 points that
falls linearly to 0 over the question's time limit; 0 for a wrong answer."""

from __future__ import annotations

import math
from enum import StrEnum

BASE_POINTS = 10
MAX_SPEED_BONUS = 5


def speed_bonus(elapsed_seconds: float, time_limit_seconds: float) -> int:
    """``MAX_SPEED_BONUS`` at once, falling linearly to 0 at the time limit (rounded half up)."""
    if time_limit_seconds <= 0:
        return 0
    remaining = 1.0 - max(0.0, elapsed_seconds) / time_limit_seconds
    return math.floor(MAX_SPEED_BONUS * min(1.0, max(0.0, remaining)) + 0.5)


def score_answer(correct: bool, elapsed_seconds: float, time_limit_seconds: float) -> int:
    """Points for one answer given ``elapsed_seconds`` since the question was posted."""
    if not correct:
        return 0
    return BASE_POINTS + speed_bonus(elapsed_seconds, time_limit_seconds)


class AnswerStatus(StrEnum):
    """What became of an answer handed to ``record_answer``."""

    ACCEPTED = "accepted"  # recorded now
    DUPLICATE = "duplicate"  # the member had answered already; the first answer stands
    CLOSED = "closed"  # the question was revealed already
    MISSING = "missing"  # no such round question / daily post

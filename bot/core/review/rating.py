"""Rating an answer for spaced review: from right or wrong and how long the member took.

A member does not grade themselves here (a study bot asks a question, it does not show a flash
card), so the grade is derived: wrong is Again; right is Easy when answered in under a third of
the exam's time per question, Hard when slower than that time, Good otherwise (and when the time
is unknown, e.g. a daily question answered hours after it was posted).
"""

from __future__ import annotations

from enum import IntEnum

DEFAULT_SECONDS = 90.0  # per question, when the question's exam has no blueprint
FAST_SHARE = 1 / 3  # right within this share of the reference time: Easy
LEECH_LAPSES = 8  # a card missed this many times is a leech: reread the guideline


class Grade(IntEnum):
    """FSRS's four ratings, with its numbering."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def rate(correct: bool, seconds: float | None, reference_seconds: float | None = None) -> Grade:
    """The grade for one answer; ``reference_seconds`` is the exam's time per question."""
    if not correct:
        return Grade.AGAIN
    if seconds is None or seconds < 0:
        return Grade.GOOD
    reference = reference_seconds if reference_seconds and reference_seconds > 0 else DEFAULT_SECONDS
    if seconds <= reference * FAST_SHARE:
        return Grade.EASY
    if seconds > reference:
        return Grade.HARD
    return Grade.GOOD


def is_leech(lapses: int) -> bool:
    return lapses >= LEECH_LAPSES

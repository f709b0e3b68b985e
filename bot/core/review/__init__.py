"""Spaced review, pure: how an answer is rated, the FSRS schedule behind a small interface, the
leech rule and the order due cards are shown in.  Only :mod:`.scheduler` imports ``fsrs``."""

from __future__ import annotations

from .rating import DEFAULT_SECONDS, LEECH_LAPSES, Grade, is_leech, rate
from .scheduler import DESIRED_RETENTION, Answered, CardState, ReviewScheduler, due_order

__all__ = [
    "DEFAULT_SECONDS",
    "DESIRED_RETENTION",
    "LEECH_LAPSES",
    "Answered",
    "CardState",
    "Grade",
    "ReviewScheduler",
    "due_order",
    "is_leech",
    "rate",
]

"""The seam between the ways a member practises and what learns from their results.

Quiz rounds, daily questions, mock exams, drills and review sessions each *publish* one
:class:`PracticeResult` per committed answer; spaced review (new cards for misses) and the study
plan (activity against the plan) *subscribe*. A subscriber's failure is logged and never reaches
the member's answer, which is already committed; a subscriber that must not lose a result
reconciles from its own store (each says how in its module).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

log = logging.getLogger("certcoach.practice")

Source = Literal["quiz", "daily", "exam", "drill", "review"]


@dataclass(frozen=True, slots=True)
class PracticeResult:
    user_id: int
    question_id: str
    domain: str
    correct: bool
    seconds: float | None  # how long the member took, when known
    answered_at: datetime
    source: Source
    guild_id: int | None = None  # None in DMs and the console's own server


Subscriber = Callable[[PracticeResult], Awaitable[None]]


class PracticeEvents:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    async def publish(self, result: PracticeResult) -> None:
        for subscriber in self._subscribers:
            try:
                await subscriber(result)
            except Exception:  # a learner's bookkeeping must never fail the answer itself
                log.exception("practice subscriber failed for %s", result.question_id)


@dataclass(frozen=True, slots=True)
class AreaScore:
    domain: str
    right: int
    asked: int
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ExamAttemptSummary:
    """One submitted mock exam, as readiness, charts and the study plan read it."""

    id: int
    user_id: int
    exam: str
    started_at: datetime
    submitted_at: datetime
    right: int
    asked: int
    passed: bool
    areas: tuple[AreaScore, ...]

    @property
    def percent(self) -> float:
        return 100 * self.right / self.asked if self.asked else 0.0

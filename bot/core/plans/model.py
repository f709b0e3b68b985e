"""What a study plan is made of (see ``build.build_plan``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

GUIDE_MIN_WEEKS = 8  # the seed guide: "about 8 to 13 weeks" of spaced study (topics-study.yaml)
GUIDE_MAX_WEEKS = 13
CRAM_DAYS = 7  # fewer days than this: a short cram plan, with a warning
MAX_DAYS = 730  # further away than two years is taken for a typo
DEFAULT_HOURS = 6
MIN_HOURS, MAX_HOURS = 1, 60
QUESTIONS_PER_HOUR = 15  # answering at exam pace plus reading each explanation: ~4 min a question

MockKind = Literal["baseline", "midpoint", "final-weeks", "cram"]


class PlanError(ValueError):
    """A plan that cannot be made (date in the past, today, too far; hours out of range): the
    message is a friendly sentence for the member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class AreaPriority:
    """One blueprint area, with how much it matters to this member (weight x weakness)."""

    domain: str
    count: int  # questions of a full exam
    accuracy: float | None  # the member's share right in the area so far (None: no answers)
    priority: float


@dataclass(frozen=True, slots=True)
class MockExam:
    day: date
    kind: MockKind


@dataclass(frozen=True, slots=True)
class PlanWeek:
    number: int  # 1-based
    start: date
    end: date  # inclusive; the last study week ends the day before the exam
    focus: tuple[str, ...]  # area domains, most important first
    target_questions: int
    review_days: int  # a short review session every study day
    mocks: tuple[MockExam, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class StudyPlan:
    exam: str
    start: date
    exam_date: date
    hours_per_week: int
    areas: tuple[AreaPriority, ...]  # most important first
    weeks: tuple[PlanWeek, ...]
    advice: tuple[str, ...]  # the guide's advice on the plan's length, the cram warning

    @property
    def days(self) -> int:
        """Study days: from the start up to the day before the exam."""
        return (self.exam_date - self.start).days

    @property
    def cram(self) -> bool:
        return self.days < CRAM_DAYS

    @property
    def mocks(self) -> tuple[MockExam, ...]:
        return tuple(m for w in self.weeks for m in w.mocks)

    def week_of(self, day: date) -> PlanWeek | None:
        return next((w for w in self.weeks if w.holds(day)), None)

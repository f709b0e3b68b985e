"""A mock exam's clock: time left, whether it ran out, and the member's pace against the real
exam's seconds per question."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

ON_PACE_SECONDS = 30.0  # within half a minute either way counts as on pace


@dataclass(frozen=True, slots=True)
class Pace:
    answered: int
    elapsed_seconds: float
    seconds_per_question: float

    @property
    def seconds_ahead(self) -> float:
        """Positive when the member answered more than the real pace asks for by now."""
        return self.answered * self.seconds_per_question - self.elapsed_seconds

    @property
    def label(self) -> str:
        ahead = self.seconds_ahead
        if abs(ahead) < ON_PACE_SECONDS:
            return "on pace"
        return f"{'ahead' if ahead > 0 else 'behind'} by {format_duration(abs(ahead))}"


@dataclass(frozen=True, slots=True)
class ExamClock:
    started_at: datetime
    deadline: datetime
    seconds_per_question: float

    @classmethod
    def start(cls, now: datetime, length: int, seconds_per_question: float) -> ExamClock:
        return cls(now, now + timedelta(seconds=length * seconds_per_question), seconds_per_question)

    def time_left(self, now: datetime) -> timedelta:
        return max(timedelta(0), self.deadline - now)

    def timed_out(self, now: datetime) -> bool:
        return now >= self.deadline

    def pace(self, answered: int, now: datetime) -> Pace:
        elapsed = min(now, self.deadline) - self.started_at
        return Pace(answered, max(0.0, elapsed.total_seconds()), self.seconds_per_question)


def format_duration(seconds: float) -> str:
    """``1 h 05 min``, ``12 min``, ``40 s``: how members read exam times."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = whole // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"

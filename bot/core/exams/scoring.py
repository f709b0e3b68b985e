"""Scoring a submitted mock exam: per area (right, asked, percent, time), pass or fail against
the blueprint, the slowest areas, and the trend against the member's earlier attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..blueprints.model import Blueprint


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    domain: str
    correct: bool  # an unanswered question counts as wrong, as on the real exam
    seconds: float


@dataclass(frozen=True, slots=True)
class AreaResult:
    domain: str
    right: int
    asked: int
    seconds: float

    @property
    def percent(self) -> float:
        return 100 * self.right / self.asked if self.asked else 0.0

    @property
    def seconds_per_question(self) -> float:
        return self.seconds / self.asked if self.asked else 0.0


@dataclass(frozen=True, slots=True)
class ExamScore:
    right: int
    asked: int
    passed: bool
    areas: tuple[AreaResult, ...]  # in the blueprint's order

    @property
    def percent(self) -> float:
        return 100 * self.right / self.asked if self.asked else 0.0

    @property
    def seconds(self) -> float:
        return sum(a.seconds for a in self.areas)


@dataclass(frozen=True, slots=True)
class Trend:
    previous: float | None  # the last earlier attempt's percent
    best: float | None  # the best earlier percent
    attempts: int  # earlier attempts compared against

    def change(self, percent: float) -> float | None:
        return None if self.previous is None else percent - self.previous


def score_exam(blueprint: Blueprint, items: Sequence[ItemOutcome]) -> ExamScore:
    order = [a.domain for a in blueprint.areas]
    order += sorted({i.domain for i in items} - set(order))
    areas = []
    for domain in order:
        mine = [i for i in items if i.domain == domain]
        if mine:
            right = sum(i.correct for i in mine)
            areas.append(AreaResult(domain, right, len(mine), sum(i.seconds for i in mine)))
    right = sum(i.correct for i in items)
    return ExamScore(right, len(items), blueprint.passes(right, len(items)), tuple(areas))


def slowest_areas(
    areas: Sequence[AreaResult], seconds_per_question: float, limit: int = 3
) -> list[AreaResult]:
    """The areas where the member spent longest per question, slower than the real pace first;
    only areas slower than the real pace are listed."""
    slow = [a for a in areas if a.seconds_per_question > seconds_per_question]
    slow.sort(key=lambda a: (-a.seconds_per_question, a.domain))
    return slow[:limit]


def trend(earlier_percents: Sequence[float]) -> Trend:
    """``earlier_percents``: the member's earlier attempts at the same exam, oldest first."""
    if not earlier_percents:
        return Trend(None, None, 0)
    return Trend(earlier_percents[-1], max(earlier_percents), len(earlier_percents))

"""Exam readiness per member: practice accuracy per area (from the stats service) and the mock
exams they submitted (from an :class:`ExamHistory`), through the model in
``bot/core/readiness.py``.

The mock exams come from a small Protocol so this slice does not depend on the exams slice:
the lead wires the exams service in; until then the history is empty and readiness rests on
practice alone (with "not enough data" until the member has practised enough).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.banks.domains import DOMAINS, domain_title
from bot.core.blueprints.model import Blueprint
from bot.core.readiness import Readiness, Tally, estimate_readiness

from .practice import ExamAttemptSummary
from .stats import DomainStats, MemberStats


class ExamHistory(Protocol):
    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        """The member's submitted mock exams (of ``exam``, or every exam), oldest first."""
        ...


class NoExamHistory:
    """No mock exams anywhere: the default until the exams service is wired in."""

    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        return []


@dataclass(frozen=True, slots=True)
class ExamReport:
    """One exam's readiness with what a card and the charts show beside it."""

    blueprint: Blueprint
    readiness: Readiness
    areas: tuple[DomainStats, ...]  # the member's practice in this exam's areas, blueprint order
    attempts: tuple[ExamAttemptSummary, ...]  # oldest first

    @property
    def exam(self) -> str:
        return self.blueprint.exam

    @property
    def practice_answers(self) -> int:
        return sum(a.answered for a in self.areas)

    @property
    def chartable(self) -> bool:
        """Whether there is an area chart to draw (some practice in this exam's areas)."""
        return any(a.answered for a in self.areas)

    def missing_areas(self) -> list[str]:
        """The titles of the areas readiness still needs answers in."""
        missing = self.readiness.missing
        return [domain_title(d) for d in missing.areas] if missing else []


class ReadinessService:
    def __init__(self, blueprints: dict[str, Blueprint], history: ExamHistory | None = None) -> None:
        self.blueprints = blueprints
        self.history: ExamHistory = history or NoExamHistory()

    async def reports(self, stats: MemberStats, *, mocks: bool = True) -> list[ExamReport]:
        """One report per exam the member practised or took a mock of, most practised first.
        ``mocks=False`` leaves mock exams out: they are private to the member, while practice
        accuracy is what /stats shows anyone in the server."""
        found = await self.history.attempts(stats.user_id) if mocks else []
        attempts = sorted(found, key=lambda a: a.submitted_at)
        by_domain = {d.domain: d for d in stats.domains}
        practised = {DOMAINS[d].exam for d in by_domain if d in DOMAINS}
        exams = practised | {a.exam for a in attempts}
        reports = [
            self.report(self.blueprints[exam], by_domain, [a for a in attempts if a.exam == exam])
            for exam in sorted(exams)
            if exam in self.blueprints
        ]
        return sorted(reports, key=lambda r: (-len(r.attempts) - r.practice_answers, r.exam))

    @staticmethod
    def report(
        blueprint: Blueprint, by_domain: dict[str, DomainStats], attempts: list[ExamAttemptSummary]
    ) -> ExamReport:
        areas = tuple(by_domain[a.domain] for a in blueprint.areas if a.domain in by_domain)
        readiness = estimate_readiness(
            blueprint,
            {d.domain: Tally(d.correct, d.answered) for d in areas},
            [Tally(a.right, a.asked) for a in attempts],
        )
        return ExamReport(blueprint, readiness, areas, tuple(attempts))

"""What the mock exam service returns: the question a member is on (with the clock and pace),
and the report of a finished attempt (score, areas, slowest areas, trend, missed questions).

Built here from the store's records and the banks, so ``exams`` keeps to the flow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.banks.domains import domain_title
from bot.core.banks.library import Question
from bot.core.blueprints.model import Blueprint
from bot.core.exams.scoring import AreaResult, ExamScore, ItemOutcome, Trend, score_exam, slowest_areas
from bot.core.exams.timing import ExamClock, Pace
from bot.store.interface import ExamAttemptRecord, ExamItemRecord

from .banks import BanksService
from .practice import AreaScore, ExamAttemptSummary


@dataclass(frozen=True, slots=True)
class ExamQuestionView:
    """The question the member is on, with everything a screen shows around it."""

    attempt_id: int
    exam: str
    title: str
    number: int  # 1-based
    total: int
    question: Question
    chosen: int | None
    flagged: bool
    answered: int
    flagged_count: int
    time_left: timedelta
    pace: Pace

    @property
    def area(self) -> str:
        return domain_title(self.question.domain)

    @property
    def chosen_letter(self) -> str | None:
        return None if self.chosen is None else self.question.letters[self.chosen]


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    number: int
    question: Question
    chosen: int | None  # None: left unanswered

    @property
    def chosen_letter(self) -> str:
        return "-" if self.chosen is None else self.question.letters[self.chosen]


@dataclass(frozen=True, slots=True)
class ExamReport:
    summary: ExamAttemptSummary
    title: str
    pass_percent: int
    pass_note: str
    timed_out: bool
    seconds_per_question: float  # the real exam's pace
    areas: tuple[AreaResult, ...]
    slowest: tuple[AreaResult, ...]
    trend: Trend
    missed: tuple[MissedQuestion, ...]
    unanswered: int
    seconds_spent: float

    @property
    def attempt_id(self) -> int:
        return self.summary.id

    @property
    def percent(self) -> float:
        return self.summary.percent

    @property
    def passed(self) -> bool:
        return self.summary.passed


def question_view(
    attempt: ExamAttemptRecord,
    items: Sequence[ExamItemRecord],
    question: Question,
    blueprint: Blueprint,
    now: datetime,
) -> ExamQuestionView:
    item = items[attempt.position]
    clock = ExamClock(attempt.started_at, attempt.deadline, blueprint.seconds_per_question)
    answered = sum(i.chosen is not None for i in items)
    return ExamQuestionView(
        attempt_id=attempt.id,
        exam=attempt.exam,
        title=blueprint.title,
        number=attempt.position + 1,
        total=len(items),
        question=question,
        chosen=item.chosen,
        flagged=item.flagged,
        answered=answered,
        flagged_count=sum(i.flagged for i in items),
        time_left=clock.time_left(now),
        pace=clock.pace(answered, now),
    )


def score_items(blueprint: Blueprint, items: Sequence[ExamItemRecord], banks: BanksService) -> ExamScore:
    return score_exam(blueprint, [_outcome(i, banks.find(i.question_id)) for i in items])


def _outcome(item: ExamItemRecord, question: Question | None) -> ItemOutcome:
    correct = question is not None and item.chosen == question.answer
    return ItemOutcome(item.domain, correct, item.seconds)


def summary_of(attempt: ExamAttemptRecord, score: ExamScore) -> ExamAttemptSummary:
    assert attempt.submitted_at is not None  # only finished attempts are summarised
    return ExamAttemptSummary(
        id=attempt.id,
        user_id=attempt.user_id,
        exam=attempt.exam,
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at,
        right=score.right,
        asked=score.asked,
        passed=score.passed,
        areas=tuple(AreaScore(a.domain, a.right, a.asked, a.seconds) for a in score.areas),
    )


def build_report(
    attempt: ExamAttemptRecord,
    items: Sequence[ExamItemRecord],
    blueprint: Blueprint,
    banks: BanksService,
    trend: Trend,
) -> ExamReport:
    score = score_items(blueprint, items, banks)
    missed = []
    for item in items:
        question = banks.find(item.question_id)
        if question is not None and item.chosen != question.answer:
            missed.append(MissedQuestion(item.position + 1, question, item.chosen))
    return ExamReport(
        summary=summary_of(attempt, score),
        title=blueprint.title,
        pass_percent=blueprint.pass_percent,
        pass_note=blueprint.pass_note,
        timed_out=attempt.status == "timed_out",
        seconds_per_question=blueprint.seconds_per_question,
        areas=score.areas,
        slowest=tuple(slowest_areas(score.areas, blueprint.seconds_per_question)),
        trend=trend,
        missed=tuple(missed),
        unanswered=sum(i.chosen is None for i in items),
        seconds_spent=score.seconds,
    )

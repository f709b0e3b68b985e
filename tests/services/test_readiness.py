"""ReadinessService: reports per exam from practice (stats) and mock exams (an ExamHistory)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.readiness import MIN_AREA_ANSWERS, Missing
from bot.core.stats import Streaks
from bot.services.practice import AreaScore, ExamAttemptSummary
from bot.services.readiness import NoExamHistory, ReadinessService
from bot.services.stats import DomainStats, MemberStats

ANN = 1
START = datetime(2026, 11, 1, 12, tzinfo=UTC)
CPC = Blueprint(
    "CPC",
    "CPC",
    100,
    240,
    70,
    "test",
    (AreaShare("cpc.icd10cm", 60, "test"), AreaShare("cpc.anatomy", 40, "test")),
)
CCA = Blueprint(
    "CCA", "CCA", 90, 120, 70, "test", (AreaShare("cca.classification", 90, "test"),), pass_note="scaled"
)


def member(*domains: DomainStats) -> MemberStats:
    return MemberStats(
        ANN,
        sum(d.answered for d in domains),
        sum(d.correct for d in domains),
        0,
        Streaks(),
        domains,
        None,
    )


def attempt(n: int, exam: str, right: int, asked: int = 100) -> ExamAttemptSummary:
    at = START + timedelta(days=n)
    return ExamAttemptSummary(
        n, ANN, exam, at - timedelta(hours=4), at, right, asked, right >= 70, (AreaScore("x", right, asked),)
    )


class History:
    def __init__(self, *attempts: ExamAttemptSummary) -> None:
        self._attempts = list(attempts)
        self.asked: list[tuple[int, str | None]] = []

    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        self.asked.append((user_id, exam))
        return [a for a in self._attempts if a.user_id == user_id and exam in (None, a.exam)]


async def test_no_history_and_no_exam_practice_gives_no_report():
    service = ReadinessService({"CPC": CPC})
    assert isinstance(service.history, NoExamHistory)
    careers = DomainStats("certifications", "Credentials and careers", 30, 20)
    assert await service.reports(member(careers)) == []


async def test_practice_without_enough_answers_names_what_is_missing():
    service = ReadinessService({"CPC": CPC})
    (report,) = await service.reports(member(DomainStats("cpc.anatomy", "Anatomy", 4, 3)))
    assert report.exam == "CPC" and report.readiness.estimate is None
    # icd10cm (60 of 100 questions) needs 10 answers; anatomy alone (40) is not over half.
    assert report.readiness.missing == Missing(MIN_AREA_ANSWERS, ("cpc.icd10cm",))
    assert report.missing_areas() == ["ICD-10-CM"]
    assert report.practice_answers == 4


async def test_mock_exams_come_from_the_history_oldest_first_per_exam():
    history = History(attempt(3, "CPC", 80), attempt(1, "CPC", 60), attempt(2, "CCA", 70, 90))
    service = ReadinessService({"CPC": CPC, "CCA": CCA}, history)
    reports = await service.reports(member(DomainStats("cpc.anatomy", "Anatomy", 4, 3)))
    assert history.asked == [(ANN, None)]
    by_exam = {r.exam: r for r in reports}
    assert [a.percent for a in by_exam["CPC"].attempts] == [60.0, 80.0]
    cpc = by_exam["CPC"].readiness.estimate
    assert cpc is not None and cpc.mocks == (60.0, 80.0)
    # 140/200 pooled from the mocks, precision-weighted with 4 anatomy answers (3 right).
    assert cpc.expected == pytest.approx(0.70, abs=0.02)
    assert by_exam["CCA"].readiness.estimate is not None
    assert by_exam["CCA"].areas == ()
    # CPC first: more evidence (2 mocks and 4 answers against 1 mock).
    assert [r.exam for r in reports] == ["CPC", "CCA"]


async def test_an_exam_without_a_blueprint_is_left_out():
    service = ReadinessService({"CPC": CPC}, History(attempt(1, "CRC", 80)))
    assert await service.reports(member()) == []


async def test_mocks_false_leaves_the_private_mock_exams_out():
    history = History(attempt(1, "CPC", 80))
    service = ReadinessService({"CPC": CPC}, history)
    assert await service.reports(member(), mocks=False) == []
    (report,) = await service.reports(member(DomainStats("cpc.anatomy", "Anatomy", 4, 3)), mocks=False)
    assert report.attempts == () and report.readiness.estimate is None and report.chartable
    assert history.asked == []

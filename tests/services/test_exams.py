"""ExamService on both engines with the fake clock: start (one at a time), answer, back/next,
flag and jump to the next flagged, submit with one PracticeResult per answered question, the
report (areas, slowest, trend, missed), history; time-out on the next interaction and at
start-up recovery (also while the bot was down), and a restart mid-exam."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.services.exam_views import ExamQuestionView, ExamReport
from bot.services.exams import ExamAlreadyRunning, ExamError, ExamService, NoExamRunning
from bot.services.practice import PracticeEvents, PracticeResult
from bot.services.privacy import PrivacyService

from .helpers import ANN, BOB, GUILD

# 10 questions in 20 minutes (120 s a question): 6 ICD-10-CM, 4 anatomy, as the test bank holds.
BP = Blueprint(
    exam="CPC",
    title="Certified Professional Coder",
    questions=10,
    minutes=20,
    pass_percent=70,
    source="test",
    areas=(AreaShare("cpc.icd10cm", 6, "s"), AreaShare("cpc.anatomy", 4, "s")),
)


@pytest.fixture
def published():
    return []


@pytest.fixture
def exams(store, svc, clock, published) -> ExamService:
    return new_service(store, svc, clock, published)


def new_service(store, svc, clock, published, seed=7) -> ExamService:
    """A service as a freshly started process builds it, on the same store."""
    events = PracticeEvents()

    async def collect(result: PracticeResult) -> None:
        published.append(result)

    events.subscribe(collect)
    return ExamService(store.exams, svc.banks, {"CPC": BP}, events, clock=clock, rng=random.Random(seed))


def right_letter(view: ExamQuestionView) -> str:
    return view.question.answer_letter


def wrong_letter(view: ExamQuestionView) -> str:
    return next(x for x in view.question.letters if x != view.question.answer_letter)


async def test_start_draws_to_the_blueprint_with_its_clock(exams, clock):
    view = await exams.start(ANN, "cpc", "half")
    assert (view.number, view.total, view.answered, view.flagged_count) == (1, 5, 0, 0)
    assert view.time_left.total_seconds() == 600  # 5 questions at 120 s
    assert view.pace.label == "on pace"
    clock.advance(minutes=5)
    again = await exams.resume(ANN)
    assert again.time_left.total_seconds() == 300 and again.pace.label == "behind by 5 min"


async def test_friendly_errors(exams):
    with pytest.raises(ExamError, match="Exams: CPC"):
        await exams.start(ANN, "XYZ")
    with pytest.raises(ExamError, match="from 5 to 10"):
        await exams.start(ANN, "CPC", "3")
    with pytest.raises(NoExamRunning):
        await exams.answer(ANN, "A")
    await exams.start(ANN)
    with pytest.raises(ExamAlreadyRunning, match="question 1 of 10"):
        await exams.start(ANN, "CPC", "5")
    with pytest.raises(ExamError, match="letters A, B, C, D"):
        await exams.answer(ANN, "Z")


async def test_answer_navigate_flag_and_submit(exams, clock, published):
    view = await exams.start(ANN, "CPC", "full")
    letters = []
    for n in range(10):
        assert view.number == n + 1
        clock.advance(seconds=60)
        letter = right_letter(view) if n < 7 else wrong_letter(view)
        letters.append(letter)
        if n == 2:
            view = await exams.flag(ANN)
            assert view.flagged and view.flagged_count == 1
        if n == 8:
            view = await exams.answer(ANN, letter)
            break
        view = await exams.answer(ANN, letter)
    assert view.number == 10 and view.answered == 9
    view = await exams.move(ANN, "back")
    assert view.number == 9 and view.chosen_letter == letters[8]
    view = await exams.move(ANN, "next_flagged")
    assert view.number == 3 and view.flagged
    view = await exams.flag(ANN)
    assert not view.flagged
    with pytest.raises(ExamError, match="No other question is flagged"):
        await exams.move(ANN, "next_flagged")
    view = await exams.move(ANN, "next")
    assert view.number == 4
    clock.advance(seconds=30)
    report = await exams.submit(ANN)
    assert isinstance(report, ExamReport) and not report.timed_out
    assert (report.summary.right, report.summary.asked, report.passed) == (7, 10, True)
    assert report.unanswered == 1 and len(report.missed) == 3
    assert all(m.question.explanation and m.question.source for m in report.missed)
    assert sum(a.asked for a in report.areas) == 10
    assert report.seconds_spent == pytest.approx(9 * 60 + 30)
    assert len(published) == 9 and {p.source for p in published} == {"exam"}
    assert sum(p.correct for p in published) == 7 and all(p.user_id == ANN for p in published)
    assert await exams.resume(ANN) is None
    with pytest.raises(NoExamRunning):
        await exams.submit(ANN)


async def test_a_stale_click_changes_nothing(exams, clock):
    view = await exams.start(ANN, "CPC", "5")
    first = view.attempt_id
    moved = await exams.answer(ANN, right_letter(view), attempt_id=first, at=0)
    assert moved.number == 2
    again = await exams.answer(ANN, "A", attempt_id=first, at=0)  # the first message clicked again
    assert again.number == 2 and again.answered == 1


async def test_time_out_on_the_next_interaction(exams, clock, published):
    view = await exams.start(ANN, "CPC", "5")
    await exams.answer(ANN, right_letter(view))
    clock.advance(minutes=11)
    outcome = await exams.answer(ANN, "A")
    assert isinstance(outcome, ExamReport) and outcome.timed_out
    assert outcome.summary.submitted_at == outcome.summary.started_at + timedelta(minutes=10)
    assert (outcome.summary.right, outcome.unanswered) == (1, 4)
    assert len(published) == 1
    # The old message's buttons now show the report, and nothing is published twice.
    again = await exams.move(ANN, "next", attempt_id=view.attempt_id)
    assert isinstance(again, ExamReport) and again.attempt_id == view.attempt_id
    assert len(published) == 1


async def test_restart_mid_exam_and_time_out_while_down(store, svc, clock, exams, published):
    view = await exams.start(ANN, "CPC", "5")
    await exams.answer(ANN, right_letter(view))
    await exams.start(BOB, "CPC", "10")
    clock.advance(minutes=3)
    restarted = new_service(store, svc, clock, published)  # a new process on the same store
    assert await restarted.recover() == []
    view = await restarted.resume(ANN)
    assert (view.number, view.answered) == (2, 1)
    view = await restarted.answer(ANN, wrong_letter(view))
    assert view.number == 3
    clock.advance(minutes=30)  # the bot is down past both deadlines
    again = new_service(store, svc, clock, published)
    reports = await again.recover()
    assert sorted((r.summary.user_id, r.timed_out) for r in reports) == [(ANN, True), (BOB, True)]
    pending = await again.pending_notices()
    assert {a.user_id for a, _ in pending} == {ANN, BOB}
    assert await again.mark_notified(pending[0][0].id)
    assert len(await again.pending_notices()) == 1
    assert len(published) == 2  # ANN's two answers, once each
    assert await again.recover() == []


async def test_history_trend_and_repeats_avoided(exams, clock):
    seen: list[set[str]] = []
    for right in (5, 2):
        view = await exams.start(ANN, "CPC", "5")
        ids = set()
        for n in range(5):
            ids.add(view.question.id)
            outcome = await exams.answer(ANN, right_letter(view) if n < right else wrong_letter(view))
            view = outcome if isinstance(outcome, ExamQuestionView) else view
        seen.append(ids)
        report = await exams.submit(ANN)
        clock.advance(hours=1)
    assert not seen[0] & seen[1]  # the bank had 5 unseen questions left
    assert report.trend.previous == 100.0 and report.trend.change(report.percent) == pytest.approx(-60.0)
    history = await exams.history(ANN)
    assert [h.percent for h in history] == [pytest.approx(40.0), 100.0]
    assert [h.passed for h in history] == [False, True]
    assert (await exams.report(ANN, history[1].id)).percent == 100.0
    with pytest.raises(ExamError):
        await exams.report(BOB, history[1].id)


async def test_forgetting_a_member_deletes_their_exams(store, exams):
    await exams.start(ANN, "CPC", "5")
    privacy = PrivacyService(store.privacy, exams=store.exams)
    assert await privacy.rows_naming(GUILD, ANN) == 1
    forgotten = await privacy.forget(GUILD, ANN)
    assert forgotten.exams_deleted == 1 and "1 mock exam attempt" in forgotten.summary
    assert await exams.resume(ANN) is None and await privacy.rows_naming(GUILD, ANN) == 0


async def test_a_click_after_the_attempt_was_submitted_elsewhere_shows_the_report(
    store, svc, clock, exams, published
):
    view = await exams.start(ANN, "CPC", "5")
    other = new_service(store, svc, clock, published)  # another process
    await other.submit(ANN)
    outcome = await exams.answer(ANN, "A", attempt_id=view.attempt_id, at=0)
    assert isinstance(outcome, ExamReport) and not outcome.timed_out and outcome.unanswered == 5
    clock.advance(hours=1)
    assert isinstance(await exams.move(ANN, "next", attempt_id=view.attempt_id), ExamReport)


async def test_submitted_mocks_reach_readiness_oldest_first(exams, svc, clock):
    from bot.services.readiness import ReadinessService

    for right in (6, 9):  # two full mocks: 60%, then 90%
        view = await exams.start(ANN, "CPC", "full")
        for n in range(10):
            clock.advance(seconds=30)
            view = await exams.answer(ANN, right_letter(view) if n < right else wrong_letter(view))
        await exams.submit(ANN)
        clock.advance(hours=1)
    attempts = await exams.attempts(ANN, "CPC")
    assert [a.right for a in attempts] == [6, 9]  # oldest first
    (report,) = await ReadinessService({"CPC": BP}, exams).reports(await svc.stats.member_stats(GUILD, ANN))
    assert [a.right for a in report.attempts] == [6, 9]

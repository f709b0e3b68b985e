"""The study plan's weeks, focus areas, targets, mock exams and advice."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from bot.core.plans.build import build_plan, rank_areas
from bot.core.plans.model import QUESTIONS_PER_HOUR, PlanError

AREAS = [("x.heavy", 30), ("x.mid", 20), ("x.light", 10), ("x.tiny", 5), ("x.other", 20), ("x.last", 15)]
TODAY = date(2026, 11, 29)


def plan(days: int, hours: int = 6, accuracy: dict[str, float] | None = None):
    return build_plan(
        "CPC", AREAS, TODAY, TODAY + timedelta(days=days), hours_per_week=hours, accuracy=accuracy
    )


def test_weeks_cover_today_to_the_day_before_the_exam():
    p = plan(60)
    assert p.weeks[0].start == TODAY
    assert p.weeks[-1].end == TODAY + timedelta(days=59)
    assert sum(w.days for w in p.weeks) == 60 == p.days
    assert [w.number for w in p.weeks] == list(range(1, 10))
    assert all(b.start - a.start == timedelta(days=7) for a, b in itertools.pairwise(p.weeks))
    assert all(w.review_days == w.days for w in p.weeks)  # a review session every study day


def test_targets_follow_hours_and_partial_weeks():
    p = plan(60, hours=8)
    assert p.weeks[0].target_questions == 8 * QUESTIONS_PER_HOUR
    assert p.weeks[-1].days == 4
    assert p.weeks[-1].target_questions == round(8 * QUESTIONS_PER_HOUR * 4 / 7)
    assert plan(60, hours=4).weeks[0].target_questions < p.weeks[0].target_questions


def test_weak_heavy_areas_rank_first_and_mastered_ones_last():
    ranked = rank_areas(AREAS, {"x.heavy": 1.0, "x.light": 0.1})
    names = [a.domain for a in ranked]
    assert names[0] == "x.mid"  # heavy is mastered: mid (unknown, 20) leads
    assert names.index("x.light") < names.index("x.tiny")
    assert names.index("x.heavy") > names.index("x.other")
    untouched = [a.domain for a in rank_areas(AREAS, {})]
    assert untouched[0] == "x.heavy" and untouched[-1] == "x.tiny"  # weight alone


def test_every_area_comes_round_and_weak_areas_more_often():
    p = plan(70, accuracy={"x.light": 0.2, "x.heavy": 0.95})
    seen = [d for w in p.weeks for d in w.focus]
    assert set(seen) == {d for d, _ in AREAS}
    assert seen.count("x.light") > seen.count("x.tiny")
    last = p.weeks[-1]
    assert last.focus == tuple(a.domain for a in p.areas[:3])  # the final week reviews the top areas


def test_mocks_baseline_middle_last_three_weeks_never_final_two_days():
    exam = TODAY + timedelta(days=70)
    p = plan(70)
    kinds = [(m.kind, m.day) for m in p.mocks]
    assert ("baseline", TODAY + timedelta(days=1)) in kinds
    assert ("midpoint", TODAY + timedelta(days=35)) in kinds
    finals = [d for k, d in kinds if k == "final-weeks"]
    assert finals == [exam - timedelta(days=17), exam - timedelta(days=10), exam - timedelta(days=3)]
    assert all(m.day <= exam - timedelta(days=3) for m in p.mocks)
    days = sorted(m.day for m in p.mocks)
    assert all((b - a).days >= 4 for a, b in itertools.pairwise(days))
    assert p.weeks[0].mocks[0].kind == "baseline"  # mocks sit in their week


@pytest.mark.parametrize("days", [7, 8, 10, 13, 14, 20, 27, 28, 40, 91, 200])
def test_mocks_never_in_the_last_two_days_and_never_before_today(days):
    p = plan(days)
    exam = TODAY + timedelta(days=days)
    assert p.mocks, days
    assert all(TODAY <= m.day <= exam - timedelta(days=3) for m in p.mocks)


def test_advice_outside_eight_to_thirteen_weeks():
    assert plan(70).advice == ()
    assert plan(56).advice == () and plan(91).advice == ()
    assert "8 to 13 weeks" in plan(120).advice[0] and "light, steady pace" in plan(120).advice[0]
    short = plan(30).advice[0]
    assert "shorter than the 8 to 13 weeks" in short and "space" in short


def test_under_a_week_is_a_cram_plan_with_a_warning():
    p = plan(5)
    assert p.cram and len(p.weeks) == 1 and p.weeks[0].days == 5
    assert "short cram plan" in p.advice[0]
    assert [m.kind for m in p.mocks] == ["cram"] and p.mocks[0].day == TODAY
    tiny = plan(2)  # too near even for a mock: none in the final two days
    assert tiny.mocks == () and tiny.cram


@pytest.mark.parametrize(
    ("exam", "words"),
    [
        (TODAY - timedelta(days=1), "in the past"),
        (TODAY, "today"),
        (TODAY + timedelta(days=800), "more than two years"),
    ],
)
def test_dates_no_plan_can_lead_to_are_refused(exam, words):
    with pytest.raises(PlanError, match=words):
        build_plan("CPC", AREAS, TODAY, exam)


@pytest.mark.parametrize("hours", [0, -3, 61])
def test_hours_out_of_range_are_refused(hours):
    with pytest.raises(PlanError, match="Hours per week"):
        plan(60, hours=hours)


def test_leap_day_is_a_study_day():
    p = build_plan("CPC", AREAS, date(2028, 2, 25), date(2028, 3, 10))
    assert p.days == 14  # 29 February 2028 counted
    assert p.week_of(date(2028, 2, 29)).number == 1
    assert p.weeks[1].start == date(2028, 3, 3)
    exam_on_leap = build_plan("CPC", AREAS, date(2028, 1, 1), date(2028, 2, 29))
    assert exam_on_leap.weeks[-1].end == date(2028, 2, 28)

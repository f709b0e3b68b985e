"""Mock exams, pure: length parsing, the draw to a blueprint avoiding recent questions, the clock
and pace on a fake clock, scoring per area, slowest areas and the trend."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.exams.draw import ExamDrawError, draw_exam, parse_length
from bot.core.exams.scoring import ItemOutcome, score_exam, slowest_areas, trend
from bot.core.exams.timing import ExamClock, format_duration

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
BP = Blueprint(
    exam="CPC",
    title="CPC",
    questions=20,
    minutes=40,
    pass_percent=70,
    source="test",
    areas=(AreaShare("cpc.a", 10, "s"), AreaShare("cpc.b", 6, "s"), AreaShare("cpc.c", 4, "s")),
)
POOL = {d: [f"{d}-{i:02d}" for i in range(12)] for d in ("cpc.a", "cpc.b", "cpc.c")}


@pytest.mark.parametrize(
    ("text", "length"), [(None, 20), ("full", 20), ("Half", 10), ("quarter", 5), (" 7 ", 7), ("20", 20)]
)
def test_lengths_by_word_or_number(text, length):
    assert parse_length(text, BP) == length


@pytest.mark.parametrize("text", ["4", "21", "0", "lots", "-5", "2.5"])
def test_bad_lengths_are_refused_with_the_range(text):
    with pytest.raises(ExamDrawError, match="5"):
        parse_length(text, BP)


def test_the_draw_follows_the_blueprint_counts_without_repeats():
    drawn = draw_exam(BP, 10, POOL, {}, random.Random(1))
    assert len(drawn) == 10 == len({d.question_id for d in drawn})
    per_area = {d: sum(x.domain == d for x in drawn) for d in POOL}
    assert per_area == BP.counts_for(10) == {"cpc.a": 5, "cpc.b": 3, "cpc.c": 2}
    assert all(d.question_id.startswith(d.domain) for d in drawn)


def test_recently_seen_questions_are_avoided_when_the_bank_allows():
    seen = dict.fromkeys(POOL["cpc.a"][:7], T0)  # 5 of cpc.a left unseen: exactly enough
    drawn = draw_exam(BP, 10, POOL, seen, random.Random(2))
    assert not {d.question_id for d in drawn} & set(seen)


def test_when_the_bank_is_short_the_least_recently_seen_come_back_first():
    seen = {qid: T0 + timedelta(days=i) for i, qid in enumerate(POOL["cpc.c"][:11])}  # one unseen
    drawn = draw_exam(BP, 20, POOL, seen, random.Random(3))
    got = {d.question_id for d in drawn if d.domain == "cpc.c"}
    assert got == {"cpc.c-11", "cpc.c-00", "cpc.c-01", "cpc.c-02"}


def test_an_area_with_too_few_questions_is_named():
    with pytest.raises(ExamDrawError, match=r"cpc\.c"):
        draw_exam(BP, 20, {**POOL, "cpc.c": ["x", "y"]}, {}, random.Random(4))


def test_clock_time_left_and_time_out():
    clock = ExamClock.start(T0, 10, BP.seconds_per_question)  # 120 s a question
    assert clock.deadline == T0 + timedelta(minutes=20)
    assert clock.time_left(T0 + timedelta(minutes=5)) == timedelta(minutes=15)
    assert not clock.timed_out(T0 + timedelta(minutes=19, seconds=59))
    assert clock.timed_out(clock.deadline)
    assert clock.time_left(T0 + timedelta(hours=1)) == timedelta(0)


def test_pace_ahead_behind_and_on_pace():
    clock = ExamClock.start(T0, 10, 120)
    assert clock.pace(3, T0 + timedelta(minutes=4)).label == "ahead by 2 min"
    assert clock.pace(1, T0 + timedelta(minutes=6)).label == "behind by 4 min"
    assert clock.pace(2, T0 + timedelta(minutes=4, seconds=10)).label == "on pace"
    assert clock.pace(0, T0 + timedelta(hours=3)).elapsed_seconds == 1200  # stops at the deadline


def test_durations_read_naturally():
    assert [format_duration(s) for s in (40, 125, 3900)] == ["40 s", "2 min", "1 h 05 min"]


def test_scoring_per_area_and_pass_mark():
    items = [ItemOutcome("cpc.a", True, 60)] * 7 + [ItemOutcome("cpc.b", False, 200)] * 2
    items += [ItemOutcome("cpc.b", True, 100)]
    score = score_exam(BP, items)
    assert (score.right, score.asked, score.passed) == (8, 10, True)
    assert [(a.domain, a.right, a.asked, a.seconds) for a in score.areas] == [
        ("cpc.a", 7, 7, 420),
        ("cpc.b", 1, 3, 500),
    ]
    assert score.areas[1].percent == pytest.approx(33.33, abs=0.01)
    assert not score_exam(BP, items[:6] + [ItemOutcome("cpc.b", False, 1)] * 4).passed


def test_slowest_areas_are_those_slower_than_the_real_pace():
    items = [ItemOutcome("cpc.a", True, 60), ItemOutcome("cpc.b", True, 300), ItemOutcome("cpc.c", True, 150)]
    slow = slowest_areas(score_exam(BP, items).areas, 120)
    assert [a.domain for a in slow] == ["cpc.b", "cpc.c"]


def test_trend_against_earlier_attempts():
    assert trend([]).change(80) is None
    t = trend([60.0, 75.0, 70.0])
    assert (t.previous, t.best, t.attempts, t.change(80.0)) == (70.0, 75.0, 3, 10.0)

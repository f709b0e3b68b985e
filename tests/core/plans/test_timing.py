"""Local days, countdowns and reminder times over DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.plans.build import build_plan
from bot.core.plans.timing import (
    countdown,
    current_week_number,
    local_today,
    reminder_due_day,
    reminder_instant,
)

NY = ZoneInfo("America/New_York")
AREAS = [("x.a", 10), ("x.b", 5)]


def test_reminder_fires_at_local_time_across_spring_forward():
    # 2027-03-14: New York springs forward at 02:00 (EST -5 -> EDT -4).
    before = reminder_instant(date(2027, 3, 13), time(8, 0), NY)
    after = reminder_instant(date(2027, 3, 14), time(8, 0), NY)
    assert before == datetime(2027, 3, 13, 13, 0, tzinfo=UTC)
    assert after == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)
    assert after - before == timedelta(hours=23)
    gap = reminder_instant(date(2027, 3, 14), time(2, 30), NY)  # does not exist that day
    assert gap.astimezone(NY).time() == time(3, 0)


def test_reminder_fires_once_at_the_first_0130_on_fall_back():
    # 2026-11-01: New York falls back at 02:00; 01:30 happens twice.
    at = reminder_instant(date(2026, 11, 1), time(1, 30), NY)
    assert at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # the EDT one
    assert reminder_due_day(datetime(2026, 11, 1, 5, 29, tzinfo=UTC), time(1, 30), NY) is None
    assert reminder_due_day(datetime(2026, 11, 1, 5, 30, tzinfo=UTC), time(1, 30), NY) == date(2026, 11, 1)
    # still the same local day (and so the same reminder) an hour later, at the second 01:30
    assert reminder_due_day(datetime(2026, 11, 1, 6, 30, tzinfo=UTC), time(1, 30), NY) == date(2026, 11, 1)


def test_local_today_differs_from_utc_near_midnight():
    late = datetime(2027, 3, 2, 3, 0, tzinfo=UTC)  # 22:00 on 1 March in New York
    assert local_today(late, NY) == date(2027, 3, 1)
    assert reminder_due_day(late, time(21, 0), NY) == date(2027, 3, 1)
    assert reminder_due_day(late, time(23, 0), NY) is None


def test_weeks_are_calendar_weeks_across_dst():
    p = build_plan("CPC", AREAS, date(2027, 3, 10), date(2027, 5, 20))
    # the week holding the spring-forward day still has seven days, the next starts a week later
    week = p.week_of(date(2027, 3, 14))
    assert week is not None and week.days == 7 and week.start == date(2027, 3, 10)
    assert current_week_number(p, date(2027, 3, 17)) == 2
    fall = build_plan("CPC", AREAS, date(2026, 10, 28), date(2026, 12, 30))
    assert fall.week_of(date(2026, 11, 1)).days == 7
    assert current_week_number(fall, date(2026, 12, 30)) is None  # exam day: no study week


def test_countdown():
    assert countdown(date(2027, 1, 1), date(2027, 3, 1)) == "59 day(s) to go (8 week(s) 3 day(s))"
    assert countdown(date(2027, 2, 25), date(2027, 3, 1)) == "4 day(s) to go"
    assert countdown(date(2027, 3, 1), date(2027, 3, 1)) == "exam day"
    assert countdown(date(2027, 3, 3), date(2027, 3, 1)) == "the exam was 2 day(s) ago"

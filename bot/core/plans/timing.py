"""Local-time rules of a study plan: the member's today, the countdown, when today's reminder
is due. Dates are the member's calendar dates in their IANA time zone (zoneinfo), so a week is
seven calendar days whatever the DST changes inside it, and a reminder set for 08:00 fires at
08:00 local on the day clocks change (a time skipped by a spring-forward fires at the first
valid time after the gap; a time that occurs twice fires at the first occurrence)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.daily import local_date, resolve_local

from .model import StudyPlan


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return local_date(now, tz)


def reminder_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of the reminder of local ``day``."""
    return resolve_local(day, at, tz)


def reminder_due_day(now: datetime, at: time, tz: ZoneInfo) -> date | None:
    """The local day whose reminder is due at ``now`` (its time has passed today), else None."""
    today = local_date(now, tz)
    return today if now >= reminder_instant(today, at, tz) else None


def countdown(today: date, exam_date: date) -> str:
    """``"73 days to go (10 weeks 3 days)"``; ``"exam day"``; ``"the exam was 2 days ago"``."""
    days = (exam_date - today).days
    if days < 0:
        return f"the exam was {-days} day(s) ago"
    if days == 0:
        return "exam day"
    weeks, rest = divmod(days, 7)
    split = f" ({weeks} week(s) {rest} day(s))" if weeks else ""
    return f"{days} day(s) to go{split}"


def current_week_number(plan: StudyPlan, today: date) -> int | None:
    week = plan.week_of(today)
    return week.number if week else None

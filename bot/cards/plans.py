"""Study-plan cards: the plan with this week's progress (``/plan show``, ``/plan set``) and the
daily reminder."""

from __future__ import annotations

from datetime import date

from bot.core.banks.domains import domain_title
from bot.core.plans.model import MockExam, PlanWeek
from bot.services.plans import PlanView

from .model import Card, Table

UPCOMING_WEEKS = 6  # rows of the weeks table
MOCK_TEXT = {
    "baseline": "baseline mock exam",
    "midpoint": "midpoint mock exam",
    "final-weeks": "mock exam",
    "cram": "mock exam (where you stand)",
}


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _focus(week: PlanWeek) -> str:
    return ", ".join(domain_title(d) for d in week.focus)


def _mock(mock: MockExam) -> str:
    return f"{MOCK_TEXT[mock.kind]} on {_day(mock.day)}"


def next_mock(view: PlanView) -> MockExam | None:
    return next((m for m in view.plan.mocks if m.day >= view.today), None)


def this_week_line(view: PlanView) -> str:
    week = view.week
    if week is None and not view.exam_passed:  # a zone change moved today before the plan's start
        return f"Your plan starts on {_day(view.plan.start)}."
    if week is None:
        return "Your exam date has come: good luck! Set a new plan with /plan set when you book the next one."
    return (
        f"Week {week.number} of {len(view.plan.weeks)} ({_day(week.start)} to {_day(week.end)}): "
        f"{view.done_this_week} of {week.target_questions} questions done ({view.done_today} today). "
        f"Focus: {_focus(week)}. A short review session every study day."
    )


def stats_line(view: PlanView) -> str:
    """The one-line plan summary of the member's own /stats: countdown, this week's target vs done."""
    head = f"{view.record.exam} on {_day(view.record.exam_date)}: {view.countdown}"
    week = view.week
    if week is None:
        return head + "." + ("" if view.exam_passed else f" Your plan starts on {_day(view.plan.start)}.")
    return (
        f"{head}. Week {week.number} of {len(view.plan.weeks)}: "
        f"{view.done_this_week} of {week.target_questions} questions done. /plan show for the rest."
    )


def reminder_line(view: PlanView) -> str:
    if view.reminder is None:
        return "Reminders are off: /plan remind HH:MM time-zone for a daily DM (Discord only)."
    return f"Reminder: every day at {view.reminder} ({view.record.timezone}). /plan remind off stops it."


def plan_card(view: PlanView, *, console: bool = False) -> Card:
    record = view.record
    card = Card(
        title=f"Study plan: {record.exam} on {record.exam_date.isoformat()}",
        description=(
            f"{_upper(view.countdown)}. {record.hours_per_week} hours a week.\n{this_week_line(view)}"
        ),
    )
    mock = next_mock(view)
    if mock is not None:
        card.fields.append(("Next mock exam", _upper(_mock(mock)) + ", at the real exam's pace."))
    rows: list[tuple[str, ...]] = []
    start = view.week.number - 1 if view.week else len(view.plan.weeks)
    for week in view.plan.weeks[start : start + UPCOMING_WEEKS]:
        mocks = "; ".join(_mock(m) for m in week.mocks) or "-"
        rows.append(
            (
                str(week.number),
                f"{_day(week.start)} - {_day(week.end)}",
                _focus(week),
                str(week.target_questions),
                mocks,
            )
        )
    if rows:
        card.table = Table(("Week", "Dates", "Focus", "Questions", "Mock exams"), rows)
    card.notes = list(view.plan.advice)
    if console:
        card.notes.append("Reminders are sent as Discord DMs only (/plan remind in Discord).")
    else:
        card.notes.append(reminder_line(view))
    card.hint = "/plan show any time; /plan off to stop the plan."
    return card


def reminder_card(view: PlanView) -> Card:
    """The daily DM: countdown, this week's progress, today's mock exam if any."""
    card = Card(
        title=f"{view.record.exam} study reminder: {view.countdown}", description=this_week_line(view)
    )
    today = [m for m in view.plan.mocks if m.day == view.today]
    mock = next_mock(view)
    if today:
        card.fields.append(("Today", _upper(_mock(today[0])) + "."))
    elif mock is not None:
        card.fields.append(("Next mock exam", _upper(_mock(mock)) + "."))
    card.notes = ["You get this because you asked for it: the button below (or /plan remind off) stops it."]
    return card

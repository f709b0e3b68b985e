"""The plan and reminder cards: this week's line before the start, during and after the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.cards.plans import plan_card, reminder_card, stats_line, this_week_line
from bot.core.plans.build import build_plan
from bot.core.plans.timing import countdown
from bot.services.plans import PlanView
from bot.store.records import PlanRecord

AREAS = [("cpc.anatomy", 10), ("cpc.hcpcs", 5)]
EXAM = date(2027, 3, 1)
START = date(2027, 1, 4)


def view(today: date, done: int = 0, remind_at: str | None = None) -> PlanView:
    record = PlanRecord(1, "CPC", EXAM, START, 6, "UTC", remind_at, True, datetime(2027, 1, 4, tzinfo=UTC))
    plan = build_plan("CPC", AREAS, START, EXAM)
    return PlanView(record, plan, today, countdown(today, EXAM), plan.week_of(today), done, done)


def test_this_week_line_during_before_and_after():
    during = this_week_line(view(date(2027, 1, 5), done=12))
    assert during.startswith("Week 1 of 8 (Mon 4 Jan to Sun 10 Jan): 12 of 90 questions done (12 today).")
    assert "Focus: Anatomy, HCPCS Level II. A short review session every study day." in during
    assert this_week_line(view(date(2027, 1, 3))) == "Your plan starts on Mon 4 Jan."
    assert this_week_line(view(EXAM)).startswith("Your exam date has come")


def test_plan_card_shows_the_next_mock_the_weeks_and_the_reminder():
    card = plan_card(view(date(2027, 1, 4), remind_at="19:30"))
    assert card.title == "Study plan: CPC on 2027-03-01"
    assert card.description.startswith("56 day(s) to go (8 week(s) 0 day(s)). 6 hours a week.")
    assert dict(card.fields)["Next mock exam"] == "Baseline mock exam on Tue 5 Jan, at the real exam's pace."
    assert [row[0] for row in card.table.rows] == ["1", "2", "3", "4", "5", "6"]
    assert card.notes[-1] == "Reminder: every day at 19:30 (UTC). /plan remind off stops it."
    console = plan_card(view(date(2027, 1, 4)), console=True)
    assert console.notes[-1].startswith("Reminders are sent as Discord DMs only")


def test_reminder_card_names_todays_mock():
    card = reminder_card(view(date(2027, 1, 5)))
    assert card.title == "CPC study reminder: 55 day(s) to go (7 week(s) 6 day(s))"
    assert dict(card.fields)["Today"] == "Baseline mock exam on Tue 5 Jan."
    assert "stops it" in card.notes[0]


def test_the_stats_line_gives_the_countdown_and_this_weeks_target_against_done():
    assert stats_line(view(date(2027, 1, 5), done=12)) == (
        "CPC on Mon 1 Mar: 55 day(s) to go (7 week(s) 6 day(s)). Week 1 of 8: 12 of 90 questions done. "
        "/plan show for the rest."
    )
    assert stats_line(view(date(2027, 1, 3))).endswith("Your plan starts on Mon 4 Jan.")
    assert stats_line(view(EXAM)) == "CPC on Mon 1 Mar: exam day."

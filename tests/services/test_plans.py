"""PlanService on each engine with the fake clock: set/show/off, progress from practice events,
and reminders: exactly one per member and local day (DST days, restarts, two processes)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.services.errors import InvalidOption, NotFound, UnknownTimezone
from bot.services.plans import DueReminder, PlanService
from bot.services.practice import PracticeEvents, PracticeResult
from bot.services.privacy import PrivacyService
from bot.store import open_store
from bot.store.records import PlanActivity

from .helpers import ANN, BOB, Clock

CPC = Blueprint(
    "CPC",
    "Certified Professional Coder",
    100,
    240,
    70,
    "test",
    (
        AreaShare("cpc.icd10cm", 60, "test"),
        AreaShare("cpc.anatomy", 30, "test"),
        AreaShare("cpc.hcpcs", 10, "t"),
    ),
)


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 29, 14, 0, tzinfo=UTC))  # 09:00 in New York


@pytest.fixture
def events():
    return PracticeEvents()


@pytest.fixture
def plans(store, clock, events):
    return PlanService(store.plans, {"CPC": CPC}, events=events, clock=clock)


def answer(user_id: int, domain: str, correct: bool, at: datetime) -> PracticeResult:
    return PracticeResult(user_id, "q-1", domain, correct, 30.0, at, "quiz")


async def test_set_show_and_off(plans):
    view = await plans.set_plan(ANN, "cpc", "2027-03-01", 8, "America/New_York")
    assert view.record.exam == "CPC" and view.record.hours_per_week == 8
    assert view.today == date(2026, 11, 29) and view.week.number == 1
    assert view.countdown == "92 day(s) to go (13 week(s) 1 day(s))"
    assert view.plan.weeks[0].target_questions == 8 * 15
    shown = await plans.show(ANN)
    assert shown.plan == view.plan
    assert (await plans.current(ANN)).plan == view.plan  # what /stats shows
    assert await plans.off(ANN)
    assert await plans.current(ANN) is None
    assert not await plans.off(ANN)
    with pytest.raises(NotFound, match="/plan set"):
        await plans.show(ANN)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("XYZ", "2027-03-01"), "no blueprint for 'XYZ'"),
        (("CPC", "March 1st"), "YYYY-MM-DD"),
        (("CPC", "2026-11-28"), "in the past"),
        (("CPC", "2026-11-29"), "today"),
        (("CPC", "2027-03-01", 0), "Hours per week"),
    ],
)
async def test_friendly_errors(plans, args, words):
    with pytest.raises(InvalidOption, match=words):
        await plans.set_plan(ANN, *args)


async def test_unknown_zone_is_refused(plans):
    with pytest.raises(UnknownTimezone):
        await plans.set_plan(ANN, "CPC", "2027-03-01", None, "Mars/Olympus")


async def test_progress_counts_answers_on_the_members_local_days(store, plans, events, clock):
    before = await plans.set_plan(ANN, "CPC", "2027-03-01", 6, "America/New_York")
    for i in range(4):
        await events.publish(answer(ANN, "cpc.anatomy", i == 0, clock.now))
    # 03:00 UTC on 30 November is still the 29th in New York
    await events.publish(answer(ANN, "cpc.hcpcs", True, datetime(2026, 11, 30, 3, 0, tzinfo=UTC)))
    await events.publish(answer(BOB, "cpc.anatomy", True, clock.now))  # no plan: not counted
    assert await store.plans.activity(ANN, date(2026, 11, 1), date(2026, 12, 31)) == []  # not yet written
    view = await plans.show(ANN)  # writes the counts first
    assert view.done_today == 5 and view.done_this_week == 5
    # anatomy answered 4 times, 1 right: its weakness now raises its priority
    area = {a.domain: a for a in view.plan.areas}["cpc.anatomy"]
    assert area.accuracy == 0.25
    assert area.priority > {a.domain: a for a in before.plan.areas}["cpc.anatomy"].priority
    clock.advance(days=7)
    later = await plans.show(ANN)
    assert later.week.number == 2 and later.done_this_week == 0 and later.done_today == 0


async def test_exactly_one_reminder_a_day(plans, clock):
    await plans.set_plan(ANN, "CPC", "2027-03-01", 6, "America/New_York")
    reminder = await plans.set_reminder(ANN, "19:30")
    assert reminder.next_at == datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    assert await plans.due_reminders() == []  # 09:00 local: not yet
    clock.now = reminder.next_at
    due = await plans.due_reminders()
    assert due == [DueReminder(ANN, date(2026, 11, 29))]
    assert await plans.claim_reminder(due[0])
    assert not await plans.claim_reminder(due[0])
    await plans.reminder_outcome(due[0], "sent")
    clock.advance(hours=4)  # 23:30 local, same day
    assert await plans.due_reminders() == []
    clock.advance(hours=1)  # 00:30 on the 30th: before 19:30
    assert await plans.due_reminders() == []
    clock.advance(hours=19)  # 19:30 on the 30th
    assert await plans.due_reminders() == [DueReminder(ANN, date(2026, 11, 30))]


async def test_reminder_on_the_spring_forward_day_and_none_after_the_exam(plans, clock):
    clock.now = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
    await plans.set_plan(ANN, "CPC", "2027-03-20", 6, "America/New_York")
    await plans.set_reminder(ANN, "08:00")
    clock.now = datetime(2027, 3, 14, 11, 59, tzinfo=UTC)  # 07:59 EDT: clocks went forward at 02:00
    assert await plans.due_reminders() == []
    clock.now = datetime(2027, 3, 14, 12, 0, tzinfo=UTC)  # 08:00 EDT (13:00 UTC the day before)
    assert await plans.due_reminders() == [DueReminder(ANN, date(2027, 3, 14))]
    clock.now = datetime(2027, 3, 20, 13, 0, tzinfo=UTC)  # exam day
    assert await plans.due_reminders() == []


async def test_reminders_off_and_opt_in(plans, clock):
    await plans.set_plan(ANN, "CPC", "2027-03-01")
    assert await plans.due_reminders() == []  # no reminder time: none
    await plans.set_reminder(ANN, "7:05", "Europe/London")
    assert (await plans.show(ANN)).record.timezone == "Europe/London"
    assert len(await plans.due_reminders()) == 1  # 14:00 in London, past 07:05
    assert await plans.reminders_off(ANN)
    assert not await plans.reminders_off(ANN)
    assert await plans.due_reminders() == []
    with pytest.raises(InvalidOption, match="HH:MM"):
        await plans.set_reminder(ANN, "25:00")
    with pytest.raises(NotFound):
        await plans.set_reminder(BOB, "08:00")


async def test_a_restart_or_a_second_process_sends_no_second_reminder(db_location, clock):
    first = await open_store(db_location)
    try:
        one = PlanService(first.plans, {"CPC": CPC}, clock=clock)
        await one.set_plan(ANN, "CPC", "2027-03-01", 6, "UTC")
        await one.set_reminder(ANN, "08:00")
        due = await one.due_reminders()
        assert await one.claim_reminder(due[0])  # recorded; the process dies before sending
    finally:
        await first.close()
    again, other = await open_store(db_location), await open_store(db_location)
    try:
        restarted = PlanService(again.plans, {"CPC": CPC}, clock=clock)
        second = PlanService(other.plans, {"CPC": CPC}, clock=clock)
        assert await restarted.due_reminders() == [] and await second.due_reminders() == []
        clock.advance(days=1)
        due = await restarted.due_reminders()
        assert due == await second.due_reminders()
        assert [await restarted.claim_reminder(due[0]), await second.claim_reminder(due[0])].count(True) == 1
    finally:
        await again.close()
        await other.close()


async def test_users_filter_limits_the_reminders(plans, clock):
    await plans.set_plan(ANN, "CPC", "2027-03-01")
    await plans.set_plan(BOB, "CPC", "2027-03-01")
    await plans.set_reminder(ANN, "08:00")
    await plans.set_reminder(BOB, "08:00")
    assert {d.user_id for d in await plans.due_reminders()} == {ANN, BOB}
    assert [d.user_id for d in await plans.due_reminders(users=lambda u: u == BOB)] == [BOB]


async def test_replacing_a_plan_keeps_the_reminder(plans, clock):
    await plans.set_plan(ANN, "CPC", "2027-03-01")
    await plans.set_reminder(ANN, "08:00", "Asia/Manila")
    view = await plans.set_plan(ANN, "CPC", "2027-02-01", 10)
    assert view.reminder == "08:00" and view.record.timezone == "Asia/Manila"
    assert view.plan.advice == ()  # 9 weeks: within the guide; the short plan below is not
    short = await plans.set_plan(ANN, "CPC", (clock.now + timedelta(days=20)).date().isoformat())
    assert "shorter than the 8 to 13 weeks" in short.plan.advice[0]


async def test_forget_me_deletes_the_plan_and_says_so(store, plans, events, clock):
    await plans.set_plan(ANN, "CPC", "2027-03-01")
    await plans.set_reminder(ANN, "08:00")
    await events.publish(answer(ANN, "cpc.anatomy", True, clock.now))
    await plans.flush()
    forgotten = await PrivacyService(store.privacy).forget(55, ANN)
    assert forgotten.plan_rows_deleted == 2  # the plan and one day of activity
    assert "Deleted the study plan and its reminders." in forgotten.summary
    with pytest.raises(NotFound):
        await plans.show(ANN)
    assert await plans.due_reminders() == []
    # the answer path's map of plans still names ANN for a while: the store writes nothing
    await events.publish(answer(ANN, "cpc.anatomy", True, clock.now))
    await plans.close()
    assert await PrivacyService(store.privacy).rows_naming(55, ANN) == 0


async def test_counts_are_written_in_the_background_and_at_close(store, plans, events, clock, monkeypatch):
    monkeypatch.setattr("bot.services.plans.FLUSH_SECONDS", 0.01)
    await plans.set_plan(ANN, "CPC", "2027-03-01", 6, "UTC")
    for _ in range(3):
        await events.publish(answer(ANN, "cpc.hcpcs", False, clock.now))
    today = clock.now.date()
    for _ in range(100):  # the background write, within a second
        if await store.plans.activity(ANN, today, today):
            break
        await asyncio.sleep(0.01)
    assert await store.plans.activity(ANN, today, today) == [PlanActivity(today, "cpc.hcpcs", 3, 0)]
    await events.publish(answer(ANN, "cpc.hcpcs", True, clock.now))
    await plans.close()  # shutdown writes what is left
    assert await store.plans.activity(ANN, today, today) == [PlanActivity(today, "cpc.hcpcs", 4, 1)]

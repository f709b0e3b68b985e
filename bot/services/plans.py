"""Study plans: ``/plan set|show|off``, progress against the plan, and daily reminders.

A plan is a member's own (not a server's): one per member, kept in the store as its inputs
(exam, exam date, hours, time zone, the local day it was made) and rebuilt by
:mod:`bot.core.plans` whenever it is shown, so its focus follows the member's accuracy.

Activity: the service subscribes to the practice events (``PracticeEvents``) and counts each
committed answer on the member's local day while they have a plan on. The subscriber runs on
the answer path, so it does no database work there: who has a plan on (and their zone) is read
once per ``ZONES_TTL`` seconds (a plan set or turned off in another process is seen within it;
this process's own changes at once), and the counts are added up in memory and written in one
transaction at most every ``FLUSH_SECONDS`` (and before a plan is shown, and at shutdown). The
store writes a count only while the member's plan is on, so a stale map never writes a row for a
plan turned off or forgotten. It is bookkeeping for progress only: counts not yet written when
the process dies (at most ``FLUSH_SECONDS`` of them), or an event lost between an answer's
commit and its publication, are not counted, which a progress bar can afford.

Reminders are opt-in (``/plan remind HH:MM``) and at most one per member and local day. As a
ticker drives them::

    for due in await plans.due_reminders(users=holds):    # local time passed, no row for today
        if await plans.claim_reminder(due):              # the row, written BEFORE the DM
            outcome = await send_dm(...)                 # "sent" | "closed" | "failed"
            await plans.reminder_outcome(due, outcome)   # never retried that day
"""

from __future__ import annotations

import asyncio
import logging
import time as monotonic_time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.core.blueprints.model import Blueprint
from bot.core.clock import utcnow
from bot.core.daily import parse_hhmm
from bot.core.plans.build import build_plan, check_dates, check_hours
from bot.core.plans.model import DEFAULT_HOURS, PlanError, PlanWeek, StudyPlan
from bot.core.plans.timing import countdown, local_today, reminder_due_day, reminder_instant
from bot.store.interface import PlansStore
from bot.store.records import PlanActivity, PlanRecord

from .common import Clock, current_time, resolve_timezone
from .errors import InvalidOption, NotFound, QuizError
from .practice import PracticeEvents, PracticeResult

log = logging.getLogger("certcoach.plans")

MIN_AREA_ANSWERS = 3  # answers in an area before its accuracy counts in the plan
HISTORY = timedelta(days=365)  # how far back the member's activity informs the plan
ZONES_TTL = 30.0  # seconds the map of members with a plan on is reused by the answer path
FLUSH_SECONDS = 1.0  # counted answers are written at most this often
NO_PLAN = "You have no study plan. Make one with /plan set, e.g. /plan set CPC 2027-03-01 8."

Delivery = Literal["sent", "closed", "failed"]  # what became of a reminder DM
UserFilter = Callable[[int], bool]
"""Whether this process sends a member's reminders."""


def every_user(user_id: int) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class PlanView:
    """A member's plan as of their local today, with their progress."""

    record: PlanRecord
    plan: StudyPlan
    today: date
    countdown: str
    week: PlanWeek | None  # None on exam day and after
    done_this_week: int
    done_today: int

    @property
    def exam_passed(self) -> bool:
        return self.today >= self.record.exam_date

    @property
    def reminder(self) -> str | None:
        return self.record.remind_at


@dataclass(frozen=True, slots=True)
class DueReminder:
    user_id: int
    day: date  # the member's local date of the reminder


@dataclass(frozen=True, slots=True)
class ReminderSet:
    at: str  # "HH:MM"
    timezone: str
    next_at: datetime  # the next reminder, UTC


class PlanService:
    def __init__(
        self,
        store: PlansStore,
        blueprints: Mapping[str, Blueprint],
        *,
        events: PracticeEvents | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self._store = store
        self._blueprints = blueprints
        self.clock = clock
        self._zones: dict[int, str] = {}  # user id -> zone of every plan on (the answer path's)
        self._zones_read = -ZONES_TTL - 1.0  # monotonic time of the last read
        self._pending: dict[tuple[int, date, str], tuple[int, int]] = {}  # -> (answered, correct)
        self._flusher: asyncio.Task[None] | None = None
        if events is not None:
            events.subscribe(self.record_practice)

    @property
    def exams(self) -> list[str]:
        return sorted(self._blueprints)

    # ------------------------------------------------------------------ set / show / off

    async def set_plan(
        self,
        user_id: int,
        exam: str,
        exam_date: str,
        hours: int | None = None,
        timezone: str | None = None,
    ) -> PlanView:
        """Make (or replace) the member's plan; a reminder time already set is kept. Raises
        QuizError with a friendly message for an unknown exam, a bad date or hours."""
        blueprint = self._blueprint(exam)
        old = await self._store.get_plan(user_id)
        zone_name = timezone or (old.timezone if old else "UTC")
        tz = resolve_timezone(zone_name)
        now = current_time(self.clock, None)
        today = local_today(now, tz)
        day = parse_date(exam_date)
        try:
            check_dates(today, day)
            check_hours(DEFAULT_HOURS if hours is None else hours)
        except PlanError as exc:
            raise InvalidOption(exc.message) from None
        record = PlanRecord(
            user_id=user_id,
            exam=blueprint.exam,
            exam_date=day,
            start_date=today,
            hours_per_week=DEFAULT_HOURS if hours is None else hours,
            timezone=tz.key,
            remind_at=old.remind_at if old and old.enabled else None,
            enabled=True,
            created_at=now,
        )
        await self._store.save_plan(record)
        self._zones[user_id] = record.timezone
        return await self._view(record, now)

    async def show(self, user_id: int, now: datetime | None = None) -> PlanView:
        """The member's plan as of today; raises NotFound when they have none on."""
        record = await self._store.get_plan(user_id)
        if record is None or not record.enabled:
            raise NotFound(NO_PLAN)
        return await self._view(record, current_time(self.clock, now))

    async def current(self, user_id: int, now: datetime | None = None) -> PlanView | None:
        """The member's plan as of today, or None when they have none on (for /stats)."""
        try:
            return await self.show(user_id, now)
        except NotFound:
            return None

    async def off(self, user_id: int) -> bool:
        """Turn the plan (and its reminders) off; False when none was on."""
        self._zones.pop(user_id, None)
        return await self._store.disable_plan(user_id)

    # ------------------------------------------------------------------ reminders

    async def set_reminder(self, user_id: int, at: str, timezone: str | None = None) -> ReminderSet:
        """A reminder every day at local ``at`` (HH:MM) in ``timezone`` (the plan's when not
        given); raises QuizError (no plan, bad time, unknown zone)."""
        record = await self._store.get_plan(user_id)
        if record is None or not record.enabled:
            raise NotFound(NO_PLAN)
        try:
            at_time = parse_hhmm(at)
        except ValueError as exc:
            raise InvalidOption(f"{exc}. Give the time as 24-hour HH:MM, e.g. 19:30.") from None
        tz = resolve_timezone(timezone) if timezone else resolve_timezone(record.timezone)
        hhmm = at_time.strftime("%H:%M")
        await self._store.save_plan(replace(record, remind_at=hhmm, timezone=tz.key))
        self._zones[user_id] = tz.key
        now = current_time(self.clock, None)
        return ReminderSet(hhmm, tz.key, _next_reminder(now, at_time, tz))

    async def reminders_off(self, user_id: int) -> bool:
        """Stop the member's reminders (the plan stays); False when none were on."""
        record = await self._store.get_plan(user_id)
        if record is None or record.remind_at is None:
            return False
        return await self._store.set_reminder(user_id, None)

    async def due_reminders(
        self, now: datetime | None = None, users: UserFilter = every_user
    ) -> list[DueReminder]:
        """Members (among ``users``) whose reminder time has passed on their local today, before
        their exam day, and who have no reminder row for today yet."""
        now = current_time(self.clock, now)
        by_day: dict[date, list[int]] = defaultdict(list)
        for record in await self._store.plans_with_reminders():
            if not users(record.user_id) or record.remind_at is None:
                continue
            try:
                tz = resolve_timezone(record.timezone)
                at = parse_hhmm(record.remind_at)
            except (QuizError, ValueError):
                log.warning("plan of %s has an unusable reminder setting", record.user_id)
                continue
            day = reminder_due_day(now, at, tz)
            if day is not None and day < record.exam_date:
                by_day[day].append(record.user_id)
        due: list[DueReminder] = []
        for day, user_ids in sorted(by_day.items()):
            done = await self._store.reminded(user_ids, day)
            due += [DueReminder(u, day) for u in user_ids if u not in done]
        return due

    async def claim_reminder(self, due: DueReminder) -> bool:
        """Record ``due`` as sent, BEFORE the DM: True for the one caller that may send it."""
        return await self._store.claim_reminder(due.user_id, due.day, current_time(self.clock, None))

    async def reminder_outcome(self, due: DueReminder, outcome: Delivery) -> None:
        """What became of a claimed reminder (a closed DM is not retried: the row stays)."""
        await self._store.finish_reminder(due.user_id, due.day, outcome)

    # ------------------------------------------------------------------ activity

    async def record_practice(self, result: PracticeResult) -> None:
        """A committed answer (a ``PracticeEvents`` subscriber): counted on the member's local
        day while they have a plan on."""
        zones = await self._plan_zones()
        zone = zones.get(result.user_id)
        if zone is None:
            return
        try:
            tz = resolve_timezone(zone)
        except QuizError:
            tz = ZoneInfo("UTC")
        key = (result.user_id, local_today(result.answered_at, tz), result.domain)
        answered, correct = self._pending.get(key, (0, 0))
        self._pending[key] = (answered + 1, correct + int(result.correct))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon(), name="plan activity")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(FLUSH_SECONDS)
        await self.flush()

    async def flush(self) -> None:
        """Write the counted answers (one transaction); on failure they wait for the next try."""
        pending, self._pending = self._pending, {}
        if not pending:
            return
        counts = [(u, PlanActivity(d, domain, n, c)) for (u, d, domain), (n, c) in sorted(pending.items())]
        try:
            await self._store.add_activity(counts)
        except Exception:
            log.warning("could not write %d plan activity count(s); trying again", len(counts), exc_info=True)
            for key, (n, c) in pending.items():
                old_n, old_c = self._pending.get(key, (0, 0))
                self._pending[key] = (old_n + n, old_c + c)

    async def close(self) -> None:
        """At shutdown, before the store closes: write what is counted."""
        if self._flusher is not None:
            self._flusher.cancel()
        await self.flush()

    async def _plan_zones(self) -> dict[int, str]:
        if monotonic_time.monotonic() - self._zones_read > ZONES_TTL:
            self._zones_read = monotonic_time.monotonic()
            self._zones = await self._store.plan_zones()
        return self._zones

    # ------------------------------------------------------------------ helpers

    def _blueprint(self, exam: str) -> Blueprint:
        blueprint = self._blueprints.get((exam or "").strip().upper())
        if blueprint is None:
            known = ", ".join(self.exams) or "none loaded"
            raise InvalidOption(f"I have no blueprint for {exam!r}. Exams: {known}.")
        return blueprint

    async def _view(self, record: PlanRecord, now: datetime) -> PlanView:
        await self.flush()  # the member's latest answers count in what they see
        try:
            tz = resolve_timezone(record.timezone)
        except QuizError:
            tz = ZoneInfo("UTC")
        today = local_today(now, tz)
        rows = await self._store.activity(record.user_id, record.start_date - HISTORY, today)
        blueprint = self._blueprint(record.exam)
        start = min(record.start_date, record.exam_date - timedelta(days=1))
        plan = build_plan(
            record.exam,
            [(a.domain, a.count) for a in blueprint.areas],
            start,
            record.exam_date,
            hours_per_week=record.hours_per_week,
            accuracy=area_accuracy(rows),
        )
        week = plan.week_of(today)
        return PlanView(
            record=record,
            plan=plan,
            today=today,
            countdown=countdown(today, record.exam_date),
            week=week,
            done_this_week=sum(r.answered for r in rows if week is not None and week.holds(r.local_date)),
            done_today=sum(r.answered for r in rows if r.local_date == today),
        )


def area_accuracy(rows: list[PlanActivity]) -> dict[str, float]:
    """Share right per area, for areas with at least ``MIN_AREA_ANSWERS`` answers."""
    answered: dict[str, int] = defaultdict(int)
    correct: dict[str, int] = defaultdict(int)
    for row in rows:
        answered[row.domain] += row.answered
        correct[row.domain] += row.correct
    return {d: correct[d] / n for d, n in answered.items() if n >= MIN_AREA_ANSWERS}


def parse_date(text: str) -> date:
    """``"2027-03-01"`` -> a date; raises InvalidOption with an example."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise InvalidOption(
            f"I couldn't read {text!r} as a date. Write it as YYYY-MM-DD, e.g. 2027-03-01."
        ) from None


def _next_reminder(now: datetime, at: time, tz: ZoneInfo) -> datetime:
    today = local_today(now, tz)
    first = reminder_instant(today, at, tz)
    return first if first > now else reminder_instant(today + timedelta(days=1), at, tz)

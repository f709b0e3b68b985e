"""Building a study plan: weeks from today to the day before the exam.

* Areas are ranked by blueprint weight times the member's weakness (an area never answered
  counts as half-known), so a heavy area the member misses comes first and a light one they
  master comes last, but still comes.
* Each study week focuses on a few areas, picked by a smooth weighted round robin over those
  priorities (heavier, weaker areas come round more often; every area comes round in a plan
  long enough); the last week of a plan of three weeks or more reviews the top areas.
* Target questions follow the hours per week; a short review session every study day.
* Mock exams: a baseline in week 1, one around the middle, one a week in the last three weeks,
  never in the last two days before the exam (the latest is three days before); mocks closer
  than four days to one already placed are dropped.
* Fewer than ``CRAM_DAYS`` days: a one-week cram plan with a warning. Longer than 13 weeks or
  shorter than 8: the guide's advice (8 to 13 weeks of spaced study).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from .model import (
    CRAM_DAYS,
    DEFAULT_HOURS,
    GUIDE_MAX_WEEKS,
    GUIDE_MIN_WEEKS,
    MAX_DAYS,
    MAX_HOURS,
    MIN_HOURS,
    QUESTIONS_PER_HOUR,
    AreaPriority,
    MockExam,
    MockKind,
    PlanError,
    PlanWeek,
    StudyPlan,
)

UNKNOWN_ACCURACY = 0.5
STRENGTH_FLOOR = 0.25  # a mastered area keeps a quarter of its weight: it still comes round
MIN_FOCUS, MAX_FOCUS = 2, 4
FINAL_FOCUS = 3
MOCK_GAP_DAYS = 4
LAST_MOCK_BEFORE = 3  # days before the exam: never in the final two days


def check_dates(today: date, exam_date: date) -> None:
    """Raises ``PlanError`` with a friendly sentence for an exam date no plan can lead to."""
    if exam_date < today:
        raise PlanError(
            f"{exam_date.isoformat()} is in the past (today is {today.isoformat()}). "
            "Give your exam date as YYYY-MM-DD, e.g. 2027-03-01."
        )
    if exam_date == today:
        raise PlanError("Your exam is today: there is no time left to plan. Good luck!")
    if (exam_date - today).days > MAX_DAYS:
        raise PlanError(
            f"{exam_date.isoformat()} is more than two years away: check the date "
            "(YYYY-MM-DD), or set a plan once your exam is booked."
        )


def check_hours(hours: int) -> None:
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise PlanError(f"Hours per week must be a whole number from {MIN_HOURS} to {MAX_HOURS}.")


def rank_areas(areas: Sequence[tuple[str, int]], accuracy: Mapping[str, float]) -> tuple[AreaPriority, ...]:
    """The blueprint's areas, most important to this member first (ties: heavier, then by name)."""
    total = sum(count for _, count in areas) or 1
    ranked = []
    for domain, count in areas:
        known = accuracy.get(domain)
        weakness = 1 - (UNKNOWN_ACCURACY if known is None else min(max(known, 0.0), 1.0))
        ranked.append(AreaPriority(domain, count, known, count / total * (STRENGTH_FLOOR + weakness)))
    return tuple(sorted(ranked, key=lambda a: (-a.priority, -a.count, a.domain)))


def build_plan(
    exam: str,
    areas: Sequence[tuple[str, int]],
    today: date,
    exam_date: date,
    *,
    hours_per_week: int = DEFAULT_HOURS,
    accuracy: Mapping[str, float] | None = None,
) -> StudyPlan:
    """The plan from ``today`` (the member's local date) to ``exam_date``; raises ``PlanError``."""
    check_dates(today, exam_date)
    check_hours(hours_per_week)
    if not areas:
        raise PlanError(f"There is no blueprint for {exam} to plan from.")
    ranked = rank_areas(areas, accuracy or {})
    days = (exam_date - today).days
    spans = _week_spans(today, exam_date)
    focus = _focus(ranked, len(spans))
    mocks = _mocks(today, exam_date)
    weeks = tuple(
        PlanWeek(
            number=n,
            start=start,
            end=end,
            focus=focus[n - 1],
            target_questions=round(hours_per_week * QUESTIONS_PER_HOUR * ((end - start).days + 1) / 7),
            review_days=(end - start).days + 1,
            mocks=tuple(m for m in mocks if start <= m.day <= end),
        )
        for n, (start, end) in enumerate(spans, 1)
    )
    return StudyPlan(exam, today, exam_date, hours_per_week, ranked, weeks, advice(days))


def _week_spans(today: date, exam_date: date) -> list[tuple[date, date]]:
    last = exam_date - timedelta(days=1)
    spans = []
    start = today
    while start <= last:
        spans.append((start, min(start + timedelta(days=6), last)))
        start += timedelta(days=7)
    return spans


def _focus(ranked: Sequence[AreaPriority], weeks: int) -> list[tuple[str, ...]]:
    """Each week's focus areas. The last week of a plan of 3+ weeks (and a one-week plan)
    reviews the top areas; the others take turns by smooth weighted round robin."""
    top = tuple(a.domain for a in ranked[:FINAL_FOCUS])
    if weeks <= 1:
        return [top]
    content = weeks - 1 if weeks >= 3 else weeks
    per_week = min(MAX_FOCUS, max(MIN_FOCUS, math.ceil(len(ranked) / content)), len(ranked))
    weight = {a.domain: a.priority for a in ranked}
    total = sum(weight.values())
    current = dict.fromkeys(weight, 0.0)
    out: list[tuple[str, ...]] = []
    for _ in range(content):
        chosen: list[str] = []
        for _ in range(per_week):
            for domain in current:
                current[domain] += weight[domain]
            pick = max((d for d in current if d not in chosen), key=lambda d: current[d])
            current[pick] -= total
            chosen.append(pick)
        out.append(tuple(sorted(chosen, key=lambda d: -weight[d])))
    return out + [top] * (weeks - content)


def _mocks(today: date, exam_date: date) -> list[MockExam]:
    """Mock exam days (see the module docstring), earliest first."""
    days = (exam_date - today).days
    latest = exam_date - timedelta(days=LAST_MOCK_BEFORE)
    wanted: list[tuple[date, MockKind]] = []
    if days < CRAM_DAYS:
        wanted.append((today, "cram"))
    else:
        wanted += [(latest - timedelta(days=7 * k), "final-weeks") for k in range(3)]
        if days >= 14:
            wanted.append((today + timedelta(days=1), "baseline"))
        if days >= 28:
            wanted.append((today + timedelta(days=days // 2), "midpoint"))
    kept: list[MockExam] = []
    for day, kind in wanted:
        if today <= day <= latest and all(abs((day - m.day).days) >= MOCK_GAP_DAYS for m in kept):
            kept.append(MockExam(day, kind))
    return sorted(kept, key=lambda m: m.day)


def advice(days: int) -> tuple[str, ...]:
    """The guide's advice on a plan of ``days`` study days (none within 8 to 13 weeks)."""
    weeks = days / 7
    if days < CRAM_DAYS:
        return (
            f"Your exam is in {days} day(s): this is a short cram plan. The study guide recommends "
            f"about {GUIDE_MIN_WEEKS} to {GUIDE_MAX_WEEKS} weeks of spaced study; if you can "
            "reschedule, a later date will serve you better. Otherwise: one mock exam now, then "
            "your weakest areas, a short review every day, and sleep before the exam.",
        )
    if weeks > GUIDE_MAX_WEEKS:
        return (
            f"Your exam is {days} days (about {weeks:.1f} weeks) away, longer than the {GUIDE_MIN_WEEKS} to "
            f"{GUIDE_MAX_WEEKS} weeks of spaced study the study guide recommends. Keep a light, "
            f"steady pace (a few short sessions a week) until {GUIDE_MAX_WEEKS} weeks out, then "
            "follow the weekly targets: spacing beats cramming.",
        )
    if weeks < GUIDE_MIN_WEEKS:
        return (
            f"Your exam is {days} days (about {weeks:.1f} weeks) away, shorter than the {GUIDE_MIN_WEEKS} to "
            f"{GUIDE_MAX_WEEKS} weeks of spaced study the study guide recommends. If you can, move "
            "the date; otherwise space your study: a little every day, not long blocks.",
        )
    return ()

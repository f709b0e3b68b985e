"""Spaced review's pure rules: the grade from right/wrong and time, the FSRS schedule on a fake
clock (intervals grow on success, shrink on failure), the leech at the 8th lapse, due order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.review import LEECH_LAPSES, CardState, Grade, ReviewScheduler, due_order, is_leech, rate

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def test_grade_from_right_wrong_and_time() -> None:
    assert rate(False, 5, 120) is Grade.AGAIN
    assert rate(False, None) is Grade.AGAIN
    assert rate(True, 30, 120) is Grade.EASY  # under a third of the exam's pace
    assert rate(True, 60, 120) is Grade.GOOD
    assert rate(True, 121, 120) is Grade.HARD  # slower than the exam allows
    assert rate(True, None, 120) is Grade.GOOD  # time unknown (a daily question)
    assert rate(True, 20) is Grade.EASY and rate(True, 100) is Grade.HARD  # default 90 s


def _intervals(scheduler: ReviewScheduler, grades: list[Grade]) -> tuple[CardState, list[timedelta]]:
    now = T0
    card = scheduler.new_card("q-1", now)
    out = []
    for grade in grades:
        card = scheduler.review(card, grade, now)
        out.append(card.due_at - now)
        now = card.due_at  # answered exactly when due
    return card, out


def test_intervals_grow_on_success() -> None:
    card, gaps = _intervals(ReviewScheduler(), [Grade.GOOD] * 6)
    review_gaps = gaps[2:]  # past the two learning steps
    assert review_gaps == sorted(review_gaps) and review_gaps[-1] > review_gaps[0]
    assert review_gaps[-1] >= timedelta(days=7)
    assert card.reps == 6 and card.lapses == 0


def test_interval_shrinks_on_failure() -> None:
    scheduler = ReviewScheduler()
    card, gaps = _intervals(scheduler, [Grade.GOOD] * 5)
    failed = scheduler.review(card, Grade.AGAIN, card.due_at)
    assert failed.due_at - card.due_at < gaps[-1]
    assert failed.due_at - card.due_at <= timedelta(hours=1)  # relearning, minutes away
    assert failed.lapses == 1
    again_good = scheduler.review(failed, Grade.GOOD, failed.due_at)
    assert again_good.due_at - failed.due_at < gaps[-1]  # the lapse cost stability


def test_easy_schedules_later_than_good_and_hard() -> None:
    scheduler = ReviewScheduler()
    card, _ = _intervals(scheduler, [Grade.GOOD] * 3)
    when = {g: scheduler.review(card, g, card.due_at).due_at for g in (Grade.HARD, Grade.GOOD, Grade.EASY)}
    assert when[Grade.HARD] < when[Grade.GOOD] < when[Grade.EASY]


def test_leech_at_the_eighth_lapse() -> None:
    scheduler = ReviewScheduler()
    now = T0
    card = scheduler.first_miss("q-1", now)
    assert card.lapses == 1 and card.due_at > now
    for lapse in range(2, LEECH_LAPSES + 1):
        assert not is_leech(card.lapses)
        now = card.due_at
        card = scheduler.review(card, Grade.AGAIN, now)
        assert card.lapses == lapse
    assert is_leech(card.lapses) and card.lapses == 8


def test_state_round_trips_through_its_text() -> None:
    scheduler = ReviewScheduler()
    card = scheduler.first_miss("q-1", T0)
    copy = CardState(card.question_id, str(card.fsrs), card.due_at, 1, 1, T0, card.last_review)
    assert scheduler.review(copy, Grade.GOOD, card.due_at) == scheduler.review(card, Grade.GOOD, card.due_at)


def test_due_order() -> None:
    scheduler = ReviewScheduler()
    a = scheduler.new_card("a", T0 + timedelta(hours=2))
    b = scheduler.new_card("b", T0)
    c = CardState("c", b.fsrs, T0, 3, 3, T0, T0)
    later = scheduler.new_card("d", T0 + timedelta(days=3))
    order = due_order([a, b, c, later], T0 + timedelta(days=1))
    assert [x.question_id for x in order] == ["c", "b", "a"]  # d not due yet

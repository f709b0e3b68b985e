"""Spaced-review cards on both engines: one card per member and question, read-change-write in
one transaction, due cards in due order and counted, misses reconciled from the answers table
once, forgetting a member deletes their cards, export/import carries them."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.core.review import Answered, CardState, Grade, ReviewScheduler
from bot.services.transfer import export_lines, import_lines
from bot.store import open_store

from .helpers import T0, answer, make_round, make_rq, new_answer

SCHEDULER = ReviewScheduler()


async def test_change_card_creates_then_updates_and_reads_back_the_same(store):
    before, after = await store.review.change_card(7, "q1", lambda c: c or SCHEDULER.first_miss("q1", T0))
    assert before is None and after is not None and after.lapses == 1
    assert await store.review.card(7, "q1") == after
    reviewed = SCHEDULER.review(after, Grade.GOOD, after.due_at)
    before2, after2 = await store.review.change_card(7, "q1", lambda c: reviewed)
    assert before2 == after and after2 == reviewed == await store.review.card(7, "q1")
    same, unchanged = await store.review.change_card(7, "q1", lambda c: None)
    assert same == unchanged == reviewed
    assert await store.review.card(8, "q1") is None  # per member


async def test_concurrent_changes_of_one_card_never_lose_an_update(store):
    await store.review.change_card(7, "q1", lambda c: SCHEDULER.new_card("q1", T0))

    def bump(card: CardState | None) -> CardState:
        assert card is not None
        return replace(card, reps=card.reps + 1)

    await asyncio.gather(*(store.review.change_card(7, "q1", bump) for _ in range(10)))
    card = await store.review.card(7, "q1")
    assert card is not None and card.reps == 10


async def test_due_cards_in_due_order_and_counted(store):
    cards = [
        replace(SCHEDULER.new_card("late", T0), due_at=T0 + timedelta(hours=5)),
        replace(SCHEDULER.new_card("b", T0), due_at=T0 + timedelta(hours=1)),
        replace(SCHEDULER.new_card("a", T0), due_at=T0 + timedelta(hours=1), lapses=3),
        replace(SCHEDULER.new_card("first", T0), due_at=T0),
    ]
    for card in cards:
        await store.review.change_card(7, card.question_id, lambda c, card=card: card)
    await store.review.change_card(8, "other", lambda c: SCHEDULER.new_card("other", T0))
    now = T0 + timedelta(hours=2)
    due = await store.review.due_cards(7, now, 10)
    assert [c.question_id for c in due] == ["first", "a", "b"]
    assert [c.question_id for c in await store.review.due_cards(7, now, 1)] == ["first"]
    assert await store.review.due_count(7, now) == 3
    assert await store.review.due_count(7, T0 - timedelta(seconds=1)) == 0
    assert await store.review.next_due_at(7) == T0
    assert await store.review.next_due_at(9) is None


def apply(card: CardState | None, answer: Answered) -> CardState | None:
    """A miss makes or lapses the card, a right answer reviews an existing one (Good)."""
    if card is None:
        return None if answer.correct else SCHEDULER.first_miss(answer.question_id, answer.answered_at)
    return SCHEDULER.review(card, Grade.GOOD if answer.correct else Grade.AGAIN, answer.answered_at)


async def test_sync_applies_each_new_answer_once_in_order(store):
    rnd = await make_round(store)
    rq1, rq2 = await make_rq(store, rnd.id, 0, "q1"), await make_rq(store, rnd.id, 1, "q2")
    seen: list[Answered] = []

    def record(card: CardState | None, answer: Answered) -> CardState | None:
        seen.append(answer)
        return apply(card, answer)

    await answer(store, rq1.id, 7, correct=False, when=T0 + timedelta(seconds=12))
    await store.answers.record_answer(replace(new_answer(rq2.id, 7, correct=True), question_id="q2"))
    await answer(store, rq1.id, 8, correct=False)  # another member's miss
    assert await store.review.sync_answers(7, record, T0 + timedelta(minutes=1)) == 1
    assert [(a.question_id, a.correct, a.seconds) for a in seen] == [("q1", False, 12.0), ("q2", True, 0.0)]
    card = await store.review.card(7, "q1")
    assert card is not None and card.lapses == 1 and card.created_at == T0 + timedelta(seconds=12)
    assert await store.review.card(7, "q2") is None  # a right answer makes no card
    assert await store.review.sync_answers(7, record, T0) == 0 and len(seen) == 2  # each once
    # A newer miss of a question with a card lapses it; a right answer reviews it.
    rq3, rq4 = await make_rq(store, rnd.id, 2, "q1"), await make_rq(store, rnd.id, 3, "q1")
    await answer(store, rq3.id, 7, correct=False, when=T0 + timedelta(hours=1))
    await answer(store, rq4.id, 7, correct=True, when=T0 + timedelta(hours=2))
    assert await store.review.sync_answers(7, record, T0) == 1
    after = await store.review.card(7, "q1")
    assert after is not None and (after.lapses, after.reps) == (2, 3)
    assert after.last_review == T0 + timedelta(hours=2)
    assert await store.review.sync_answers(8, apply, T0) == 1


async def test_a_daily_answer_has_no_answer_time(store):
    post, _ = await store.daily.create_daily_post(
        guild_id=1, local_date=T0.date(), question_id="q1", channel_id=5, now=T0, next_run_at=None
    )
    await answer(store, post.id, 7, correct=False, kind="daily", when=T0 + timedelta(hours=3))
    seen: list[Answered] = []
    await store.review.sync_answers(7, lambda c, a: seen.append(a) or apply(c, a), T0)
    assert [(a.question_id, a.correct, a.seconds) for a in seen] == [("q1", False, None)]


async def test_forgetting_a_member_deletes_their_cards_everywhere(store):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    await answer(store, rq.id, 7, correct=False)
    await store.review.sync_answers(7, apply, T0)
    await store.review.change_card(8, "q9", lambda c: SCHEDULER.new_card("q9", T0))
    assert await store.privacy.rows_naming_member(1, 7) == 4  # round started, answer, card, sync mark
    result = await store.privacy.forget_member(1, 7)
    assert result.review_cards_deleted == 1
    assert await store.privacy.rows_naming_member(1, 7) == 0
    assert await store.review.card(7, "q1") is None
    assert await store.review.card(8, "q9") is not None


async def test_export_and_import_carry_the_cards(store, tmp_path):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    await answer(store, rq.id, 7, correct=False)
    await store.review.sync_answers(7, apply, T0)
    card = await store.review.card(7, "q1")
    assert card is not None
    reviewed = SCHEDULER.review(card, Grade.EASY, card.due_at)
    await store.review.change_card(7, "q1", lambda c: reviewed)
    lines = list(await export_lines(store.transfer))
    assert any('"review_cards"' in line for line in lines)
    target = await open_store(tmp_path / "copy.sqlite3")
    try:
        await import_lines(target.transfer, lines)
        assert await target.review.card(7, "q1") == reviewed
        assert await target.review.sync_answers(7, apply, T0) == 0  # the mark came too
    finally:
        await target.close()

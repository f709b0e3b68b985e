"""Spaced review as the services wire it, on both engines: misses in quiz rounds and daily
questions become cards through the practice events (and through sync when an event was lost),
due cards come back in order, answers reschedule them, a leech names its guideline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.review import LEECH_LAPSES, Grade
from bot.services.errors import InvalidOption, NotFound
from bot.services.practice import PracticeResult
from bot.services.review import ReviewService

from .helpers import ANN, BOB, CHANNEL, DAILY_CHANNEL, GUILD

WRONG, RIGHT = 0, 1  # the test banks' CPC key is B


@pytest.fixture
def review(svc) -> ReviewService:
    return svc.review


async def _quiz_answer(svc, clock, user: int, choice: int, seconds: float = 5) -> str:
    rnd = await svc.rounds.active_round(CHANNEL) or await svc.rounds.start_round(
        GUILD, CHANNEL, ANN, exam="cpc", count=10, seconds=30
    )
    rq = await svc.rounds.post_question(rnd.id)
    clock.advance(seconds=seconds)
    await svc.rounds.answer(rq.id, user, "Member", choice)
    return rq.question.id


async def test_a_quiz_miss_becomes_a_due_card_and_a_right_answer_pushes_it_back(svc, review, clock):
    qid = await _quiz_answer(svc, clock, ANN, WRONG)
    assert await review.due_count(BOB) == 0
    assert await review.next_card(ANN) is None  # relearning: due a minute after the miss
    first_due = await review.next_due_at(ANN)
    assert first_due is not None and first_due - clock.now <= timedelta(minutes=1)
    clock.advance(minutes=2)
    assert await review.due_count(ANN) == 1
    card = await review.next_card(ANN)
    assert card is not None and card.question.id == qid and card.due == 1
    clock.advance(seconds=20)
    result = await review.answer(ANN, qid, RIGHT, card.shown_at)
    assert result.correct and result.grade is Grade.EASY and not result.duplicate
    assert result.question.explanation.startswith("Because") and result.question.source
    assert result.next_due > clock.now and result.due_left == 0
    again = await review.answer(ANN, qid, WRONG, card.shown_at)  # the same showing, twice
    assert again.duplicate and again.next_due == result.next_due
    clock.now = result.next_due + timedelta(seconds=1)
    assert (await review.next_card(ANN)).question.id == qid  # due again later


async def test_a_miss_of_a_question_with_a_card_lapses_it(svc, review, clock):
    qid = await _quiz_answer(svc, clock, ANN, WRONG)
    clock.advance(days=1)
    card = await review.next_card(ANN)
    result = await review.answer(ANN, qid, RIGHT, card.shown_at)
    assert result.next_due - clock.now >= timedelta(minutes=5)
    await svc.events.publish(PracticeResult(ANN, qid, "cpc.icd10cm", False, 10.0, clock.now, "exam"))
    assert (await review.next_due_at(ANN)) - clock.now <= timedelta(minutes=10)


async def test_a_right_answer_without_a_card_makes_none(svc, review, clock):
    await _quiz_answer(svc, clock, ANN, RIGHT)
    clock.advance(days=30)
    assert await review.due_count(ANN) == 0 and await review.next_due_at(ANN) is None


async def test_a_daily_miss_becomes_a_card(svc, review, clock):
    await svc.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "10:00", "America/New_York", exam="CPC")
    clock.now = datetime(2026, 3, 2, 15, 0, 5, tzinfo=UTC)
    post = await svc.daily.create_daily_post(GUILD)
    await svc.daily.answer_daily(post.id, ANN, "Ann", (post.question.answer + 1) % 4)
    clock.advance(hours=1)
    card = await review.next_card(ANN)
    assert card is not None and card.question.id == post.question.id


async def test_quiz_answers_count_once_even_if_their_event_is_lost(svc, review, clock):
    svc.events._subscribers.clear()  # as if the process died between commit and publish
    qid = await _quiz_answer(svc, clock, ANN, WRONG)
    clock.advance(minutes=5)
    card = await review.next_card(ANN)
    assert card is not None and card.question.id == qid and card.card.lapses == 1
    assert await review.sync(ANN) == 0  # once
    await review.on_result(PracticeResult(ANN, qid, "cpc.icd10cm", False, 3.0, clock.now, "quiz"))
    assert (await review.next_card(ANN)).card.lapses == 1  # the event is not applied a second time


async def test_a_quiz_right_answer_reviews_the_card_by_its_time(svc, review, clock):
    qid = await _quiz_answer(svc, clock, ANN, WRONG)
    clock.advance(days=1)
    await svc.rounds.stop_round((await svc.rounds.active_round(CHANNEL)).id, ANN, is_moderator=True)
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, exam="cpc", count=10, seconds=30)
    for _ in range(10):  # Ann answers every question right (no card) until the missed one
        rq = await svc.rounds.post_question(rnd.id)
        if rq.question.id == qid:
            break
        await svc.rounds.answer(rq.id, ANN, "Ann", RIGHT)
        await svc.rounds.reveal_question(rq.id)
    assert rq.question.id == qid
    clock.advance(seconds=4)
    await svc.rounds.answer(rq.id, ANN, "Ann", RIGHT)  # fast: Easy, out of learning
    await review.sync(ANN)
    assert (await review.next_due_at(ANN)) - clock.now >= timedelta(days=2)


async def test_a_leech_at_the_eighth_miss_names_its_guideline_and_topic(svc, review, clock):
    review.related_topic = lambda *texts: ("study-tips", "Study tips")
    qid = await _quiz_answer(svc, clock, ANN, WRONG)  # lapse 1
    result = None
    for _ in range(LEECH_LAPSES - 1):
        clock.now = (await review.next_due_at(ANN)) + timedelta(seconds=1)
        card = await review.next_card(ANN)
        result = await review.answer(ANN, qid, WRONG, card.shown_at)
        assert (result.leech is None) == (card.card.lapses + 1 < LEECH_LAPSES)
    assert result is not None and result.leech is not None
    assert result.leech.lapses == 8 and result.leech.source == result.question.source
    assert (result.leech.topic_id, result.leech.topic_title) == ("study-tips", "Study tips")


async def test_review_answers_are_published_but_not_reviewed_twice(svc, review, clock):
    seen: list[PracticeResult] = []

    async def listen(result: PracticeResult) -> None:
        seen.append(result)

    svc.events.subscribe(listen)
    qid = await _quiz_answer(svc, clock, ANN, WRONG)
    clock.advance(hours=1)
    card = await review.next_card(ANN)
    result = await review.answer(ANN, qid, RIGHT, card.shown_at)
    assert [r.source for r in seen] == ["quiz", "review"]
    assert (await review.next_due_at(ANN)) == result.next_due  # the review event changed nothing


async def test_bad_answers_are_refused_kindly(svc, review, clock):
    qid = await _quiz_answer(svc, clock, ANN, WRONG)
    clock.advance(hours=1)
    card = await review.next_card(ANN)
    with pytest.raises(InvalidOption):
        await review.answer(ANN, qid, 7, card.shown_at)
    with pytest.raises(NotFound):
        await review.answer(BOB, qid, RIGHT, card.shown_at)  # Bob has no such card
    with pytest.raises(NotFound):
        await review.answer(ANN, "no-such-question", RIGHT, card.shown_at)


async def test_forget_me_deletes_the_cards(svc, review, clock):
    await _quiz_answer(svc, clock, ANN, WRONG)
    assert await review.sync(ANN) == 1  # the card is made when the member's answers are read
    forgotten = await svc.privacy.forget(GUILD, ANN)
    assert forgotten.review_cards_deleted == 1 and "1 review card" in forgotten.summary
    clock.advance(days=1)
    assert await review.due_count(ANN) == 0

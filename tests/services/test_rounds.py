"""RoundsService: start, post, answer (buttons and typed), reveal, stop."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.services.errors import (
    InvalidOption,
    NoQuestionsMatch,
    NotAllowed,
    NotFound,
    QuizError,
    RoundAlreadyRunning,
    RoundNotActive,
)
from bot.services.results import AnswerStatus, Round

from .helpers import ANN, BOB, CHANNEL, CY, GUILD


class TestRoundFlow:
    async def test_start_answer_reveal_stop(self, rounds, clock):
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, exam="cpc", count=3, seconds=30)
        assert isinstance(rnd, Round) and rnd.exam == "CPC"
        assert rnd.active and rnd.total == 3 and len(set(rnd.question_ids)) == 3
        assert all(qid.startswith("cpc-") for qid in rnd.question_ids)
        assert (await rounds.active_round(CHANNEL)).id == rnd.id

        rq = await rounds.post_question(rnd.id, message_id=555)
        assert (rq.number, rq.total, rq.message_id) == (1, 3, 555)
        assert rq.deadline == clock.now + timedelta(seconds=30)
        assert (await rounds.post_question(rnd.id)).id == rq.id  # idempotent
        await rounds.set_question_message(rq.id, 556)
        assert (await rounds.get_round_question(rq.id)).message_id == 556

        clock.advance(seconds=3)
        r1 = await rounds.answer(rq.id, ANN, "Ann", 1)
        assert r1.status is AnswerStatus.ACCEPTED
        assert r1.accepted and r1.correct and r1.points == 15 and not r1.reveal_now
        assert r1.explanation.startswith("Because")
        clock.advance(seconds=12)
        r2 = await rounds.answer(rq.id, BOB, "Bob", 2)
        assert r2.accepted and not r2.correct and r2.points == 0 and r2.correct_index == 1
        dup = await rounds.answer(rq.id, ANN, "Ann", 3)
        assert (
            dup.duplicate and not dup.accepted and dup.correct and dup.points == 15 and dup.choice_index == 1
        )
        with pytest.raises(InvalidOption):
            await rounds.answer(rq.id, CY, "Cy", 4)

        summary = await rounds.reveal_question(rq.id)
        assert summary.correct_letter == "B" and summary.correct_text == "Bravo choice"
        assert summary.correct_users == ((ANN, "Ann"),)
        assert summary.counts == (0, 1, 1, 0) and summary.total == 2
        assert summary.shares == (0.0, 0.5, 0.5, 0.0)
        assert summary.source == "Guidelines I.A" and not summary.already_revealed
        assert summary.round.current_index == 1 and not summary.round_finished
        again = await rounds.reveal_question(rq.id)
        assert again.already_revealed and again.round.current_index == 1

        late = await rounds.answer(rq.id, CY, "Cy", 1)
        assert late.too_late and not late.accepted and late.correct_index == 1

    async def test_early_reveal_and_stop(self, rounds):
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, exam="cpc", count=3, seconds=30)
        rq = await rounds.post_question(rnd.id)
        await rounds.answer(rq.id, ANN, "Ann", 1)
        await rounds.answer(rq.id, BOB, "Bob", 2)
        await rounds.reveal_question(rq.id)

        # Question 2: once both earlier participants answered, the adapter may reveal early.
        rq2 = await rounds.post_question(rnd.id)
        assert rq2.number == 2 and rq2.id != rq.id
        r = await rounds.answer(rq2.id, BOB, "Bob", 1)
        assert r.accepted and not r.reveal_now
        r = await rounds.answer(rq2.id, ANN, "Ann", 1)
        assert r.reveal_now
        await rounds.reveal_question(rq2.id)

        await rounds.post_question(rnd.id)
        with pytest.raises(NotAllowed):
            await rounds.stop_round(rnd.id, BOB)
        end = await rounds.stop_round(rnd.id, BOB, is_moderator=True)
        assert not end.round.active and end.round.finish_reason == "stopped"
        assert end.closed_question is not None and end.closed_question.total == 0
        assert [s.user_id for s in end.standings] == [ANN, BOB]
        assert await rounds.active_round(CHANNEL) is None
        with pytest.raises(RoundNotActive):
            await rounds.stop_round(rnd.id, ANN)
        with pytest.raises(RoundNotActive):
            await rounds.post_question(rnd.id)

    async def test_round_completes_with_standings(self, rounds, clock):
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, bank="ccs-coding", count=5, seconds=10)
        assert rnd.total == 3  # the bank only has three questions
        summary = None
        for _ in range(3):
            rq = await rounds.post_question(rnd.id)
            await rounds.answer(rq.id, ANN, "Ann", 0)
            await rounds.answer(rq.id, BOB, "Bob", 0 if rq.number == 1 else 1)
            clock.advance(seconds=10)
            assert (await rounds.open_question(rnd.id)).id == rq.id
            summary = await rounds.reveal_question(rq.id)
        assert summary.round_finished and summary.finish_reason == "completed"
        assert [(s.rank, s.user_id, s.correct, s.answered) for s in summary.standings] == [
            (1, ANN, 3, 3),
            (2, BOB, 1, 3),
        ]
        assert not summary.round.active and summary.round.finish_reason == "completed"
        assert await rounds.open_question(rnd.id) is None
        with pytest.raises(RoundNotActive):
            await rounds.post_question(rnd.id)

    async def test_two_unanswered_questions_stop_the_round(self, rounds, clock):
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, count=10, seconds=10)
        rq = await rounds.post_question(rnd.id)
        clock.advance(seconds=11)
        assert not (await rounds.reveal_question(rq.id)).round_finished
        rq = await rounds.post_question(rnd.id)
        clock.advance(seconds=11)
        s = await rounds.reveal_question(rq.id)
        assert s.round_finished and s.finish_reason == "inactive" and s.standings == ()
        assert await rounds.active_round(CHANNEL) is None

    async def test_answer_after_deadline_refused(self, rounds, clock):
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, count=1, seconds=10)
        rq = await rounds.post_question(rnd.id)
        clock.advance(seconds=10)
        ok = await rounds.answer(rq.id, ANN, "Ann", 1)
        assert ok.accepted and ok.points == 10  # on the buzzer: no bonus
        clock.advance(seconds=5)
        late = await rounds.answer(rq.id, BOB, "Bob", 1)
        assert late.too_late and late.status is AnswerStatus.CLOSED

    async def test_typed_answers(self, rounds):
        assert await rounds.answer_typed(CHANNEL, ANN, "Ann", "b") is None  # no round
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, count=2)
        assert await rounds.answer_typed(CHANNEL, ANN, "Ann", "b") is None  # nothing posted yet
        rq = await rounds.post_question(rnd.id)
        assert await rounds.answer_typed(CHANNEL, ANN, "Ann", "anyone up for lunch?") is None
        r = await rounds.answer_typed(CHANNEL, ANN, "Ann", "I think it's B")
        assert r.accepted and r.correct
        r = await rounds.answer_typed(CHANNEL, BOB, "Bob", "charlie choise")
        assert r.accepted and r.choice_index == 2 and not r.correct
        assert (await rounds.answer_typed(CHANNEL, BOB, "Bob", "a")).duplicate
        assert await rounds.answer_typed(CHANNEL + 1, CY, "Cy", "b") is None
        await rounds.reveal_question(rq.id)
        assert await rounds.answer_typed(CHANNEL, CY, "Cy", "b") is None  # revealed, next not posted

    async def test_start_errors(self, rounds):
        for bad in ({"count": 0}, {"count": 51}, {"seconds": 9}, {"seconds": 301}):
            with pytest.raises(InvalidOption):
                await rounds.start_round(GUILD, CHANNEL, ANN, **bad)
        for bad in ({"exam": "XYZ"}, {"bank": "nope"}, {"domain": "cpc.nothing"}):
            with pytest.raises(InvalidOption):
                await rounds.start_round(GUILD, CHANNEL, ANN, **bad)
        with pytest.raises(NoQuestionsMatch) as exc:
            await rounds.start_round(GUILD, CHANNEL, ANN, exam="CCS", domain="cpc.anatomy")
        assert "No questions match" in exc.value.message and isinstance(exc.value, QuizError)
        await rounds.start_round(GUILD, CHANNEL, ANN, count=50, seconds=300)
        with pytest.raises(RoundAlreadyRunning) as exc:
            await rounds.start_round(GUILD, CHANNEL, BOB)
        assert "already running" in str(exc.value)

    async def test_unknown_ids(self, rounds):
        for call in (
            rounds.get_round(999),
            rounds.get_round_question(999),
            rounds.answer(999, ANN, "Ann", 0),
        ):
            with pytest.raises(NotFound):
                await call
        with pytest.raises(NotFound):
            await rounds.reveal_question(999)

    async def test_concurrent_starts_in_one_channel(self, rounds):
        results = await asyncio.gather(
            *(rounds.start_round(GUILD, CHANNEL, u) for u in range(10)), return_exceptions=True
        )
        assert sum(1 for r in results if not isinstance(r, BaseException)) == 1
        assert all(isinstance(r, RoundAlreadyRunning) for r in results if isinstance(r, BaseException))

    async def test_many_members_answer_at_once(self, rounds):
        rnd = await rounds.start_round(GUILD, CHANNEL, ANN, count=1, seconds=60)
        rq = await rounds.post_question(rnd.id)
        results = await asyncio.gather(
            *(rounds.answer(rq.id, uid, f"m{uid}", uid % 4) for uid in range(200)),
            # double clicks (the same choice: on PostgreSQL either click of a pair may land first)
            *(rounds.answer(rq.id, uid, f"m{uid}", uid % 4) for uid in range(50)),
        )
        assert sum(r.accepted for r in results) == 200
        assert sum(r.duplicate for r in results) == 50
        summary = await rounds.reveal_question(rq.id)
        assert summary.total == 200 and summary.counts == (50, 50, 50, 50)

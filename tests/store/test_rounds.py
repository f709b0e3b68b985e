"""Rounds in the store: one active round per channel, posted questions, reveal and finish."""

from __future__ import annotations

from datetime import timedelta

from bot.core.rounds.rules import RoundAdvance

from .helpers import T0, answer, make_round, make_rq, new_round


async def test_one_active_round_per_channel(store):
    first = await store.rounds.create_round(new_round(channel=10))
    assert first is not None and first.active and first.total == 3
    assert await store.rounds.create_round(new_round(channel=10)) is None
    assert await store.rounds.create_round(new_round(channel=11)) is not None
    assert (await store.rounds.active_round_in_channel(10)).id == first.id
    assert [r.channel_id for r in await store.rounds.active_rounds(1)] == [10, 11]
    assert await store.rounds.active_rounds(2) == []


async def test_create_round_question_is_idempotent(store):
    rnd = await make_round(store)
    rq1, c1 = await store.rounds.create_round_question(
        round_id=rnd.id,
        index=0,
        question_id="q1",
        posted_at=T0,
        deadline=T0 + timedelta(seconds=30),
        message_id=None,
    )
    rq2, c2 = await store.rounds.create_round_question(
        round_id=rnd.id,
        index=0,
        question_id="q1",
        posted_at=T0 + timedelta(seconds=5),
        deadline=T0 + timedelta(seconds=35),
        message_id=77,
    )
    assert c1 and not c2 and rq1.id == rq2.id
    assert rq2.posted_at == T0 and rq2.message_id == 77
    assert (await store.rounds.round_question_at(rnd.id, 0)).id == rq1.id
    assert await store.rounds.round_question_at(rnd.id, 1) is None


async def test_reveal_moves_the_round_on_once(store):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    await answer(store, rq.id, 1)
    seen = []

    def advance(r, q, count):
        seen.append((r.id, q.index, count))
        return RoundAdvance(next_index=1, unanswered_streak=0, finished=False, reason=None)

    revealed, after = await store.rounds.reveal_round_question(rq.id, T0, advance)
    assert revealed and after.current_index == 1 and after.active
    assert seen == [(rnd.id, 0, 1)]
    again, same = await store.rounds.reveal_round_question(rq.id, T0, advance)
    assert not again and same.current_index == 1 and len(seen) == 1
    assert await store.rounds.reveal_round_question(999, T0, advance) == (False, None)
    assert (await store.rounds.get_round_question(rq.id)).revealed


async def test_reveal_can_finish_the_round(store):
    rnd = await make_round(store, qids=("q1",))
    rq = await make_rq(store, rnd.id)
    finish = RoundAdvance(next_index=1, unanswered_streak=1, finished=True, reason="completed")
    _, after = await store.rounds.reveal_round_question(rq.id, T0, lambda r, q, n: finish)
    assert not after.active and after.finish_reason == "completed" and after.finished_at == T0
    assert await store.rounds.active_round_in_channel(rnd.channel_id) is None


async def test_finish_round_closes_its_open_question(store):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    assert (await store.rounds.latest_round_question(rnd.id)).id == rq.id
    assert await store.rounds.finish_round(rnd.id, "stopped", T0) == (True, [rq.id])
    assert await store.rounds.finish_round(rnd.id, "stopped", T0) == (False, [])
    after = await store.rounds.get_round(rnd.id)
    assert not after.active and after.finish_reason == "stopped"
    assert (await store.rounds.get_round_question(rq.id)).revealed

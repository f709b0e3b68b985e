"""Group commit on both engines: concurrent answers share a transaction, yet each answer is
all-or-nothing, deduplicated by the database, fails alone, and is committed when its caller
returns (the rules of ``bot.store.group_commit``)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date

import pytest

from bot.store import AnswerStatus, Store, open_store

from .helpers import NEXT_QUESTION, T0, answer, make_round, make_rq, new_answer


async def transactions_of_answers(store: Store) -> int:
    """PostgreSQL: how many transactions inserted the answers (rows of one share its xmin)."""
    row = await store.database.fetch_one("SELECT COUNT(DISTINCT xmin::text) FROM answers")
    return int(row[0])


async def daily_post(store: Store) -> int:
    post, _ = await store.daily.create_daily_post(
        guild_id=1, local_date=date(2026, 3, 1), question_id="q1", channel_id=2, now=T0, next_run_at=None
    )
    return post.id


async def test_a_burst_shares_few_transactions(store, engine):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    results = await asyncio.gather(*(answer(store, rq.id, user) for user in range(100)))
    assert [status for status, _ in results] == [AnswerStatus.ACCEPTED] * 100
    assert len({record.id for _, record in results}) == 100
    if engine == "postgres":
        assert await transactions_of_answers(store) < 10  # one or two batches, not 100 transactions


async def test_duplicates_in_a_batch_and_with_earlier_answers_count_once(store):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    post = await daily_post(store)
    earlier = await answer(store, rq.id, 1)
    assert earlier.status is AnswerStatus.ACCEPTED
    results = await asyncio.gather(
        answer(store, rq.id, 1, correct=False),  # conflicts with the committed answer
        answer(store, rq.id, 2),
        answer(store, rq.id, 2, correct=False),  # conflicts with the one just before it
        answer(store, post, 2, kind="daily"),  # another kind in the same batch
        answer(store, post, 2, kind="daily", correct=False),
        answer(store, rq.id, 3),
    )
    statuses = [outcome.status for outcome in results]
    assert statuses == [
        AnswerStatus.DUPLICATE,
        AnswerStatus.ACCEPTED,
        AnswerStatus.DUPLICATE,
        AnswerStatus.ACCEPTED,
        AnswerStatus.DUPLICATE,
        AnswerStatus.ACCEPTED,
    ]
    # A duplicate reports the answer that counts (the first), never its own.
    assert results[0].answer == earlier.answer and results[0].answer.correct
    assert results[2].answer == results[1].answer and results[2].answer.correct
    assert results[4].answer == results[3].answer and results[4].answer.kind == "daily"
    assert await store.answers.count_answers() == 4


async def test_closed_and_missing_targets_in_a_batch(store):
    rnd = await make_round(store)
    open_rq = await make_rq(store, rnd.id)
    closed_rq = await make_rq(store, rnd.id, index=1, qid="q2")
    await store.rounds.reveal_round_question(closed_rq.id, T0, lambda r, q, n: NEXT_QUESTION)
    results = await asyncio.gather(
        answer(store, open_rq.id, 1), answer(store, closed_rq.id, 1), answer(store, 99_999, 1)
    )
    assert [outcome.status for outcome in results] == [
        AnswerStatus.ACCEPTED,
        AnswerStatus.CLOSED,
        AnswerStatus.MISSING,
    ]
    assert await store.answers.count_answers() == 1


async def test_a_bad_answer_fails_alone(store, engine):
    """A value the database refuses fails that caller only; the others of its batch commit."""
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    # PostgreSQL text cannot hold NUL; on SQLite the missing question id breaks NOT NULL.
    bad = dataclasses.replace(new_answer(rq.id, 999), user_name="bad\x00name")
    if engine == "sqlite":
        bad = dataclasses.replace(bad, question_id=None)  # type: ignore[arg-type]
    results = await asyncio.gather(
        *(answer(store, rq.id, user) for user in range(10)),
        store.answers.record_answer(bad),
        *(answer(store, rq.id, user) for user in range(10, 20)),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1 and not isinstance(errors[0], AssertionError)
    good = [r for r in results if not isinstance(r, BaseException)]
    assert [outcome.status for outcome in good] == [AnswerStatus.ACCEPTED] * 20
    assert await store.answers.count_answers() == 20


async def test_a_cancelled_caller_does_not_cancel_its_batch(store):
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    tasks = [asyncio.create_task(answer(store, rq.id, user)) for user in range(30)]
    await asyncio.sleep(0)  # every caller has queued its answer
    tasks[7].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(results[7], asyncio.CancelledError)
    others = [r for i, r in enumerate(results) if i != 7]
    assert [outcome.status for outcome in others] == [AnswerStatus.ACCEPTED] * 29
    # The cancelled caller's answer was queued: its batch committed it all the same, once.
    assert await store.answers.count_answers() == 30
    assert (await answer(store, rq.id, 7)).status is AnswerStatus.DUPLICATE


@pytest.mark.parametrize("turns", [0, 1, 2, 3, 5, 8])
async def test_a_reveal_racing_batches_counts_exactly_the_accepted_answers(store, turns):
    """Whenever the reveal lands among the batches, it counts the answers accepted and none is
    accepted after it."""
    post = await daily_post(store)
    rnd = await make_round(store)
    rq = await make_rq(store, rnd.id)
    counted: list[int] = []

    def advance(r, q, n):
        counted.append(n)
        return NEXT_QUESTION

    quiz = [asyncio.create_task(answer(store, rq.id, user)) for user in range(60)]
    daily = [asyncio.create_task(answer(store, post, user, kind="daily")) for user in range(60)]
    for _ in range(turns):
        await asyncio.sleep(0)
    reveals = await asyncio.gather(
        store.rounds.reveal_round_question(rq.id, T0, advance), store.daily.mark_daily_revealed(post, T0)
    )
    late = [asyncio.create_task(answer(store, rq.id, user)) for user in range(60, 80)]
    quiz_results = await asyncio.gather(*quiz, *late)
    daily_results = await asyncio.gather(*daily)
    assert reveals[0][0] and reveals[1]
    assert {o.status for o in quiz_results} <= {AnswerStatus.ACCEPTED, AnswerStatus.CLOSED}
    assert [o.status for o in quiz_results[60:]] == [AnswerStatus.CLOSED] * 20
    accepted = sum(o.status is AnswerStatus.ACCEPTED for o in quiz_results)
    assert counted == [accepted]
    assert len(await store.answers.answers_for_round_question(rq.id)) == accepted
    daily_accepted = sum(o.status is AnswerStatus.ACCEPTED for o in daily_results)
    assert len(await store.answers.answers_for_daily_post(post)) == daily_accepted


async def test_answers_from_two_stores_on_one_database(db_location):
    """Two processes' stores (two pools / connections) batching at once: each member once."""
    first, second = await open_store(db_location), await open_store(db_location)
    try:
        rnd = await make_round(first)
        rq = await make_rq(first, rnd.id)
        results = await asyncio.gather(
            *(answer(first if user % 2 else second, rq.id, user % 50) for user in range(200))
        )
        statuses = [outcome.status for outcome in results]
        assert statuses.count(AnswerStatus.ACCEPTED) == 50 and statuses.count(AnswerStatus.DUPLICATE) == 150
        assert await second.answers.count_answers() == 50
    finally:
        await first.close()
        await second.close()

"""Answers in the store: double and late answers, concurrency, group commit, scores."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, timedelta

import pytest

from bot.store import AnswerStatus, open_store

from .helpers import INTEGRITY_ERRORS, NEXT_QUESTION, T0, answer, make_round, make_rq, new_answer, raw_write


class TestConstraints:
    async def test_second_answer_counts_once(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        status, rec = await answer(store, rq.id, 1)
        assert status is AnswerStatus.ACCEPTED and rec.correct and rec.points == 12
        status, rec2 = await answer(store, rq.id, 1, correct=False, points=0)
        assert status is AnswerStatus.DUPLICATE and rec2.id == rec.id and rec2.correct
        assert await store.answers.count_answers() == 1

    async def test_database_enforces_unique_answers(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        await answer(store, rq.id, 1)
        with pytest.raises(INTEGRITY_ERRORS):
            await raw_write(
                store,
                "INSERT INTO answers (guild_id, user_id, user_name, kind, round_question_id, "
                "question_id, domain, choice, correct, points, answered_at) "
                "VALUES (1, 1, 'x', 'quiz', ?, 'q1', 'd', 0, ?, 0, ?)",
                rq.id,
                False,
                T0,
            )
        assert await store.answers.count_answers() == 1

    async def test_answer_after_reveal_is_closed_and_unknown_target_missing(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        revealed, _ = await store.rounds.reveal_round_question(rq.id, T0, lambda r, q, n: NEXT_QUESTION)
        assert revealed
        assert await answer(store, rq.id, 1) == (AnswerStatus.CLOSED, None)
        assert await answer(store, 12345, 1) == (AnswerStatus.MISSING, None)
        assert await answer(store, 12345, 1, kind="daily") == (AnswerStatus.MISSING, None)
        assert await store.answers.count_answers() == 0

    async def test_daily_answer_after_reveal_is_closed(self, store):
        post, _ = await store.daily.create_daily_post(
            guild_id=1, local_date=date(2026, 3, 1), question_id="q1", channel_id=2, now=T0, next_run_at=None
        )
        assert (await answer(store, post.id, 1, kind="daily")).status is AnswerStatus.ACCEPTED
        assert await store.daily.mark_daily_revealed(post.id, T0)
        assert await answer(store, post.id, 2, kind="daily") == (AnswerStatus.CLOSED, None)

    async def test_bad_kind_is_refused(self, store):
        with pytest.raises(ValueError):
            await store.answers.record_answer(dataclasses.replace(new_answer(1, 1), kind="trivia"))


class TestConcurrency:
    async def test_200_concurrent_answers_all_recorded(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        results = await asyncio.gather(*(answer(store, rq.id, uid) for uid in range(200)))
        assert [s for s, _ in results].count(AnswerStatus.ACCEPTED) == 200
        assert await store.answers.count_answers() == 200
        assert len({r.id for _, r in results}) == 200

    async def test_concurrent_double_clicks_count_once(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        results = await asyncio.gather(*(answer(store, rq.id, uid % 100) for uid in range(300)))
        statuses = [s for s, _ in results]
        assert statuses.count(AnswerStatus.ACCEPTED) == 100 and statuses.count(AnswerStatus.DUPLICATE) == 200
        assert await store.answers.count_answers() == 100

    async def test_answers_racing_a_reveal(self, store, engine):
        """Every answer is accepted or refused as closed, and the reveal counts exactly the
        accepted ones (nothing is accepted after it).  On SQLite, whose writes take turns in
        arrival order, answers queued before the reveal count and those queued after it do not."""
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        counted: list[int] = []

        def advance(r, q, n):
            counted.append(n)
            return NEXT_QUESTION

        before = [asyncio.create_task(answer(store, rq.id, uid)) for uid in range(50)]
        for _ in range(2):  # the answers queue up, then their writer takes the database lock
            await asyncio.sleep(0)
        reveal = asyncio.create_task(store.rounds.reveal_round_question(rq.id, T0, advance))
        after = [asyncio.create_task(answer(store, rq.id, uid)) for uid in range(50, 100)]
        results = await asyncio.gather(*before, *after)
        assert (await reveal)[0]
        statuses = [s for s, _ in results]
        assert set(statuses) <= {AnswerStatus.ACCEPTED, AnswerStatus.CLOSED}
        accepted = statuses.count(AnswerStatus.ACCEPTED)
        assert counted == [accepted] and await store.answers.count_answers() == accepted
        if engine == "sqlite":
            assert statuses == [AnswerStatus.ACCEPTED] * 50 + [AnswerStatus.CLOSED] * 50

    async def test_two_connections_share_the_database(self, db_location):
        a = await open_store(db_location)
        b = await open_store(db_location)
        try:
            rnd = await make_round(a)
            rq = await make_rq(a, rnd.id)
            res = await asyncio.gather(*(answer(a if i % 2 else b, rq.id, i) for i in range(60)))
            assert all(s is AnswerStatus.ACCEPTED for s, _ in res)
            assert await b.answers.count_answers() == 60
        finally:
            await a.close()
            await b.close()


class TestGroupCommit:
    async def test_a_burst_with_double_clicks_counts_each_member_once(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        results = await asyncio.gather(*(answer(store, rq.id, user % 150) for user in range(300)))
        statuses = [status for status, _ in results]
        assert statuses.count(AnswerStatus.ACCEPTED) == 150 and statuses.count(AnswerStatus.DUPLICATE) == 150
        rows = await store.database.fetch_all("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM answers")
        assert tuple(rows[0]) == (150, 150)

    async def test_one_failing_answer_does_not_fail_the_others_in_its_batch(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        # NOT NULL violation: this caller gets the error, the rest of the batch commits.
        broken = dataclasses.replace(new_answer(rq.id, 999), question_id=None)
        results = await asyncio.gather(
            *(answer(store, rq.id, u) for u in range(20)),
            store.answers.record_answer(broken),
            return_exceptions=True,
        )
        errors = [r for r in results if isinstance(r, BaseException)]
        assert len(errors) == 1 and isinstance(errors[0], INTEGRITY_ERRORS)
        assert [r[0] for r in results if not isinstance(r, BaseException)] == [AnswerStatus.ACCEPTED] * 20
        assert await store.answers.count_answers() == 20

    async def test_answers_are_durable_when_the_call_returns(self, db_location):
        store = await open_store(db_location)
        try:
            rnd = await make_round(store)
            rq = await make_rq(store, rnd.id)
            await asyncio.gather(*(answer(store, rq.id, u) for u in range(50)))
            # Another connection sees them at once: committed, not waiting for close().
            other = await open_store(db_location)
            try:
                assert await other.answers.count_answers() == 50
            finally:
                await other.close()
        finally:
            await store.close()


class TestScores:
    async def test_leaderboard_periods_kinds_and_names(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        post, _ = await store.daily.create_daily_post(
            guild_id=1, local_date=date(2026, 3, 1), question_id="q1", channel_id=2, now=T0, next_run_at=None
        )
        old_post, _ = await store.daily.create_daily_post(
            guild_id=1,
            local_date=date(2026, 1, 1),
            question_id="q1",
            channel_id=2,
            now=T0 - timedelta(days=59),
            next_run_at=None,
        )
        await answer(store, rq.id, 1, points=15)
        await answer(store, rq.id, 2, points=12)
        await answer(store, post.id, 2, kind="daily", points=14)
        await answer(store, old_post.id, 3, kind="daily", points=15, when=T0 - timedelta(days=59))
        await answer(store, rq.id, 4, correct=False, points=0)
        await answer(store, rq.id, 99, guild=2, points=15)  # another guild
        now = T0 + timedelta(hours=1)
        board = store.answers.leaderboard
        # Rows are (user_id, name, points, correct, answered), best first (ranked by the core).
        week = await board(1, since=now - timedelta(days=7), kind=None)
        assert [(r[0], r[2]) for r in week] == [(2, 26), (1, 15), (4, 0)]
        assert week[0] == (2, "user2", 26, 2, 2)
        assert [r[0] for r in await board(1, since=None, kind=None)] == [2, 1, 3, 4]
        assert [r[0] for r in await board(1, since=None, kind="daily")] == [3, 2]
        assert [r[0] for r in await board(1, since=None, kind="quiz", limit=1)] == [1]

    async def test_member_counts_and_daily_answers(self, store):
        rnd = await make_round(store)
        for i in range(3):
            rq = await make_rq(store, rnd.id, index=i, qid=f"q{i}")
            await answer(
                store,
                rq.id,
                1,
                correct=i != 1,
                points=10 if i != 1 else 0,
                domain="cpc.anatomy" if i else "cpc.icd10cm",
            )
        post, _ = await store.daily.create_daily_post(
            guild_id=1, local_date=date(2026, 3, 1), question_id="q1", channel_id=2, now=T0, next_run_at=None
        )
        await answer(store, post.id, 1, kind="daily", correct=False, points=0)
        c = await store.answers.member_counts(1, 1)
        assert (c.answered, c.correct, c.points) == (4, 2, 20)
        assert {d.domain: (d.answered, d.correct) for d in c.domains} == {
            "cpc.anatomy": (3, 1),
            "cpc.icd10cm": (1, 1),
        }
        assert await store.answers.member_daily_answers(1, 1) == {post.id: False}
        empty = await store.answers.member_counts(1, 42)
        assert (empty.answered, empty.domains) == (0, ())

    async def test_waiting_on_follows_the_round_question_by_question(self, store):
        """The early-reveal check stays exact as a round goes on: members joining later are
        waited for on the next question, and a member forgotten meanwhile is not."""
        rnd = await make_round(store)
        reveal = store.rounds.reveal_round_question
        rq0 = await make_rq(store, rnd.id, index=0)
        for user in (1, 2):
            await answer(store, rq0.id, user)
        await reveal(rq0.id, T0, lambda r, q, n: NEXT_QUESTION)
        rq1 = await make_rq(store, rnd.id, index=1, qid="q2")
        await answer(store, rq1.id, 1)
        assert await store.answers.round_waiting_on_any(rnd.id, 1, rq1.id) == (True, True)
        await store.privacy.forget_member(1, 2)  # member 2 had answered q1 only
        assert await store.answers.round_waiting_on_any(rnd.id, 1, rq1.id) == (True, False)
        await answer(store, rq1.id, 3)
        await reveal(rq1.id, T0, lambda r, q, n: dataclasses.replace(NEXT_QUESTION, next_index=2))
        rq2 = await make_rq(store, rnd.id, index=2, qid="q3")
        await answer(store, rq2.id, 1)
        assert await store.answers.round_waiting_on_any(rnd.id, 2, rq2.id) == (True, True)  # 3 joined at q2
        await answer(store, rq2.id, 3)
        assert await store.answers.round_waiting_on_any(rnd.id, 2, rq2.id) == (True, False)
        assert await store.answers.round_waiting_on(rnd.id, 2, rq2.id) == (2, 0)

    async def test_round_standings_name_a_member_by_their_latest_answer(self, store):
        rnd = await make_round(store)
        rq0 = await make_rq(store, rnd.id, index=0)
        rq1 = await make_rq(store, rnd.id, index=1, qid="q2")
        late, early = new_answer(rq0.id, 1, when=T0 + timedelta(seconds=5)), new_answer(rq1.id, 1, when=T0)
        await store.answers.record_answer(dataclasses.replace(late, user_name="Renamed"))
        await store.answers.record_answer(dataclasses.replace(early, user_name="Old name"))
        assert await store.answers.round_standings_rows(rnd.id) == [(1, "Renamed", 24, 2, 2)]

    async def test_round_standings_rows_and_waiting_on(self, store):
        rnd = await make_round(store)
        rq0 = await make_rq(store, rnd.id, index=0)
        rq1 = await make_rq(store, rnd.id, index=1, qid="q2")
        await answer(store, rq0.id, 1, points=15)
        await answer(store, rq0.id, 2, correct=False, points=0)
        assert await store.answers.round_waiting_on(rnd.id, 0, rq0.id) == (0, 0)  # nobody before q1
        assert await store.answers.round_waiting_on_any(rnd.id, 0, rq0.id) == (False, False)
        assert await store.answers.round_waiting_on(rnd.id, 1, rq1.id) == (2, 2)
        assert await store.answers.round_waiting_on_any(rnd.id, 1, rq1.id) == (True, True)
        await answer(store, rq1.id, 2, points=11)
        assert await store.answers.round_waiting_on(rnd.id, 1, rq1.id) == (2, 1)
        assert await store.answers.round_waiting_on_any(rnd.id, 1, rq1.id) == (True, True)
        await answer(store, rq1.id, 1, points=11)
        assert await store.answers.round_waiting_on(rnd.id, 1, rq1.id) == (2, 0)
        assert await store.answers.round_waiting_on_any(rnd.id, 1, rq1.id) == (True, False)
        rows = sorted(await store.answers.round_standings_rows(rnd.id))
        assert rows == [(1, "user1", 26, 2, 2), (2, "user2", 11, 1, 2)]
        answers = await store.answers.answers_for_round_question(rq0.id)
        assert [(a.user_id, a.kind, a.round_question_id, a.daily_post_id) for a in answers] == [
            (1, "quiz", rq0.id, None),
            (2, "quiz", rq0.id, None),
        ]

"""The SQLite store: migrations, pragmas, constraints, concurrency and queries."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.storage import LATEST_VERSION, MIGRATIONS, Store, StoreError

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "db.sqlite3")
    yield s
    await s.close()


def schema(path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
        return [(t, n, " ".join((s or "").split())) for t, n, s in rows]
    finally:
        con.close()


async def make_round(store: Store, channel: int = 10, guild: int = 1, qids=("q1", "q2", "q3")):
    return await store.create_round(
        guild_id=guild,
        channel_id=channel,
        starter_id=7,
        exam="CPC",
        domain=None,
        bank=None,
        seconds=30,
        question_ids=list(qids),
        now=T0,
    )


async def make_rq(store: Store, round_id: int, index: int = 0, qid: str = "q1"):
    rq, _ = await store.create_round_question(
        round_id=round_id,
        index=index,
        question_id=qid,
        posted_at=T0,
        deadline=T0 + timedelta(seconds=30),
        message_id=None,
    )
    return rq


async def answer(
    store: Store,
    rq_id: int,
    user: int,
    *,
    correct=True,
    points=12,
    kind="quiz",
    guild=1,
    when=T0,
    domain="cpc.anatomy",
):
    return await store.record_answer(
        kind=kind,
        target_id=rq_id,
        guild_id=guild,
        user_id=user,
        user_name=f"user{user}",
        question_id="q1",
        domain=domain,
        choice=1,
        correct=correct,
        points=points,
        answered_at=when,
    )


class TestOpenAndMigrations:
    async def test_first_run_creates_directories_and_file(self, tmp_path):
        path = tmp_path / "deep" / "er" / "bot.sqlite3"
        s = await Store.open(path)
        try:
            assert path.exists()
            assert await s.schema_version() == LATEST_VERSION
            assert (await s._one("PRAGMA journal_mode"))[0] == "wal"
            assert (await s._one("PRAGMA foreign_keys"))[0] == 1
            assert (await s._one("PRAGMA busy_timeout"))[0] == 5000
        finally:
            await s.close()

    async def test_reopen_is_idempotent(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        s = await Store.open(path)
        await s.add_ask_channel(1, 2, T0)
        await s.close()
        before = schema(path)
        s = await Store.open(path)
        assert await s.ask_channels(1) == [2]
        assert await s.schema_version() == LATEST_VERSION
        await s.close()
        assert schema(path) == before

    def test_migration_versions_are_consecutive(self):
        assert [v for v, _, _ in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))

    @pytest.mark.parametrize("start", list(range(LATEST_VERSION)))
    async def test_upgrade_from_every_earlier_version(self, tmp_path, start):
        fresh = tmp_path / "fresh.sqlite3"
        await (await Store.open(fresh)).close()

        path = tmp_path / "old.sqlite3"
        old = await Store.open(path, target_version=start)
        assert await old.schema_version() == start
        if start >= 1:  # data written by the older version must survive the upgrade
            await old.add_ask_channel(5, 6, T0)
        if start >= 2:
            rnd = await make_round(old)
            await make_rq(old, rnd.id)
        if start >= 3:
            await old.create_daily_post(
                guild_id=5,
                local_date=date(2026, 3, 1),
                question_id="q9",
                channel_id=6,
                now=T0,
                next_run_at=None,
            )
        await old.close()

        s = await Store.open(path)
        try:
            assert await s.schema_version() == LATEST_VERSION
            if start >= 1:
                assert await s.ask_channels(5) == [6]
            if start >= 2:
                assert len(await s.active_rounds()) == 1
            if start >= 3:
                assert (await s.daily_post_for_date(5, date(2026, 3, 1))).question_id == "q9"
        finally:
            await s.close()
        assert schema(path) == schema(fresh)

    async def test_failed_migration_rolls_back_its_transaction(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        await (await Store.open(path)).close()
        bad = list(MIGRATIONS) + [
            (LATEST_VERSION + 1, "broken", ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL")),
        ]
        with pytest.raises(sqlite3.OperationalError):
            await Store.open(path, migrations=bad)
        s = await Store.open(path)
        try:
            assert await s.schema_version() == LATEST_VERSION
        finally:
            await s.close()
        assert "half_done" not in {n for _, n, _ in schema(path)}

    async def test_newer_database_is_refused(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        await (await Store.open(path)).close()
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
        con.commit()
        con.close()
        with pytest.raises(StoreError):
            await Store.open(path)


class TestConstraints:
    async def test_second_answer_counts_once(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        status, rec = await answer(store, rq.id, 1)
        assert status == "accepted" and rec.correct and rec.points == 12
        status, rec2 = await answer(store, rq.id, 1, correct=False, points=0)
        assert status == "duplicate" and rec2.id == rec.id and rec2.correct
        assert await store.count_answers() == 1

    async def test_database_enforces_unique_answers(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        await answer(store, rq.id, 1)
        with pytest.raises(sqlite3.IntegrityError):
            async with store._write() as db:
                await db.execute(
                    "INSERT INTO answers (guild_id, user_id, user_name, kind, round_question_id, question_id, "
                    "domain, choice, correct, points, answered_at) VALUES (1, 1, 'x', 'quiz', ?, 'q1', 'd', 0, 0, 0, 't')",
                    (rq.id,),
                )
        assert await store.count_answers() == 1

    async def test_foreign_keys_enforced(self, store):
        with pytest.raises(sqlite3.IntegrityError):
            async with store._write() as db:
                await db.execute(
                    "INSERT INTO round_questions (round_id, idx, question_id, posted_at, deadline) "
                    "VALUES (999, 0, 'q', 't', 't')"
                )

    async def test_answer_after_reveal_is_closed(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        ok, _ = await store.reveal_round_question(rq.id, T0, lambda r, q, n: (1, 0, False, None))
        assert ok
        assert (await answer(store, rq.id, 1))[0] == "closed"
        assert (await answer(store, 12345, 1))[0] == "missing"

    async def test_one_active_round_per_channel(self, store):
        assert await make_round(store, channel=10) is not None
        assert await make_round(store, channel=10) is None
        assert await make_round(store, channel=11) is not None

    async def test_daily_post_never_twice_a_day(self, store):
        day = date(2026, 3, 1)
        p1, created1 = await store.create_daily_post(
            guild_id=1, local_date=day, question_id="a", channel_id=2, now=T0, next_run_at=None
        )
        p2, created2 = await store.create_daily_post(
            guild_id=1, local_date=day, question_id="b", channel_id=2, now=T0, next_run_at=None
        )
        assert created1 and not created2 and p1.id == p2.id and p2.question_id == "a"
        _, created3 = await store.create_daily_post(
            guild_id=2, local_date=day, question_id="b", channel_id=3, now=T0, next_run_at=None
        )
        assert created3
        with pytest.raises(sqlite3.IntegrityError):
            async with store._write() as db:
                await db.execute(
                    "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at) "
                    "VALUES (1, '2026-03-01', 'c', 2, 't')"
                )

    async def test_create_round_question_is_idempotent(self, store):
        rnd = await make_round(store)
        rq1, c1 = await store.create_round_question(
            round_id=rnd.id,
            index=0,
            question_id="q1",
            posted_at=T0,
            deadline=T0 + timedelta(seconds=30),
            message_id=None,
        )
        rq2, c2 = await store.create_round_question(
            round_id=rnd.id,
            index=0,
            question_id="q1",
            posted_at=T0 + timedelta(seconds=5),
            deadline=T0 + timedelta(seconds=35),
            message_id=77,
        )
        assert c1 and not c2 and rq1.id == rq2.id
        assert rq2.posted_at == T0 and rq2.message_id == 77


class TestConcurrency:
    async def test_200_concurrent_answers_all_recorded(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        results = await asyncio.gather(*(answer(store, rq.id, uid) for uid in range(200)))
        assert [s for s, _ in results].count("accepted") == 200
        assert await store.count_answers() == 200
        assert len({r.id for _, r in results}) == 200

    async def test_concurrent_double_clicks_count_once(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        results = await asyncio.gather(*(answer(store, rq.id, uid % 100) for uid in range(300)))
        statuses = [s for s, _ in results]
        assert statuses.count("accepted") == 100 and statuses.count("duplicate") == 200
        assert await store.count_answers() == 100

    async def test_answers_racing_a_reveal(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        tasks = [answer(store, rq.id, uid) for uid in range(100)]
        tasks.insert(50, store.reveal_round_question(rq.id, T0, lambda r, q, n: (1, 0, False, None)))
        results = await asyncio.gather(*tasks)
        answers = [r for r in results if isinstance(r[0], str)]
        accepted = sum(1 for s, _ in answers if s == "accepted")
        closed = sum(1 for s, _ in answers if s == "closed")
        assert accepted + closed == 100
        assert await store.count_answers() == accepted  # nothing accepted after the reveal

    async def test_two_connections_share_the_file(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        a = await Store.open(path)
        b = await Store.open(path)
        try:
            rnd = await make_round(a)
            rq = await make_rq(a, rnd.id)
            res = await asyncio.gather(*(answer(a if i % 2 else b, rq.id, i) for i in range(60)))
            assert all(s == "accepted" for s, _ in res)
            assert await b.count_answers() == 60
        finally:
            await a.close()
            await b.close()


class TestGroupCommit:
    async def test_a_burst_with_double_clicks_counts_each_member_once(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        results = await asyncio.gather(*(answer(store, rq.id, user % 150) for user in range(300)))
        statuses = [status for status, _ in results]
        assert statuses.count("accepted") == 150 and statuses.count("duplicate") == 150
        rows = await store._all("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM answers")
        assert tuple(rows[0]) == (150, 150)

    async def test_one_failing_answer_does_not_fail_the_others_in_its_batch(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)

        async def broken():
            # NOT NULL violation: this caller gets the error, the rest of the batch commits.
            return await store.record_answer(
                kind="quiz",
                target_id=rq.id,
                guild_id=1,
                user_id=999,
                user_name="x",
                question_id=None,
                domain="d",
                choice=0,
                correct=False,
                points=0,
                answered_at=T0,
            )

        results = await asyncio.gather(
            *(answer(store, rq.id, u) for u in range(20)), broken(), return_exceptions=True
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], sqlite3.IntegrityError)
        assert [r[0] for r in results if not isinstance(r, Exception)] == ["accepted"] * 20

    async def test_answers_are_durable_when_the_call_returns(self, tmp_path):
        path = tmp_path / "durable.sqlite3"
        first = await Store.open(path)
        rnd = await make_round(first)
        rq = await make_rq(first, rnd.id)
        await asyncio.gather(*(answer(first, rq.id, u) for u in range(50)))
        await first.close()
        again = await Store.open(path)
        try:
            assert (await again._one("SELECT COUNT(*) FROM answers"))[0] == 50
        finally:
            await again.close()


class TestQueries:
    async def test_leaderboard_periods_kinds_and_names(self, store):
        rnd = await make_round(store)
        rq = await make_rq(store, rnd.id)
        post, _ = await store.create_daily_post(
            guild_id=1, local_date=date(2026, 3, 1), question_id="q1", channel_id=2, now=T0, next_run_at=None
        )
        old_post, _ = await store.create_daily_post(
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
        # Rows are (user_id, name, points, correct, answered), best first (ranked by the core).
        week = await store.leaderboard(1, since=now - timedelta(days=7), kind=None)
        assert [(r[0], r[2]) for r in week] == [(2, 26), (1, 15), (4, 0)]
        assert week[0] == (2, "user2", 26, 2, 2)
        everything = await store.leaderboard(1, since=None, kind=None)
        assert [r[0] for r in everything] == [2, 1, 3, 4]
        daily = await store.leaderboard(1, since=None, kind="daily")
        assert [r[0] for r in daily] == [3, 2]
        quiz = await store.leaderboard(1, since=None, kind="quiz", limit=1)
        assert [r[0] for r in quiz] == [1]

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
        post, _ = await store.create_daily_post(
            guild_id=1, local_date=date(2026, 3, 1), question_id="q1", channel_id=2, now=T0, next_run_at=None
        )
        await answer(store, post.id, 1, kind="daily", correct=False, points=0)
        c = await store.member_counts(1, 1)
        assert (c.answered, c.correct, c.points) == (4, 2, 20)
        assert {d.domain: (d.answered, d.correct) for d in c.domains} == {
            "cpc.anatomy": (3, 1),
            "cpc.icd10cm": (1, 1),
        }
        assert await store.member_daily_answers(1, 1) == {post.id: False}
        assert await store.used_daily_question_ids(1) == {"q1"}
        empty = await store.member_counts(1, 42)
        assert (empty.answered, empty.domains) == (0, ())

    async def test_due_guilds_and_settings(self, store):
        await store.save_daily_settings(
            1,
            channel_id=2,
            daily_time="08:00",
            timezone_name="Europe/London",
            exam=None,
            next_run_at=T0,
            now=T0,
        )
        await store.save_daily_settings(
            3,
            channel_id=4,
            daily_time="09:00",
            timezone_name="UTC",
            exam="CCS",
            next_run_at=T0 + timedelta(hours=1),
            now=T0,
        )
        assert [g.guild_id for g in await store.due_guilds(T0)] == [1]
        assert [g.guild_id for g in await store.due_guilds(T0 + timedelta(hours=2))] == [1, 3]
        s = await store.get_guild_settings(3)
        assert s.daily_enabled and s.daily_exam == "CCS" and s.next_run_at == T0 + timedelta(hours=1)
        assert await store.disable_daily(3, T0) and not await store.disable_daily(3, T0)
        assert [g.guild_id for g in await store.due_guilds(T0 + timedelta(hours=2))] == [1]
        await store.set_quiz_channel(3, 55, T0)
        s = await store.get_guild_settings(3)
        assert s.quiz_channel_id == 55 and s.daily_channel_id == 4 and not s.daily_enabled

    async def test_ask_channels(self, store):
        assert await store.add_ask_channel(1, 10, T0)
        assert not await store.add_ask_channel(1, 10, T0)
        assert await store.add_ask_channel(1, 11, T0)
        assert await store.add_ask_channel(2, 10, T0)
        assert await store.ask_channels(1) == [10, 11]
        assert await store.remove_ask_channel(1, 10) and not await store.remove_ask_channel(1, 10)
        assert await store.ask_channels(1) == [11]

    async def test_naive_times_are_utc(self, store):
        rnd = await store.create_round(
            guild_id=1,
            channel_id=1,
            starter_id=1,
            exam=None,
            domain=None,
            bank=None,
            seconds=30,
            question_ids=["a"],
            now=datetime(2026, 3, 1, 12, 0),
        )
        assert rnd.started_at == T0

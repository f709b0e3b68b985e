"""QuizService flows: rounds, daily questions, stats, restarts (bot/services/quiz.py)."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.core.banks.loader import load_banks
from bot.services.quiz import (
    DailyNotConfigured,
    InvalidOption,
    NoQuestionsMatch,
    NotAllowed,
    QuizError,
    QuizService,
    RoundAlreadyRunning,
    RoundNotActive,
    UnknownTimezone,
)
from bot.storage import Store

GUILD, CHANNEL, DAILY_CHANNEL = 100, 200, 300
ANN, BOB, CY, DEE = 1, 2, 3, 4


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def q(qid: str, domain: str = "cpc.icd10cm", answer: str = "B") -> dict:
    return {
        "id": qid,
        "domain": domain,
        "difficulty": 1,
        "stem": f"Question {qid}?",
        "choices": ["Alpha choice", "Bravo choice", "Charlie choice", "Delta choice"],
        "answer": answer,
        "explanation": f"Because {qid}.",
        "source": "Guidelines I.A",
    }


def write_banks(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    cpc = {
        "id": "cpc-mixed",
        "title": "CPC mixed",
        "exams": ["CPC"],
        "questions": [q(f"cpc-{i:02d}", "cpc.icd10cm" if i < 6 else "cpc.anatomy") for i in range(10)],
    }
    ccs = {
        "id": "ccs-coding",
        "title": "CCS coding",
        "exams": ["CCS"],
        "questions": [q(f"ccs-{i:02d}", "ccs.coding", answer="A") for i in range(3)],
    }
    (directory / "cpc.yaml").write_text(yaml.safe_dump(cpc), encoding="utf-8")
    (directory / "ccs.yaml").write_text(yaml.safe_dump(ccs), encoding="utf-8")
    return directory


@pytest.fixture
def library(tmp_path):
    return load_banks(write_banks(tmp_path / "quizzes"))


@pytest.fixture
def clock():
    return Clock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))  # 09:00 in New York (EST)


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "data" / "bot.sqlite3")
    yield s
    await s.close()


@pytest.fixture
def svc(store, library, clock):
    return QuizService(store, library, clock=clock, rng=random.Random(42))


# --------------------------------------------------------------------------- rounds


class TestRoundFlow:
    async def test_start_answer_reveal_stop(self, svc, clock):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, exam="cpc", count=3, seconds=30)
        assert rnd.active and rnd.total == 3 and len(set(rnd.question_ids)) == 3
        assert all(qid.startswith("cpc-") for qid in rnd.question_ids)
        assert (await svc.active_round(CHANNEL)).id == rnd.id

        rq = await svc.post_question(rnd.id, message_id=555)
        assert (rq.number, rq.total, rq.message_id) == (1, 3, 555)
        assert rq.deadline == clock.now + timedelta(seconds=30)
        assert (await svc.post_question(rnd.id)).id == rq.id  # idempotent

        clock.advance(seconds=3)
        r1 = await svc.answer(rq.id, ANN, "Ann", 1)
        assert r1.accepted and r1.correct and r1.points == 15 and not r1.reveal_now
        assert r1.explanation.startswith("Because")
        clock.advance(seconds=12)
        r2 = await svc.answer(rq.id, BOB, "Bob", 2)
        assert r2.accepted and not r2.correct and r2.points == 0 and r2.correct_index == 1
        dup = await svc.answer(rq.id, ANN, "Ann", 3)
        assert (
            dup.duplicate and not dup.accepted and dup.correct and dup.points == 15 and dup.choice_index == 1
        )
        with pytest.raises(InvalidOption):
            await svc.answer(rq.id, CY, "Cy", 4)

        summary = await svc.reveal_question(rq.id)
        assert summary.correct_letter == "B" and summary.correct_text == "Bravo choice"
        assert summary.correct_users == ((ANN, "Ann"),)
        assert summary.counts == (0, 1, 1, 0) and summary.total == 2
        assert summary.shares == (0.0, 0.5, 0.5, 0.0)
        assert summary.source == "Guidelines I.A" and not summary.already_revealed
        assert summary.round.current_index == 1 and not summary.round_finished
        again = await svc.reveal_question(rq.id)
        assert again.already_revealed and again.round.current_index == 1

        late = await svc.answer(rq.id, CY, "Cy", 1)
        assert late.too_late and not late.accepted
        assert "Too late" in late.message

        # Question 2: once both earlier participants answered, the cog may reveal early.
        rq2 = await svc.post_question(rnd.id)
        assert rq2.number == 2 and rq2.id != rq.id
        r = await svc.answer(rq2.id, BOB, "Bob", 1)
        assert r.accepted and not r.reveal_now
        r = await svc.answer(rq2.id, ANN, "Ann", 1)
        assert r.reveal_now
        await svc.reveal_question(rq2.id)

        await svc.post_question(rnd.id)
        with pytest.raises(NotAllowed):
            await svc.stop_round(rnd.id, BOB)
        end = await svc.stop_round(rnd.id, BOB, is_moderator=True)
        assert not end.round.active and end.round.finish_reason == "stopped"
        assert end.closed_question is not None and end.closed_question.total == 0
        assert [(s.user_id, s.points) for s in end.standings][0][0] == ANN
        assert [s.user_id for s in end.standings] == [ANN, BOB]
        assert await svc.active_round(CHANNEL) is None
        with pytest.raises(RoundNotActive):
            await svc.stop_round(rnd.id, ANN)
        with pytest.raises(RoundNotActive):
            await svc.post_question(rnd.id)

    async def test_round_completes_with_standings(self, svc, clock):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, bank="ccs-coding", count=5, seconds=10)
        assert rnd.total == 3  # the bank only has three questions
        summary = None
        for _ in range(3):
            rq = await svc.post_question(rnd.id)
            await svc.answer(rq.id, ANN, "Ann", 0)
            await svc.answer(rq.id, BOB, "Bob", 0 if rq.number == 1 else 1)
            clock.advance(seconds=10)
            assert [d.id for d in await svc.round_questions_due()] == [rq.id]
            summary = await svc.reveal_question(rq.id)
        assert summary.round_finished and summary.finish_reason == "completed"
        assert [(s.rank, s.user_id, s.correct, s.answered) for s in summary.standings] == [
            (1, ANN, 3, 3),
            (2, BOB, 1, 3),
        ]
        assert await svc.current_question(rnd.id) is None

    async def test_two_unanswered_questions_stop_the_round(self, svc, clock):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, count=10, seconds=10)
        rq = await svc.post_question(rnd.id)
        clock.advance(seconds=11)
        assert not (await svc.reveal_question(rq.id)).round_finished
        rq = await svc.post_question(rnd.id)
        clock.advance(seconds=11)
        s = await svc.reveal_question(rq.id)
        assert s.round_finished and s.finish_reason == "inactive"
        assert await svc.active_round(CHANNEL) is None

    async def test_answer_after_deadline_refused(self, svc, clock):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, count=1, seconds=10)
        rq = await svc.post_question(rnd.id)
        clock.advance(seconds=10)
        ok = await svc.answer(rq.id, ANN, "Ann", 1)
        assert ok.accepted and ok.points == 10  # on the buzzer: no bonus
        clock.advance(seconds=5)
        assert (await svc.answer(rq.id, BOB, "Bob", 1)).too_late

    async def test_typed_answers(self, svc):
        assert await svc.answer_typed(CHANNEL, ANN, "Ann", "b") is None  # no round
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, count=2)
        assert await svc.answer_typed(CHANNEL, ANN, "Ann", "b") is None  # nothing posted yet
        rq = await svc.post_question(rnd.id)
        assert await svc.answer_typed(CHANNEL, ANN, "Ann", "anyone up for lunch?") is None
        r = await svc.answer_typed(CHANNEL, ANN, "Ann", "I think it's B")
        assert r.accepted and r.correct
        r = await svc.answer_typed(CHANNEL, BOB, "Bob", "charlie choise")
        assert r.accepted and r.choice_index == 2 and not r.correct
        assert (await svc.answer_typed(CHANNEL, BOB, "Bob", "a")).duplicate
        assert await svc.answer_typed(CHANNEL + 1, CY, "Cy", "b") is None
        await svc.reveal_question(rq.id)
        assert await svc.answer_typed(CHANNEL, CY, "Cy", "b") is None  # revealed, next not posted

    async def test_start_errors(self, svc):
        with pytest.raises(InvalidOption):
            await svc.start_round(GUILD, CHANNEL, ANN, count=0)
        with pytest.raises(InvalidOption):
            await svc.start_round(GUILD, CHANNEL, ANN, count=51)
        with pytest.raises(InvalidOption):
            await svc.start_round(GUILD, CHANNEL, ANN, seconds=9)
        with pytest.raises(InvalidOption):
            await svc.start_round(GUILD, CHANNEL, ANN, seconds=301)
        with pytest.raises(InvalidOption):
            await svc.start_round(GUILD, CHANNEL, ANN, exam="XYZ")
        with pytest.raises(InvalidOption):
            await svc.start_round(GUILD, CHANNEL, ANN, bank="nope")
        with pytest.raises(NoQuestionsMatch) as exc:
            await svc.start_round(GUILD, CHANNEL, ANN, exam="CCS", domain="cpc.anatomy")
        assert "No questions match" in exc.value.message and isinstance(exc.value, QuizError)
        await svc.start_round(GUILD, CHANNEL, ANN, count=50, seconds=300)
        with pytest.raises(RoundAlreadyRunning) as exc:
            await svc.start_round(GUILD, CHANNEL, BOB)
        assert "already running" in str(exc.value)

    async def test_concurrent_starts_in_one_channel(self, svc):
        results = await asyncio.gather(
            *(svc.start_round(GUILD, CHANNEL, u) for u in range(10)), return_exceptions=True
        )
        assert sum(1 for r in results if not isinstance(r, Exception)) == 1
        assert all(isinstance(r, RoundAlreadyRunning) for r in results if isinstance(r, Exception))

    async def test_many_members_answer_at_once(self, svc, store):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, count=1, seconds=60)
        rq = await svc.post_question(rnd.id)
        results = await asyncio.gather(
            *(svc.answer(rq.id, uid, f"m{uid}", uid % 4) for uid in range(200)),
            *(svc.answer(rq.id, uid, f"m{uid}", 1) for uid in range(50)),  # double clicks
        )
        assert sum(r.accepted for r in results) == 200
        assert sum(r.duplicate for r in results) == 50
        summary = await svc.reveal_question(rq.id)
        assert summary.total == 200 and summary.counts == (50, 50, 50, 50)


# --------------------------------------------------------------------------- daily


class TestDaily:
    async def test_setup_validation(self, svc):
        with pytest.raises(UnknownTimezone) as exc:
            await svc.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "Mars/Olympus_Mons")
        assert "America/New_York" in exc.value.message
        with pytest.raises(InvalidOption):
            await svc.setup_daily(GUILD, DAILY_CHANNEL, "8am", "UTC")
        with pytest.raises(InvalidOption):
            await svc.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "UTC", exam="XYZ")
        with pytest.raises(NoQuestionsMatch):
            await svc.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "UTC", exam="CRC")
        s = await svc.setup_daily(GUILD, DAILY_CHANNEL, "8:30", "america/new_york", exam="cpc")
        assert s.timezone == "America/New_York" and s.daily_time == "08:30" and s.daily_exam == "CPC"
        assert s.next_run_at == datetime(2026, 3, 3, 13, 30, tzinfo=UTC)  # 09:00 EST now -> tomorrow
        with pytest.raises(DailyNotConfigured):
            await svc.create_daily_post(GUILD + 1)

    async def test_full_daily_flow(self, svc, clock, store):
        await svc.setup_daily(GUILD, DAILY_CHANNEL, "10:00", "America/New_York", exam="CPC")
        assert await svc.due_daily() == []
        clock.now = datetime(2026, 3, 2, 15, 0, 5, tzinfo=UTC)  # 10:00:05 EST
        due = await svc.due_daily()
        assert [(d.guild_id, d.channel_id, d.action, d.local_date) for d in due] == [
            (GUILD, DAILY_CHANNEL, "post", date(2026, 3, 2))
        ]
        post = await svc.create_daily_post(GUILD)
        assert post.local_date == date(2026, 3, 2) and post.question.id.startswith("cpc-")
        await svc.set_daily_message(post.id, 9001)
        assert await svc.due_daily() == []  # next run moved to tomorrow
        assert await svc.create_daily_post(GUILD) is None  # never twice a day

        clock.advance(minutes=1)
        a = await svc.answer_daily(post.id, ANN, "Ann", post.question.answer)
        assert a.accepted and a.correct and a.points == 15 and a.explanation
        assert (a.streaks.current, a.streaks.best, a.streaks.current_correct) == (1, 1, 1)
        b = await svc.answer_daily(post.id, BOB, "Bob", (post.question.answer + 1) % 4)
        assert b.accepted and not b.correct and b.streaks.current == 1 and b.streaks.current_correct == 0
        dup = await svc.answer_daily(post.id, ANN, "Ann", 0)
        assert dup.duplicate and dup.correct and dup.streaks.current == 1
        assert await svc.daily_posts_to_reveal() == []

        # Next day: the new post supersedes yesterday's, which is then revealed.
        clock.now = datetime(2026, 3, 3, 15, 0, 30, tzinfo=UTC)
        assert [d.action for d in await svc.due_daily()] == ["post"]
        post2 = await svc.create_daily_post(GUILD)
        assert post2.id != post.id and post2.question.id != post.question.id
        to_reveal = await svc.daily_posts_to_reveal()
        assert [p.id for p in to_reveal] == [post.id]
        summary = await svc.reveal_daily(post.id)
        assert summary.daily_post_id == post.id and summary.total == 2
        assert summary.correct_users == ((ANN, "Ann"),)
        assert (await svc.reveal_daily(post.id)).already_revealed
        assert await svc.daily_posts_to_reveal() == []
        late = await svc.answer_daily(post.id, CY, "Cy", 1)
        assert late.too_late and not late.accepted

        # Ann keeps her streak with today's answer; Bob's is still pending (not broken).
        a2 = await svc.answer_daily(post2.id, ANN, "Ann", post2.question.answer)
        assert (a2.streaks.current, a2.streaks.best, a2.streaks.current_correct) == (2, 2, 2)
        assert (await svc.streaks(GUILD, BOB)).current == 1

        # 24 hours later without a new post (daily disabled), the post is revealed anyway.
        assert await svc.disable_daily(GUILD)
        clock.advance(hours=24)
        assert await svc.due_daily() == []
        assert [p.id for p in await svc.daily_posts_to_reveal()] == [post2.id]
        # Bob missed post2 entirely: his current streak is now broken.
        await svc.reveal_daily(post2.id)
        assert (await svc.streaks(GUILD, BOB)).current == 0

    async def test_restart_keeps_answers_and_never_double_posts(self, tmp_path, library, clock):
        path = tmp_path / "bot.sqlite3"
        store = await Store.open(path)
        svc = QuizService(store, library, clock=clock, rng=random.Random(1))
        await svc.setup_daily(GUILD, DAILY_CHANNEL, "09:30", "Europe/London")
        clock.now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
        clock.advance(days=1)  # 2026-03-03 09:30 GMT
        assert [d.action for d in await svc.due_daily()] == ["post"]
        post = await svc.create_daily_post(GUILD)
        await svc.set_daily_message(post.id, 1)
        await svc.answer_daily(post.id, ANN, "Ann", post.question.answer)
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, count=3)
        rq = await svc.post_question(rnd.id)
        res = await svc.answer(rq.id, BOB, "Bob", 1)
        assert res.accepted
        await store.close()  # "crash" right after acknowledging

        store = await Store.open(path)
        try:
            svc = QuizService(store, library, clock=clock, rng=random.Random(1))
            assert await store.count_answers(GUILD) == 2
            assert (await svc.answer_daily(post.id, ANN, "Ann", 0)).duplicate
            assert (await svc.answer(rq.id, BOB, "Bob", 2)).duplicate
            assert await svc.due_daily() == []
            assert await svc.create_daily_post(GUILD) is None
            assert len(await store.daily_posts(GUILD)) == 1
            plan = await svc.startup_recovery()
            assert [r.id for r in plan.resume_rounds] == [rnd.id]
            assert plan.daily_to_send == () and plan.daily_to_reveal == ()
            stats = await svc.member_stats(GUILD, ANN)
            assert stats.answered == 1 and stats.current_streak == 1
        finally:
            await store.close()

    async def test_unsent_post_is_resent_not_duplicated(self, svc, clock):
        await svc.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "UTC")
        clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
        post = await svc.create_daily_post(GUILD)  # ... crash before set_daily_message
        clock.advance(minutes=5)
        plan = await svc.startup_recovery()
        assert [p.id for p in plan.daily_to_send] == [post.id]
        again = await svc.create_daily_post(GUILD)
        assert again is not None and again.id == post.id  # same post, to send now
        await svc.set_daily_message(post.id, 42)
        assert await svc.create_daily_post(GUILD) is None
        assert (await svc.startup_recovery()).daily_to_send == ()

    async def test_missed_run_posts_same_day_and_skips_the_next(self, svc, clock):
        await svc.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "Australia/Sydney")
        s = await svc.settings(GUILD)
        assert s.next_run_at == datetime(2026, 3, 2, 21, 0, tzinfo=UTC)  # 08:00 AEDT on the 3rd
        # Bot down at the run; back at 20:00 AEDT the same local day -> post.
        clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
        assert [d.action for d in await svc.due_daily()] == ["post"]
        assert (await svc.create_daily_post(GUILD)).local_date == date(2026, 3, 3)
        # Down again over the next run (4th, 08:00 AEDT), back on the 5th at 07:00 AEDT -> skip.
        clock.now = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
        due = await svc.due_daily()
        assert [d.action for d in due] == ["skip"]
        nxt = await svc.skip_daily(GUILD)
        assert nxt == datetime(2026, 3, 4, 21, 0, tzinfo=UTC)  # 08:00 AEDT on the 5th
        assert await svc.due_daily() == []

    async def test_daily_questions_cycle_without_repeats(self, svc, clock):
        await svc.setup_daily(GUILD, DAILY_CHANNEL, "12:00", "UTC", exam="CCS")  # 3 questions
        seen = []
        for day in range(7):
            clock.now = datetime(2026, 3, 3 + day, 12, 0, 1, tzinfo=UTC)
            assert [d.action for d in await svc.due_daily()] == ["post"]
            post = await svc.create_daily_post(GUILD)
            await svc.set_daily_message(post.id, day)
            seen.append(post.question.id)
        assert len(set(seen[0:3])) == 3 and len(set(seen[3:6])) == 3
        assert seen[3] != seen[2] and seen[6] != seen[5]

    async def test_guilds_are_independent(self, svc, clock):
        await svc.setup_daily(1, 11, "09:00", "UTC")
        await svc.setup_daily(2, 22, "09:00", "America/New_York")
        clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
        assert [d.guild_id for d in await svc.due_daily()] == [1]
        clock.now = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
        assert {d.guild_id for d in await svc.due_daily()} == {1, 2}


# --------------------------------------------------------------------------- stats and settings


class TestStatsAndSettings:
    async def test_member_stats_and_weakest_domain(self, svc, clock):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, exam="CPC", count=10, seconds=30)
        for _ in range(rnd.total):
            rq = await svc.post_question(rnd.id)
            right = rq.question.domain == "cpc.icd10cm"
            await svc.answer(rq.id, ANN, "Ann", 1 if right else 0)
            clock.advance(seconds=1)
            await svc.answer(rq.id, BOB, "Bob", 1)
            await svc.reveal_question(rq.id)
        st = await svc.member_stats(GUILD, ANN)
        assert (st.answered, st.correct) == (10, 6) and st.accuracy == pytest.approx(0.6)
        by = {d.domain: d for d in st.domains}
        assert (by["cpc.anatomy"].answered, by["cpc.anatomy"].correct) == (4, 0)
        assert st.weakest.domain == "cpc.anatomy" and st.weakest.title == "Anatomy"
        assert st.current_streak == 0 and st.best_streak == 0
        none = await svc.member_stats(GUILD, 999)
        assert none.answered == 0 and none.accuracy == 0 and none.weakest is None

        board = await svc.leaderboard(GUILD, "week", "all")
        assert [r.user_id for r in board] == [BOB, ANN]
        assert board[0].points > board[1].points and board[0].name == "Bob"
        assert await svc.leaderboard(GUILD, "all", "daily") == []
        assert len(await svc.leaderboard(GUILD, "month", "quiz")) == 2
        clock.advance(days=8)
        assert await svc.leaderboard(GUILD, "week") == []
        assert len(await svc.leaderboard(GUILD, "all")) == 2
        with pytest.raises(InvalidOption):
            await svc.leaderboard(GUILD, "year")
        with pytest.raises(InvalidOption):
            await svc.leaderboard(GUILD, "week", "trivia")
        assert await svc.leaderboard(GUILD + 1, "all") == []

    async def test_weakest_needs_three_answers(self, svc):
        rnd = await svc.start_round(GUILD, CHANNEL, ANN, bank="ccs-coding", count=2)
        for _ in range(2):
            rq = await svc.post_question(rnd.id)
            await svc.answer(rq.id, ANN, "Ann", 3)
            await svc.reveal_question(rq.id)
        st = await svc.member_stats(GUILD, ANN)
        assert st.answered == 2 and st.weakest is None

    async def test_ask_channels_and_quiz_channel(self, svc):
        assert await svc.add_ask_channel(GUILD, 5)
        assert not await svc.add_ask_channel(GUILD, 5)
        assert await svc.ask_channels(GUILD) == [5]
        assert await svc.remove_ask_channel(GUILD, 5)
        assert await svc.ask_channels(GUILD) == []
        await svc.set_quiz_channel(GUILD, 77)
        assert (await svc.settings(GUILD)).quiz_channel_id == 77

    def test_banks_overview(self, svc):
        ov = {b.id: b for b in svc.banks_overview()}
        assert ov["cpc-mixed"].count == 10 and ov["cpc-mixed"].domains == {"cpc.icd10cm": 6, "cpc.anatomy": 4}
        assert ov["ccs-coding"].exams == ("CCS",)

    async def test_startup_recovery_finishes_stale_rounds(self, svc, clock):
        old = await svc.start_round(GUILD, CHANNEL, ANN, count=3, seconds=30)
        rq = await svc.post_question(old.id)
        await svc.answer(rq.id, ANN, "Ann", 1)
        fresh = await svc.start_round(GUILD, CHANNEL + 1, BOB, count=3, seconds=30)
        clock.advance(minutes=20)
        rq_fresh = await svc.post_question(fresh.id)
        clock.advance(seconds=40)
        plan = await svc.startup_recovery()
        assert [r.id for r in plan.resume_rounds] == [fresh.id]
        assert [e.round.id for e in plan.finished_rounds] == [old.id]
        end = plan.finished_rounds[0]
        assert end.round.finish_reason == "expired" and end.standings[0].user_id == ANN
        assert (await svc.answer(rq.id, BOB, "Bob", 1)).too_late
        # the resumed round's open question is past its deadline: the ticker reveals it
        assert [d.id for d in await svc.round_questions_due()] == [rq_fresh.id]


def test_service_modules_do_not_import_discord():
    import bot.core.rounds.rules as core
    import bot.services.quiz as service
    from bot import storage

    for mod in (core, service, storage):
        text = Path(mod.__file__).read_text()
        assert "import discord" not in text
    for path in Path(core.__file__).parent.glob("*.py"):
        assert "import discord" not in path.read_text()

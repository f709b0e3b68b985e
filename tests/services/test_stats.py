"""StatsService: member stats, the weakest domain, leaderboards, periods and kinds."""

from __future__ import annotations

import pytest

from bot.services.errors import InvalidOption
from bot.services.stats import parse_kind, parse_period

from .helpers import ANN, BOB, CHANNEL, GUILD


async def test_member_stats_and_weakest_domain(rounds, stats, clock):
    rnd = await rounds.start_round(GUILD, CHANNEL, ANN, exam="CPC", count=10, seconds=30)
    for _ in range(rnd.total):
        rq = await rounds.post_question(rnd.id)
        right = rq.question.domain == "cpc.icd10cm"
        await rounds.answer(rq.id, ANN, "Ann", 1 if right else 0)
        clock.advance(seconds=1)
        await rounds.answer(rq.id, BOB, "Bob", 1)
        await rounds.reveal_question(rq.id)
    st = await stats.member_stats(GUILD, ANN)
    assert (st.answered, st.correct) == (10, 6) and st.accuracy == pytest.approx(0.6)
    by = {d.domain: d for d in st.domains}
    assert (by["cpc.anatomy"].answered, by["cpc.anatomy"].correct) == (4, 0)
    assert by["cpc.icd10cm"].accuracy == 1.0
    assert st.weakest.domain == "cpc.anatomy" and st.weakest.title == "Anatomy"
    assert st.streaks.current == 0 and st.streaks.best == 0
    none = await stats.member_stats(GUILD, 999)
    assert none.answered == 0 and none.accuracy == 0 and none.weakest is None

    board = await stats.leaderboard(GUILD, "week", "all")
    assert [r.user_id for r in board] == [BOB, ANN]
    assert board[0].points > board[1].points and board[0].name == "Bob"
    assert [r.rank for r in board] == [1, 2]
    assert await stats.leaderboard(GUILD, "all", "daily") == []
    assert len(await stats.leaderboard(GUILD, "MONTH", "Quiz")) == 2
    assert len(await stats.leaderboard(GUILD, "all", limit=1)) == 1
    clock.advance(days=8)
    assert await stats.leaderboard(GUILD, "week") == []
    assert len(await stats.leaderboard(GUILD, "all")) == 2
    with pytest.raises(InvalidOption):
        await stats.leaderboard(GUILD, "year")
    with pytest.raises(InvalidOption):
        await stats.leaderboard(GUILD, "week", "trivia")
    assert await stats.leaderboard(GUILD + 1, "all") == []


async def test_weakest_needs_three_answers(rounds, stats):
    rnd = await rounds.start_round(GUILD, CHANNEL, ANN, bank="ccs-coding", count=2)
    for _ in range(2):
        rq = await rounds.post_question(rnd.id)
        await rounds.answer(rq.id, ANN, "Ann", 3)
        await rounds.reveal_question(rq.id)
    st = await stats.member_stats(GUILD, ANN)
    assert st.answered == 2 and st.weakest is None


def test_period_and_kind_labels():
    assert (parse_period(None), parse_period("All"), parse_kind(None), parse_kind("DAILY")) == (
        "week",
        "all",
        "all",
        "daily",
    )
    with pytest.raises(InvalidOption):
        parse_period("fortnight")
    with pytest.raises(InvalidOption):
        parse_kind("both")


async def test_streaks_see_posts_made_by_another_process(tmp_path, library, clock):
    """Two processes on one database: a post created and answered through the other one counts
    in this one's streaks at once (no post list is kept per process)."""
    from bot.store import open_store

    from .helpers import DAILY_CHANNEL, build_quiz_services

    path = tmp_path / "shared.sqlite3"
    first, second = await open_store(path), await open_store(path)
    try:
        here, there = build_quiz_services(first, library, clock), build_quiz_services(second, library, clock)
        await here.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "UTC")
        for _day in range(3):
            clock.advance(days=1)
            post = await there.daily.create_daily_post(GUILD)
            assert post is not None
            question = post.question
            await there.daily.answer_daily(post.id, ANN, "Ann", question.answer)
            # Read here right after the other process wrote: the newest post is in the streak.
            streaks = await here.stats.streaks(GUILD, ANN)
            assert streaks.current == _day + 1 and streaks.current_correct == _day + 1
        clock.advance(days=1)
        missed = await there.daily.create_daily_post(GUILD)
        assert missed is not None
        await there.daily.reveal_daily(missed.id)
        assert (await here.stats.streaks(GUILD, ANN)).current == 0
    finally:
        await first.close()
        await second.close()

"""DailyService (with the schedule set up by GuildSettingsService): due runs, posts, answers,
reveals, streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.banks.library import QuizLibrary
from bot.services.errors import DailyNotConfigured, InvalidOption, NotFound

from .helpers import ANN, BOB, CY, DAILY_CHANNEL, GUILD


async def test_full_daily_flow(daily, guild_settings, stats, clock):
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "10:00", "America/New_York", exam="CPC")
    assert await daily.due_daily() == []
    clock.now = datetime(2026, 3, 2, 15, 0, 5, tzinfo=UTC)  # 10:00:05 EST
    due = await daily.due_daily()
    assert [(d.guild_id, d.channel_id, d.action, d.local_date) for d in due] == [
        (GUILD, DAILY_CHANNEL, "post", date(2026, 3, 2))
    ]
    post = await daily.create_daily_post(GUILD)
    assert post.local_date == date(2026, 3, 2) and post.question.id.startswith("cpc-")
    assert (post.guild_id, post.channel_id, post.message_id) == (GUILD, DAILY_CHANNEL, None)
    await daily.set_daily_message(post.id, 9001)
    assert (await daily.get_daily_post(post.id)).message_id == 9001
    assert await daily.due_daily() == []  # next run moved to tomorrow
    assert await daily.create_daily_post(GUILD) is None  # never twice a day

    clock.advance(minutes=1)
    a = await daily.answer_daily(post.id, ANN, "Ann", post.question.answer)
    assert a.accepted and a.correct and a.points == 15 and a.explanation
    assert (a.streaks.current, a.streaks.best, a.streaks.current_correct) == (1, 1, 1)
    b = await daily.answer_daily(post.id, BOB, "Bob", (post.question.answer + 1) % 4)
    assert b.accepted and not b.correct and b.streaks.current == 1 and b.streaks.current_correct == 0
    dup = await daily.answer_daily(post.id, ANN, "Ann", 0)
    assert dup.duplicate and dup.correct and dup.streaks.current == 1
    with pytest.raises(InvalidOption):
        await daily.answer_daily(post.id, CY, "Cy", 7)
    assert await daily.daily_posts_to_reveal() == []

    # Next day: the new post supersedes yesterday's, which is then revealed.
    clock.now = datetime(2026, 3, 3, 15, 0, 30, tzinfo=UTC)
    assert [d.action for d in await daily.due_daily()] == ["post"]
    post2 = await daily.create_daily_post(GUILD)
    assert post2.id != post.id and post2.question.id != post.question.id
    to_reveal = await daily.daily_posts_to_reveal()
    assert [p.id for p in to_reveal] == [post.id]
    assert await daily.daily_posts_to_reveal(guild_id=GUILD + 1) == []
    summary = await daily.reveal_daily(post.id)
    assert summary.question.id == post.question.id and summary.total == 2
    assert summary.correct_users == ((ANN, "Ann"),) and summary.round is None
    assert (await daily.reveal_daily(post.id)).already_revealed
    assert await daily.daily_posts_to_reveal() == []
    late = await daily.answer_daily(post.id, CY, "Cy", 1)
    assert late.too_late and not late.accepted and late.streaks is None

    # Ann keeps her streak with today's answer; Bob's is still pending (not broken).
    a2 = await daily.answer_daily(post2.id, ANN, "Ann", post2.question.answer)
    assert (a2.streaks.current, a2.streaks.best, a2.streaks.current_correct) == (2, 2, 2)
    assert (await stats.streaks(GUILD, BOB)).current == 1

    # 24 hours later without a new post (daily disabled), the post is revealed anyway.
    assert await guild_settings.disable_daily(GUILD)
    clock.advance(hours=24)
    assert await daily.due_daily() == []
    assert [p.id for p in await daily.daily_posts_to_reveal()] == [post2.id]
    # Bob missed post2 entirely: his current streak is now broken.
    await daily.reveal_daily(post2.id)
    assert (await stats.streaks(GUILD, BOB)).current == 0


async def test_not_configured_and_unknown_posts(daily, guild_settings):
    with pytest.raises(DailyNotConfigured):
        await daily.create_daily_post(GUILD)
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "UTC")
    await guild_settings.disable_daily(GUILD)
    with pytest.raises(DailyNotConfigured):
        await daily.create_daily_post(GUILD)
    assert await daily.skip_daily(GUILD) is None
    for call in (daily.get_daily_post(999), daily.reveal_daily(999), daily.answer_daily(999, ANN, "Ann", 0)):
        with pytest.raises(NotFound):
            await call


async def test_unsent_post_is_resent_not_duplicated(daily, guild_settings, svc, clock):
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "UTC")
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    post = await daily.create_daily_post(GUILD)  # ... crash before set_daily_message
    clock.advance(minutes=5)
    plan = await svc.recovery.startup_recovery()
    assert [p.id for p in plan.daily_to_send] == [post.id]
    again = await daily.create_daily_post(GUILD)
    assert again is not None and again.id == post.id  # same post, to send now
    await daily.set_daily_message(post.id, 42)
    assert await daily.create_daily_post(GUILD) is None
    assert (await svc.recovery.startup_recovery()).daily_to_send == ()


async def test_missed_run_posts_same_day_and_skips_the_next(daily, guild_settings, clock):
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "08:00", "Australia/Sydney")
    s = await guild_settings.daily_schedule(GUILD)
    assert s.next_run_at == datetime(2026, 3, 2, 21, 0, tzinfo=UTC)  # 08:00 AEDT on the 3rd
    # Bot down at the run; back at 20:00 AEDT the same local day -> post.
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert [d.action for d in await daily.due_daily()] == ["post"]
    assert (await daily.create_daily_post(GUILD)).local_date == date(2026, 3, 3)
    # Down again over the next run (4th, 08:00 AEDT), back on the 5th at 07:00 AEDT -> skip.
    clock.now = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
    due = await daily.due_daily()
    assert [d.action for d in due] == ["skip"]
    nxt = await daily.skip_daily(GUILD)
    assert nxt == datetime(2026, 3, 4, 21, 0, tzinfo=UTC)  # 08:00 AEDT on the 5th
    assert await daily.due_daily() == []


async def test_daily_questions_cycle_without_repeats(daily, guild_settings, clock):
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "12:00", "UTC", exam="CCS")  # 3 questions
    seen = []
    for day in range(7):
        clock.now = datetime(2026, 3, 3 + day, 12, 0, 1, tzinfo=UTC)
        assert [d.action for d in await daily.due_daily()] == ["post"]
        post = await daily.create_daily_post(GUILD)
        await daily.set_daily_message(post.id, day)
        seen.append(post.question.id)
    assert len(set(seen[0:3])) == 3 and len(set(seen[3:6])) == 3
    assert seen[3] != seen[2] and seen[6] != seen[5]


async def test_guilds_are_independent(daily, guild_settings, clock):
    await guild_settings.setup_daily(1, 11, "09:00", "UTC")
    await guild_settings.setup_daily(2, 22, "09:00", "America/New_York")
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert [d.guild_id for d in await daily.due_daily()] == [1]
    clock.now = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    assert {d.guild_id for d in await daily.due_daily()} == {1, 2}


async def test_a_post_whose_question_left_the_banks_is_closed_quietly(
    daily, guild_settings, svc, library, clock
):
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "UTC")
    clock.now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    await daily.create_daily_post(GUILD)
    svc.banks.reload_library(QuizLibrary())  # every question gone
    clock.advance(hours=25)
    assert await daily.daily_posts_to_reveal() == []
    svc.banks.reload_library(library)  # back again: the post was closed, not just skipped
    assert await daily.daily_posts_to_reveal() == []

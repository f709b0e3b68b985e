"""Several bot processes on one database, end to end against the fake Discord.

* Two bots, each running one of two shards: each sees only its guilds, and each guild's daily
  question is posted once, by the bot of its shard (the other never posts it).
* A round whose holder vanished (a process that stops renewing its lease) is taken over and
  finished by the running bot, while it is running (not only at start-up); while the holder is
  alive, the bot leaves the round alone.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot import wiring
from bot.core.banks.loader import load_banks
from bot.services.ownership import daily_lease, round_lease
from bot.store import open_store
from tests.fakediscord.server import shard_of

from .conftest import BotRunner
from .test_quiz_flows import ROUND_BUTTON, click, question_for, quiz_messages, title, wait_ticks, wait_titled

# Each test runs on SQLite and on a fresh PostgreSQL database.
pytestmark = pytest.mark.usefixtures("engine")


async def make_due(db_location, guild_id: int) -> None:
    """Move a guild's next daily run to now (as if its time had come)."""
    store = await open_store(db_location)
    try:
        await store.guilds.set_next_run(guild_id, datetime.now(UTC))
    finally:
        await store.close()


def daily_posts(fake, channel_id: int) -> list[dict]:
    return quiz_messages(fake, channel_id, "Daily question · ")


@pytest.mark.bot_settings(shard_count=2, shard_ids=(0,), daily_tick_seconds=0.1)
async def test_two_sharded_bots_each_handle_only_their_guilds(fake_discord, bot_runner, bot_settings):
    fake = fake_discord
    fake.shard_count = 2
    main_shard = shard_of(fake.guild_id, 2)
    second = fake.add_guild("Second Server", ("lobby",), shard=1 - main_shard)
    guild_on = {main_shard: fake.guild_id, 1 - main_shard: second.id}
    channel_on = {shard: fake.guild_channels(gid)[0] for shard, gid in guild_on.items()}

    bot0 = await bot_runner.start()
    assert [g.id for g in bot0.guilds] == [guild_on[0]]
    for gid in guild_on.values():  # any process may write settings; the schedule is per guild
        await bot_runner.services.guild_settings.setup_daily(
            gid, channel_on[shard_of(gid, 2)].id, "09:00", "America/New_York"
        )
    await make_due(bot_settings.db_path, guild_on[1])
    await wait_ticks(fake, bot0, 3)
    assert not daily_posts(fake, channel_on[1].id)  # shard 1's guild: not this bot's to post
    # Nor to catch up with: a post of that guild created but never sent (its bot died).
    assert await bot_runner.services.daily.create_daily_post(guild_on[1]) is not None
    await wait_ticks(fake, bot0, 3)
    assert not daily_posts(fake, channel_on[1].id)

    other = BotRunner(dataclasses.replace(bot_settings, shard_ids=(1,)))
    try:
        bot1 = await other.start()
        assert [g.id for g in bot1.guilds] == [guild_on[1]]
        await fake.wait_for_message(channel_on[1].id, lambda m: title(m).startswith("Daily question"), 5.0)
        await make_due(bot_settings.db_path, guild_on[0])
        await fake.wait_for_message(channel_on[0].id, lambda m: title(m).startswith("Daily question"), 5.0)
        for bot in (bot0, bot1):
            await wait_ticks(fake, bot, 3)
        assert [len(daily_posts(fake, channel_on[s].id)) for s in (0, 1)] == [1, 1]
        # A member's click in each guild reaches the bot of its shard, which records it.
        for shard in (0, 1):
            (post,) = daily_posts(fake, channel_on[shard].id)
            q = question_for(post)
            custom_id = next(c for c in fake.component_ids(post) if c.endswith(f":{q['index']}"))
            answer = await click(fake, post, custom_id, "bob")
            assert "is correct!" in answer
    finally:
        await other.stop()


@pytest.mark.bot_settings(daily_tick_seconds=0.1)
async def test_the_daily_question_waits_while_another_process_posts_it(
    fake_discord, bot_runner, running_bot, bot_settings
):
    fake = fake_discord
    room = fake.channel("quiz-room")
    await bot_runner.services.guild_settings.setup_daily(fake.guild_id, room.id, "09:00", "America/New_York")
    store = await open_store(bot_settings.db_path)
    other = wiring.build_quiz_services(store, load_banks(bot_settings.quizzes_dir), instance_id="other")
    try:
        assert await other.ownership.claim(daily_lease(fake.guild_id))  # the other process is at it
        await make_due(bot_settings.db_path, fake.guild_id)
        await wait_ticks(fake, running_bot, 3)
        assert not daily_posts(fake, room.id)
        await other.ownership.release(daily_lease(fake.guild_id))  # it gave up without posting
        await fake.wait_for_message(room.id, lambda m: title(m).startswith("Daily question"), 5.0)
        await wait_ticks(fake, running_bot, 3)
        assert len(daily_posts(fake, room.id)) == 1
        assert await store.leases.leases("daily:") == []  # held only while posting
    finally:
        await store.close()


@pytest.mark.bot_settings(lease_seconds=1.0)
async def test_a_round_whose_holder_vanished_is_finished_by_the_running_bot(
    fake_discord, bot_runner, running_bot, bot_settings
):
    fake = fake_discord
    running_bot.get_cog("Rounds").pause_between = 0
    room = fake.channel("quiz-room")
    carol = fake.user("carol")
    # Another process on the same database started a round in this guild and holds its lease.
    store = await open_store(bot_settings.db_path)
    ghost = wiring.build_quiz_services(
        store, load_banks(bot_settings.quizzes_dir), instance_id="ghost", lease_ttl=timedelta(seconds=1)
    )
    try:
        rnd = await ghost.rounds.start_round(
            fake.guild_id, room.id, carol.id, bank="certifications", count=1, seconds=10
        )
        assert await ghost.ownership.claim(round_lease(rnd.id))
        alive = asyncio.create_task(_renew_forever(ghost.ownership, round_lease(rnd.id)))
        turns = _count_takeover_turns(bot_runner.services.recovery)
        try:
            await fake.wait_until(lambda: turns["n"] >= 3, 10.0, "three takeover turns of the bot")
            assert not quiz_messages(fake, room.id, "Question")  # a live holder's round is left alone
        finally:
            alive.cancel()
        # The holder is gone: its lease runs out and the bot takes the round over and runs it.
        question = await wait_titled(fake, room.id, "Question 1/1", timeout=10.0)
        q = question_for(question)
        custom_id = next(c for c in fake.component_ids(question) if ROUND_BUTTON.fullmatch(c))
        custom_id = custom_id.rsplit(":", 1)[0] + f":{q['index']}"
        assert (await click(fake, question, custom_id, "bob")).startswith("Locked in")
        standings = await wait_titled(fake, room.id, "Quiz over", timeout=20.0)
        assert "bob" in str(standings["embeds"][0])
        await fake.wait_until(
            lambda: not (running_bot.get_cog("Rounds").runner.runs(rnd.id)), 5.0, "the round to end"
        )
        finished = await ghost.rounds.get_round(rnd.id)
        assert not finished.active and finished.finish_reason == "completed"
        assert await store.leases.leases("round:") == []  # released by the bot at the end
        assert len(quiz_messages(fake, room.id, "Question 1/1")) == 1
    finally:
        await store.close()


async def _renew_forever(ownership, resource: str) -> None:
    while True:
        assert await ownership.claim(resource)
        await asyncio.sleep(ownership.renew_every)


def _count_takeover_turns(recovery) -> dict[str, int]:
    """Count the bot's periodic takeover turns (wrapping its recovery service's take_over)."""
    turns = {"n": 0}
    original = recovery.take_over

    async def counted(*args, **kwargs):
        plan = await original(*args, **kwargs)
        turns["n"] += 1
        return plan

    recovery.take_over = counted
    return turns

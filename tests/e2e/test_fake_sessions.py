"""Self-tests of the fake Discord with several gateway sessions on one shard
(tests/fakediscord/sessions.py): two instances share the guild's events, each event to exactly
one of them; and a bot subprocess can be killed outright. Shards: test_fake_shards.py.
"""

from __future__ import annotations

import signal
from collections import Counter
from types import SimpleNamespace

import discord
import pytest
from discord.ext import commands

from tests.fakediscord import FakeDiscord, default_client_options, redirect_discord, running
from tests.fakediscord.selftest_bot import create_selftest_bot
from tests.fakediscord.server import GatewaySession
from tests.fakediscord.sessions import Delivery

from .conftest import GUILD_READY_TIMEOUT, HEARTBEAT_MS


@pytest.fixture
async def shared_fake():
    """A fake where several sessions may hold the same shard, events spread with a fixed seed."""
    fake = FakeDiscord(heartbeat_interval_ms=HEARTBEAT_MS, multi_session=True, delivery_seed=7)
    await fake.start()
    undo_redirect = redirect_discord(fake.base_url, fake.ws_url)
    undo_options = default_client_options(guild_ready_timeout=GUILD_READY_TIMEOUT)
    try:
        yield fake
    finally:
        undo_options()
        undo_redirect()
        await fake.stop()
    fake.check()


def counting(bot: commands.Bot) -> Counter[str]:
    """Counts the interactions and messages the bot's gateway session receives."""
    seen: Counter[str] = Counter()

    async def on_interaction(interaction: discord.Interaction) -> None:
        seen["interaction"] += 1

    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            seen["message"] += 1

    bot.add_listener(on_interaction)
    bot.add_listener(on_message)
    return seen


def _session(name: str, *, live: bool = True, invalidated: bool = False) -> GatewaySession:
    conn = SimpleNamespace(closed=not live)
    return GatewaySession(name, 0, {}, conn=conn, invalidated=invalidated)  # type: ignore[arg-type]


def test_delivery_is_seeded_alternates_without_a_seed_and_prefers_live_sessions():
    a, b, c = _session("a"), _session("b"), _session("c")
    first, second = Delivery(3), Delivery(3)
    picks = [first.pick([a, b, c]) for _ in range(30)]
    assert picks == [second.pick([a, b, c]) for _ in range(30)]  # the same seed, the same spread
    assert {s.session_id for s in picks} == {"a", "b", "c"}
    turns = Delivery()
    assert [turns.pick([a, b]).session_id for _ in range(4)] == ["b", "a", "b", "a"]
    gone = _session("gone", live=False)
    assert {Delivery(1).pick([gone, a]).session_id for _ in range(10)} == {"a"}
    # Nobody connected: a session that may still RESUME keeps the event (replayed then).
    dead = _session("dead", live=False, invalidated=True)
    assert Delivery(1).pick([dead, gone]) is gone
    pinned = Delivery(1)
    pinned.only = b
    assert {pinned.pick([a, b, c]).session_id for _ in range(10)} == {"b"}
    assert Delivery().pick([]) is None


async def test_two_instances_of_one_shard_get_each_event_exactly_once(shared_fake, error_logs):
    fake = shared_fake
    bots = [create_selftest_bot(guild_id=fake.guild_id) for _ in range(2)]
    seen = [counting(bot) for bot in bots]
    async with running(bots[0], fake), running(bots[1], fake):
        assert len(fake.sessions) == 2 and all(bot.get_guild(fake.guild_id) for bot in bots)
        handles = await fake.fire([fake.prepare_slash("ping", user=f"m{i}") for i in range(40)])
        await fake.wait_until(lambda: all(fake.answer_of(h.id) for h in handles), 5, "40 pongs")
        for _ in range(10):
            await fake.send_message("hello")
        await fake.wait_until(lambda: sum(s["message"] for s in seen) >= 10, 5, "10 messages")
        replies = lambda: sum(m.source == "channel" for m in fake.messages.values())  # noqa: E731
        await fake.wait_until(lambda: replies() >= 10, 5, "the 10 replies")
        assert all(len(h.state.callbacks) == 1 and h.state.callbacks[0].ok for h in handles)
        split = Counter(h.state.session_id for h in handles)
        assert sorted(split.values()) == sorted(s["interaction"] for s in seen)
        assert sum(s["interaction"] for s in seen) == 40 and min(s["interaction"] for s in seen) > 0
        assert sum(s["message"] for s in seen) == 10

        # Pinned: every event to one session; then, with the other gone, to the one left.
        first, second = fake.sessions.values()
        with fake.deliver_only(first):
            pinned = await fake.fire([fake.prepare_slash("ping", user=f"p{i}") for i in range(6)])
        assert {h.state.session_id for h in pinned} == {first.session_id}
        await bots[0].close()
        await fake.wait_until(lambda: first.conn is None, 5, "the first session closed")
        left = await fake.fire([fake.prepare_slash("ping", user=f"q{i}") for i in range(6)])
        await fake.wait_until(lambda: all(fake.answer_of(h.id) for h in left), 5, "6 pongs")
        assert {h.state.session_id for h in left} == {second.session_id}


async def test_a_bot_subprocess_can_be_killed_outright(fake_discord, bot_subprocess):
    async with bot_subprocess("selftest") as proc:
        assert fake_discord.connected
        assert await proc.kill() == -signal.SIGKILL
        await fake_discord.wait_until(lambda: not fake_discord.connected, 5, "the connection gone")
    assert proc.proc.returncode == -signal.SIGKILL

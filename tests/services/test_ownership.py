"""Several processes on one database: start-up recovery and the periodic takeover touch only
the rounds this process owns or can take (never one another live process holds), only in the
guilds of its shards; a dead holder's round is taken over once its lease expires."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.services.ownership import OwnershipService, daily_lease, round_lease
from bot.store import open_store

from .helpers import ANN, BOB, CHANNEL, DAILY_CHANNEL, GUILD, build_quiz_services

OTHER_GUILD = GUILD + 1
TTL = timedelta(seconds=30)


@pytest.fixture
async def two_processes(db_location, library, clock):
    """Two processes' services on one database, each with its own store and instance id."""
    stores = [await open_store(db_location), await open_store(db_location)]
    try:
        yield [build_quiz_services(s, library, clock) for s in stores]
    finally:
        for s in stores:
            await s.close()


async def test_startup_recovery_leaves_a_round_another_live_process_holds(two_processes):
    a, b = two_processes
    rnd = await a.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    await a.rounds.post_question(rnd.id)
    assert await a.recovery.claim_round(rnd.id)  # A runs it
    plan = await b.recovery.startup_recovery()  # B starts while A is alive
    assert plan.resume_rounds == () and plan.finished_rounds == ()
    assert (await b.recovery.take_over()).resume_rounds == ()
    assert await a.recovery.claim_round(rnd.id)  # A keeps it


async def test_a_round_whose_holder_died_is_taken_over_once_its_lease_expires(two_processes, clock):
    a, b = two_processes
    rnd = await a.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    assert await a.recovery.claim_round(rnd.id)
    clock.advance(seconds=29)
    assert (await b.recovery.take_over()).resume_rounds == ()  # not expired yet
    clock.advance(seconds=1)  # A died 30 s ago: its lease has run out
    plan = await b.recovery.take_over()
    assert [r.id for r in plan.resume_rounds] == [rnd.id]
    holders = await b.ownership.live_holders("round:")
    assert holders == {round_lease(rnd.id): b.ownership.instance_id}
    assert not await a.recovery.claim_round(rnd.id)  # A, back from a stall, has lost it
    assert (await a.recovery.take_over()).resume_rounds == ()
    # B's next takeover turn finds the round its own again (its runner ignores a second start).
    assert [r.id for r in (await b.recovery.take_over()).resume_rounds] == [rnd.id]


async def test_two_processes_taking_over_at_once_resume_a_round_once(two_processes, clock):
    a, b = two_processes
    rounds = [await a.rounds.start_round(GUILD, CHANNEL + n, ANN, count=3) for n in range(6)]
    plans = await asyncio.gather(a.recovery.take_over(), b.recovery.take_over())
    taken = [sorted(r.id for r in plan.resume_rounds) for plan in plans]
    assert sorted(taken[0] + taken[1]) == [r.id for r in rounds]  # each by exactly one


async def test_recovery_and_takeover_handle_only_the_guilds_of_this_process(two_processes, clock):
    a, b = two_processes
    here = await a.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    there = await a.rounds.start_round(OTHER_GUILD, CHANNEL + 1, BOB, count=3)
    old_there = await a.rounds.start_round(OTHER_GUILD, CHANNEL + 2, BOB, count=3)
    clock.advance(minutes=20)
    fresh_here = await a.rounds.start_round(GUILD, CHANNEL + 3, ANN, count=3)
    plan = await b.recovery.startup_recovery(guilds=lambda g: g == GUILD)
    assert [r.id for r in plan.resume_rounds] == [fresh_here.id]
    assert [e.round.id for e in plan.finished_rounds] == [here.id]  # stale: expired, in its guild
    assert (await b.rounds.get_round(there.id)).active  # the other guild's rounds are untouched
    other = await a.recovery.startup_recovery(guilds=lambda g: g == OTHER_GUILD)
    assert sorted(e.round.id for e in other.finished_rounds) == [there.id, old_there.id]


async def test_daily_recovery_only_in_this_process_guilds(two_processes, clock):
    a, b = two_processes
    await a.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "09:00", "America/New_York")
    await a.guild_settings.setup_daily(OTHER_GUILD, DAILY_CHANNEL + 1, "09:00", "America/New_York")
    for guild in (GUILD, OTHER_GUILD):
        assert await a.daily.create_daily_post(guild) is not None  # created, never sent
    plan = await b.recovery.startup_recovery(guilds=lambda g: g == OTHER_GUILD)
    assert [p.guild_id for p in plan.daily_to_send] == [OTHER_GUILD]


async def test_pending_posts_of_a_round_go_to_its_owner_only(two_processes, clock):
    a, b = two_processes
    rnd = await a.rounds.start_round(GUILD, CHANNEL, ANN, count=1)
    rq = await a.rounds.post_question(rnd.id)
    assert await a.recovery.claim_round(rnd.id)
    reveal = await a.posts.reveal_round_question(rq, CHANNEL)  # A is announcing it right now
    assert reveal is not None and reveal.standings is not None
    assert await b.posts.pending_round_reveals(b.recovery.owns_round) == []
    assert await b.posts.pending_round_standings(b.recovery.owns_round) == []
    clock.advance(seconds=30)  # A died before posting
    (pending,) = await b.posts.pending_round_reveals(b.recovery.owns_round)
    assert pending.question.id == rq.id and pending.reveal is not None and pending.reveal.resumed
    not_mine = await a.posts.pending_round_reveals(a.recovery.owns_round)
    assert not_mine == []  # B holds it now


async def test_a_guild_daily_work_is_held_by_one_process_at_a_time(two_processes, clock):
    a, b = two_processes
    async with a.ownership.holding(daily_lease(GUILD)) as held_a:
        assert held_a
        async with b.ownership.holding(daily_lease(GUILD)) as held_b:
            assert not held_b
        assert not await b.recovery.owns_daily(GUILD)
    assert await b.recovery.owns_daily(GUILD)  # released on the way out
    assert not await b.recovery.owns_daily(OTHER_GUILD, guilds=lambda g: g == GUILD)


async def test_the_holder_renews_and_learns_when_its_lease_is_lost(store, clock):
    fast = OwnershipService(store.leases, instance_id="a", ttl=timedelta(seconds=0.3), clock=clock)
    other = OwnershipService(store.leases, instance_id="b", ttl=TTL, clock=clock)
    assert await fast.claim("round:1")
    lost = asyncio.Event()
    keeper = fast.keep("round:1", on_lost=lost.set)
    try:
        await asyncio.sleep(fast.renew_every * 2)  # renewed (the clock stands still: no expiry)
        assert not lost.is_set() and not await other.claim("round:1")
        clock.advance(seconds=1)  # the holder stalled past its lease
        assert await other.claim("round:1")
        await asyncio.wait_for(lost.wait(), timeout=10)
        await asyncio.wait_for(keeper, timeout=10)  # it stops renewing
    finally:
        keeper.cancel()
    assert await other.live_holders("round:") == {"round:1": "b"}


async def test_shutting_down_releases_every_lease_so_a_restart_resumes_at_once(two_processes):
    a, b = two_processes
    rnd = await a.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    assert await a.recovery.claim_round(rnd.id)
    assert await a.ownership.release_all() == 1
    assert [r.id for r in (await b.recovery.startup_recovery()).resume_rounds] == [rnd.id]


async def test_takeover_deletes_the_expired_leases_of_rounds_that_are_over(two_processes, clock):
    a, b = two_processes
    over = await a.rounds.start_round(GUILD, CHANNEL, ANN, count=3)
    running = await a.rounds.start_round(GUILD, CHANNEL + 1, ANN, count=3)
    for rnd in (over, running):
        assert await a.recovery.claim_round(rnd.id)
    await b.rounds.stop_round(over.id, ANN, is_moderator=True)  # stopped in B; A dies
    clock.advance(seconds=31)
    plan = await b.recovery.take_over()
    assert [r.id for r in plan.resume_rounds] == [running.id]
    holders = await b.ownership.live_holders("round:")
    assert holders == {round_lease(running.id): b.ownership.instance_id}
    assert await b.ownership.expired("round:") == []  # the finished round's lease is gone

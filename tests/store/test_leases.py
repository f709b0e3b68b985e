"""Leases: take when free or expired, renew by the holder, release by the holder only, and of
processes racing for one resource exactly one wins (two stores on one database)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.store import open_store

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TTL = timedelta(seconds=30)


async def test_a_free_lease_is_taken_and_listed(store):
    assert await store.leases.leases("round:") == []
    assert await store.leases.acquire_lease("round:1", "a", T0, TTL)
    [lease] = await store.leases.leases("round:")
    assert (lease.resource, lease.holder) == ("round:1", "a")
    assert lease.acquired_at == T0 and lease.expires_at == T0 + TTL
    assert lease.live(T0 + TTL - timedelta(microseconds=1)) and not lease.live(T0 + TTL)


async def test_a_live_lease_is_refused_to_another_holder_and_renewed_by_its_own(store):
    assert await store.leases.acquire_lease("round:1", "a", T0, TTL)
    assert not await store.leases.acquire_lease("round:1", "b", T0 + timedelta(seconds=29), TTL)
    assert await store.leases.acquire_lease("round:1", "a", T0 + timedelta(seconds=10), TTL)  # renew
    [lease] = await store.leases.leases("round:")
    assert lease.holder == "a" and lease.acquired_at == T0
    assert lease.expires_at == T0 + timedelta(seconds=10) + TTL
    # Still live at what was the first expiry: the renewal moved it.
    assert not await store.leases.acquire_lease("round:1", "b", T0 + timedelta(seconds=31), TTL)


async def test_an_expired_lease_is_taken_over(store):
    assert await store.leases.acquire_lease("round:1", "dead", T0, TTL)
    later = T0 + TTL
    assert await store.leases.acquire_lease("round:1", "b", later, TTL)
    [lease] = await store.leases.leases("round:")
    assert (lease.holder, lease.acquired_at, lease.expires_at) == ("b", later, later + TTL)
    # The old holder, back from the dead, cannot renew what it lost.
    assert not await store.leases.acquire_lease("round:1", "dead", later + timedelta(seconds=1), TTL)


async def test_only_the_holder_releases(store):
    assert await store.leases.acquire_lease("round:1", "a", T0, TTL)
    assert not await store.leases.release_lease("round:1", "b")
    assert [x.holder for x in await store.leases.leases("round:")] == ["a"]
    assert await store.leases.release_lease("round:1", "a")
    assert not await store.leases.release_lease("round:1", "a")
    assert await store.leases.leases("round:") == []
    assert await store.leases.acquire_lease("round:1", "b", T0 + timedelta(seconds=1), TTL)  # free again


async def test_a_process_shutting_down_releases_all_it_holds(store):
    for resource in ("round:1", "round:2", "daily:5"):
        assert await store.leases.acquire_lease(resource, "a", T0, TTL)
    assert await store.leases.acquire_lease("round:3", "b", T0, TTL)
    assert await store.leases.release_leases("a") == 3
    assert await store.leases.release_leases("a") == 0
    assert [(x.resource, x.holder) for x in await store.leases.leases("")] == [("round:3", "b")]


async def test_leases_are_listed_by_prefix_expired_ones_included(store):
    for resource in ("round:2", "round:10", "daily:5", "roundabout"):
        assert await store.leases.acquire_lease(resource, "a", T0, TTL)
    assert await store.leases.acquire_lease("round:3", "b", T0 - TTL, TTL)  # already expired
    listed = await store.leases.leases("round:")
    assert [(x.resource, x.holder) for x in listed] == [("round:10", "a"), ("round:2", "a"), ("round:3", "b")]
    assert [x.live(T0) for x in listed] == [True, True, False]
    assert [x.resource for x in await store.leases.leases("")] == [
        "daily:5",
        "round:10",
        "round:2",
        "round:3",
        "roundabout",
    ]


async def test_two_processes_racing_for_one_lease_exactly_one_wins(db_location):
    first = await open_store(db_location)
    second = await open_store(db_location)
    try:
        for n in range(20):
            resource = f"round:{n}"
            now = T0 + timedelta(seconds=n)
            attempts = [
                store.leases.acquire_lease(resource, holder, now, TTL)
                for _ in range(3)
                for store, holder in ((first, "one"), (second, "two"))
            ]
            won = await asyncio.gather(*attempts)
            [lease] = await first.leases.leases(resource)
            winners = {holder for ok, holder in zip(won, ["one", "two"] * 3, strict=True) if ok}
            assert winners == {lease.holder}  # the holder's own retries renew; the other never wins
    finally:
        await first.close()
        await second.close()


async def test_racing_for_an_expired_lease_one_takes_it_over(db_location):
    first = await open_store(db_location)
    second = await open_store(db_location)
    try:
        for n in range(10):
            resource = f"round:{n}"
            assert await first.leases.acquire_lease(resource, "dead", T0, TTL)
            now = T0 + TTL + timedelta(seconds=n)
            won = await asyncio.gather(
                first.leases.acquire_lease(resource, "one", now, TTL),
                second.leases.acquire_lease(resource, "two", now, TTL),
            )
            [lease] = await second.leases.leases(resource)
            assert sorted(won) == [False, True]
            assert lease.holder == ("one" if won[0] else "two")
    finally:
        await first.close()
        await second.close()

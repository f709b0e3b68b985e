"""SharedReads: concurrent callers share one query, and each sees what was written before it asked."""

from __future__ import annotations

import asyncio

import pytest

from bot.services.shared_reads import SharedReads


class Counter:
    """A 'database' value and a read that takes a few loop turns, counting its queries."""

    def __init__(self) -> None:
        self.value = 0
        self.queries = 0

    async def read(self, key: str) -> tuple[str, int]:
        self.queries += 1
        seen = self.value  # the snapshot is taken when the query starts
        for _ in range(3):
            await asyncio.sleep(0)
        return key, seen


async def test_concurrent_callers_share_one_query():
    db = Counter()
    reads = SharedReads(db.read)
    results = await asyncio.gather(*(reads.get("a") for _ in range(50)))
    assert results == [("a", 0)] * 50 and db.queries == 1


async def test_a_caller_arriving_during_a_query_gets_the_next_one():
    db = Counter()
    reads = SharedReads(db.read)
    first = asyncio.create_task(reads.get("a"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # the first query has started and read 0
    db.value = 1  # a write committed after it started
    late = [asyncio.create_task(reads.get("a")) for _ in range(10)]
    assert await first == ("a", 0)
    assert [await t for t in late] == [("a", 1)] * 10  # never the stale 0
    assert db.queries == 2


async def test_keys_are_separate_and_nothing_is_kept_between_calls():
    db = Counter()
    reads = SharedReads(db.read)
    assert await asyncio.gather(reads.get("a"), reads.get("b")) == [("a", 0), ("b", 0)]
    db.value = 5
    assert await reads.get("a") == ("a", 5)
    assert db.queries == 3


async def test_an_error_reaches_every_caller_of_that_query_and_the_next_query_runs():
    calls = 0

    async def flaky(key: str) -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        if calls == 1:
            raise RuntimeError("database gone")
        return calls

    reads = SharedReads(flaky)
    results = await asyncio.gather(reads.get("a"), reads.get("a"), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    assert await reads.get("a") == 2


async def test_a_cancelled_caller_does_not_cancel_the_shared_query():
    db = Counter()
    reads = SharedReads(db.read)
    tasks = [asyncio.create_task(reads.get("a")) for _ in range(3)]
    await asyncio.sleep(0)
    tasks[0].cancel()
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]
    assert [await t for t in tasks[1:]] == [("a", 0), ("a", 0)] and db.queries == 1

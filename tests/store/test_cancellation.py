"""A write cancelled at any await point leaves the store usable (issue 9, defect 2).

Every await of a write goes through ``aiosqlite.Connection._execute`` (one call per statement,
fetch or cursor close), so :class:`CancelAt` counts those calls and cancels at the k-th one,
for every k: either the caller (the task that asked for the write) or whichever task is
awaiting at that point (the caller, a group-commit batch, or the task ending a transaction);
either just after the statement is queued (it still runs in SQLite's thread) or just after it
returned.  After each cancellation the connection must be out of any transaction, the store
must accept writes, an acknowledged write must be there, and retrying must not double it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import aiosqlite
import pytest

from bot.store import LATEST_VERSION, AnswerStatus, Store, WriteInterrupted, open_store

from .helpers import T0, make_round, make_rq, new_answer, new_round, schema

GUILD = 1

pytestmark = pytest.mark.sqlite_only(
    reason="instruments aiosqlite's statement calls and the SQLite write lock"
)


class CancelAt:
    """Counts ``Connection._execute`` calls while armed and cancels a task at call ``at``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.at: int | None = None
        self.victim: asyncio.Task | None = None  # None: the task making the call
        self.after = False  # cancel after the call returned instead of once it is queued
        original = aiosqlite.Connection._execute

        async def execute(connection, fn, *args, **kwargs):
            hit = self.at is not None and self.calls == self.at
            self.calls += 1
            if hit and not self.after:
                self._cancel()
            result = await original(connection, fn, *args, **kwargs)
            if hit and self.after:
                self._cancel()
            return result

        monkeypatch.setattr(aiosqlite.Connection, "_execute", execute)

    def _cancel(self) -> None:
        (self.victim or asyncio.current_task()).cancel()

    def arm(self, at: int | None, victim: asyncio.Task | None = None, after: bool = False) -> None:
        self.calls, self.at, self.victim, self.after = 0, at, victim, after


# Each write: (run it for item i, count the rows item i left behind).
Write = tuple[Callable[[Store, int], Awaitable[object]], Callable[[Store, int], Awaitable[int]]]


async def _count(store: Store, sql: str, *params: object) -> int:
    row = await store.database.fetch_one(sql, params)
    return int(row[0]) if row else 0


def _writes(rq_id: int) -> dict[str, Write]:
    return {
        "ask channel": (
            lambda s, i: s.guilds.add_ask_channel(GUILD, 1000 + i, T0),
            lambda s, i: _count(s, "SELECT COUNT(*) FROM ask_channels WHERE channel_id = ?", 1000 + i),
        ),
        "round": (
            lambda s, i: s.rounds.create_round(new_round(channel=5000 + i)),
            lambda s, i: _count(s, "SELECT COUNT(*) FROM rounds WHERE channel_id = ?", 5000 + i),
        ),
        "daily post": (
            lambda s, i: s.daily.create_daily_post(
                guild_id=GUILD,
                local_date=date(2026, 1, 1) + timedelta(days=i),
                question_id="q1",
                channel_id=9,
                now=T0,
                next_run_at=T0,
            ),
            lambda s, i: _count(
                s,
                "SELECT COUNT(*) FROM daily_posts WHERE local_date = ?",
                (date(2026, 1, 1) + timedelta(days=i)).isoformat(),
            ),
        ),
        "answer (group commit)": (
            lambda s, i: s.answers.record_answer(new_answer(rq_id, 10_000 + i)),
            lambda s, i: _count(s, "SELECT COUNT(*) FROM answers WHERE user_id = ?", 10_000 + i),
        ),
    }


async def _settle(store: Store) -> None:
    """Let the transactions a cancelled caller left behind finish (they own the lock)."""
    async with store.database.write():
        pass


@pytest.mark.parametrize("name", ["ask channel", "round", "daily post", "answer (group commit)"])
async def test_a_write_cancelled_at_any_await_leaves_the_store_usable(tmp_path, monkeypatch, name):
    path = tmp_path / "db.sqlite3"
    store = await open_store(path)
    rq = await make_rq(store, (await make_round(store, channel=1)).id)
    run, count = _writes(rq.id)[name]
    probe = CancelAt(monkeypatch)
    items = itertools.count()

    probe.arm(None)
    await run(store, next(items))
    points = probe.calls  # the awaits one such write makes, ending the transaction included
    assert points >= 3  # at least BEGIN, a statement, COMMIT

    acknowledged: list[int] = [0]
    outcomes = set()
    for at, victim_is_caller, after in itertools.product(range(points), (True, False), (False, True)):
        i = next(items)
        task = asyncio.create_task(run(store, i))
        probe.arm(at, task if victim_is_caller else None, after)
        try:
            await task
        except (asyncio.CancelledError, WriteInterrupted) as exc:
            outcomes.add(type(exc).__name__)
        else:
            outcomes.add("done")
            acknowledged.append(i)
            assert await count(store, i) == 1, (at, victim_is_caller, after)
        probe.arm(None)
        await _settle(store)
        assert not store.database.in_transaction, (at, victim_is_caller, after)
        assert await count(store, i) in (0, 1)
        await run(store, i)  # the retry: the store accepts writes, and nothing is doubled
        assert await count(store, i) == 1, (at, victim_is_caller, after)
        await store.guilds.add_ask_channel(GUILD + 1, i, T0)  # another write still works
    assert "CancelledError" in outcomes
    await store.close()

    reopened = await open_store(path)  # durable: every write acknowledged is on disk, once
    try:
        for i in acknowledged:
            assert await count(reopened, i) == 1
        assert await _count(reopened, "SELECT COUNT(*) FROM ask_channels WHERE guild_id = ?", GUILD + 1) == (
            len(range(points)) * 4
        )
    finally:
        await reopened.close()


async def test_an_answer_cancelled_after_n_loop_iterations(store):
    """The group-commit caller cancelled after n event-loop turns, n = 0..40."""
    rq = await make_rq(store, (await make_round(store)).id)
    for n in range(41):
        task = asyncio.create_task(store.answers.record_answer(new_answer(rq.id, n)))
        for _ in range(n):
            await asyncio.sleep(0)
        task.cancel()
        acknowledged = False
        try:
            outcome = await task
            acknowledged = outcome.status is AnswerStatus.ACCEPTED
        except asyncio.CancelledError:
            pass
        retry = await store.answers.record_answer(new_answer(rq.id, n))
        assert retry.status is (AnswerStatus.DUPLICATE if acknowledged else retry.status)
        assert retry.status in (AnswerStatus.ACCEPTED, AnswerStatus.DUPLICATE)
    assert not store.database.in_transaction
    assert await store.answers.count_answers() == 41


async def test_a_write_cancelled_while_waiting_for_the_lock(store):
    holder_in, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with store.database.write():
            holder_in.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await holder_in.wait()
    waiting = asyncio.create_task(store.guilds.add_ask_channel(GUILD, 2, T0))
    await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    release.set()
    await holder
    await store.guilds.add_ask_channel(GUILD, 3, T0)
    assert await store.guilds.ask_channels(GUILD) == [3]


async def test_opening_cancelled_at_any_await_leaves_a_database_that_opens(tmp_path, monkeypatch):
    """Cancelled while migrating a new file: the next open finds a whole schema version."""
    probe = CancelAt(monkeypatch)
    probe.arm(None)
    await (await open_store(tmp_path / "counted.sqlite3")).close()
    points = probe.calls
    reference = schema(tmp_path / "counted.sqlite3")
    for at, victim_is_caller in itertools.product(range(points), (True, False)):
        path = tmp_path / f"db{at}-{victim_is_caller}.sqlite3"
        task = asyncio.create_task(open_store(path))
        probe.arm(at, task if victim_is_caller else None)
        with contextlib.suppress(asyncio.CancelledError):
            await (await task).close()
        probe.arm(None)
        store = await open_store(path)
        try:
            assert await store.schema_version() == LATEST_VERSION
            await store.guilds.add_ask_channel(GUILD, 1, T0)
        finally:
            await store.close()
        assert schema(path) == reference

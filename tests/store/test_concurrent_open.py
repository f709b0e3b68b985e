"""Several processes opening the same new database at once all succeed (issue 9, defect 3).

Migrations run one per BEGIN IMMEDIATE transaction with ``user_version`` read inside it, so the
processes take turns and each migration runs exactly once.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path

import pytest

from bot.store import LATEST_VERSION, open_store

from .helpers import T0, schema

pytestmark = pytest.mark.sqlite_only(
    reason="processes opening one new SQLite file "
    "(tests/store/test_postgres.py covers concurrent PostgreSQL migrations)"
)

PROCESSES = 6
TRIALS = 10


def _open(path: str, barrier) -> tuple[str, int | str]:
    async def go() -> int:
        store = await open_store(path)
        try:
            await store.guilds.add_ask_channel(1, multiprocessing.current_process().pid or 0, T0)
            return await store.schema_version()
        finally:
            await store.close()

    barrier.wait()
    try:
        return "ok", asyncio.run(go())
    except BaseException as exc:  # reported to the test, which prints it
        return "failed", repr(exc)


def test_processes_opening_a_new_database_at_once_all_succeed(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    fresh = tmp_path / "reference.sqlite3"
    asyncio.run(_close_after_open(fresh))
    with context.Manager() as manager, context.Pool(PROCESSES) as pool:
        for trial in range(TRIALS):
            path = tmp_path / f"trial{trial}" / "db.sqlite3"
            barrier = manager.Barrier(PROCESSES)
            results = pool.starmap(_open, [(str(path), barrier)] * PROCESSES)
            assert results == [("ok", LATEST_VERSION)] * PROCESSES, (trial, results)
            assert schema(path) == schema(fresh)
            asyncio.run(_check_rows(path))


async def _close_after_open(path: Path) -> None:
    await (await open_store(path)).close()


async def _check_rows(path: Path) -> None:
    store = await open_store(path)
    try:
        assert len(await store.guilds.ask_channels(1)) == PROCESSES
    finally:
        await store.close()

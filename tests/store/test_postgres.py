"""What only PostgreSQL has: its migration runner (schema_version, advisory lock, one
transaction per migration), processes starting at once, and the refusals at opening.

The aggregates' behaviour is tested on both engines by the other files of tests/store/."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys

import asyncpg
import pytest

from bot.store import LATEST_VERSION, AnswerStatus, DatabaseUnusable, open_postgres_store, open_store
from bot.store.postgres import PG_MIGRATIONS, redact
from tests.pg_server import create_database


@pytest.fixture
async def pg_url(pg_server) -> str:
    """A new, empty database on the session's server."""
    return await _new_db(pg_server)


async def _new_db(admin_url: str) -> str:
    return await create_database(admin_url, "pgonly")


async def _versions(url: str) -> list[int]:
    con = await asyncpg.connect(url)
    try:
        return [r[0] for r in await con.fetch("SELECT version FROM schema_version ORDER BY version")]
    finally:
        await con.close()


def test_the_same_numbered_migrations_in_both_dialects():
    from bot.store import MIGRATIONS

    assert [(m.version, m.name) for m in MIGRATIONS] == [(v, n) for v, n, _ in PG_MIGRATIONS]


async def test_a_new_database_is_migrated_and_reopening_changes_nothing(pg_url):
    store = await open_store(pg_url)
    await store.close()
    store = await open_store(pg_url)
    try:
        assert await store.schema_version() == LATEST_VERSION
    finally:
        await store.close()
    assert await _versions(pg_url) == list(range(1, LATEST_VERSION + 1))


async def test_upgrade_from_every_earlier_version(pg_url):
    for target in range(1, LATEST_VERSION + 1):
        store = await open_store(pg_url, target_version=target)
        assert await store.schema_version() == target
        await store.close()
    assert await _versions(pg_url) == list(range(1, LATEST_VERSION + 1))


async def test_a_newer_schema_is_refused(pg_url):
    await (await open_store(pg_url)).close()
    con = await asyncpg.connect(pg_url)
    try:
        await con.execute(
            "INSERT INTO schema_version (version, name) VALUES ($1, 'future')", LATEST_VERSION + 1
        )
    finally:
        await con.close()
    with pytest.raises(DatabaseUnusable, match="newer than this CertCoach"):
        await open_store(pg_url)


async def test_stores_opening_a_new_database_at_once_all_succeed(pg_url):
    stores = await asyncio.gather(*(open_postgres_store(pg_url, max_size=2) for _ in range(8)))
    try:
        assert [await s.schema_version() for s in stores] == [LATEST_VERSION] * 8
    finally:
        await asyncio.gather(*(s.close() for s in stores))
    assert await _versions(pg_url) == list(range(1, LATEST_VERSION + 1))


def test_processes_opening_a_new_database_at_once_all_succeed(pg_url):
    code = (
        "import asyncio, sys\n"
        "from bot.store import open_store\n"
        "async def main():\n"
        "    s = await open_store(sys.argv[1])\n"
        "    print(await s.schema_version()); await s.close()\n"
        "asyncio.run(main())\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [e.decode()[-500:] for _, e in outs]
    assert [o.decode().strip() for o, _ in outs] == [str(LATEST_VERSION)] * 6


async def test_an_unreachable_server_and_a_missing_database_are_one_sentence(pg_server):
    host = pg_server.rsplit("/", 1)[0]
    with pytest.raises(DatabaseUnusable, match="does not exist"):
        await open_store(host + "/certcoach_no_such_database")
    with pytest.raises(DatabaseUnusable, match="cannot be reached"):
        await open_store("postgresql://nobody:secret@127.0.0.1:1/x")


def test_passwords_never_appear_in_messages():
    assert redact("postgresql://bot:hunter2@db:5432/cc") == "postgresql://bot:***@db:5432/cc"
    assert redact("postgresql://bot@db/cc") == "postgresql://bot@db/cc"


async def _open_transactions(url: str) -> int:
    con = await asyncpg.connect(url)
    try:
        return int(
            await con.fetchval(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
            )
        )
    finally:
        await con.close()


async def test_writes_cancelled_after_n_loop_iterations_leave_the_store_usable(pg_url):
    """Cancelled at every point of their round trips (n = 0..40 event-loop turns), an answer and
    a round start commit or not, never twice, and no connection is left inside a transaction."""
    from .helpers import answer, make_round, make_rq, new_answer, new_round

    store = await open_store(pg_url)
    try:
        rq = await make_rq(store, (await make_round(store, channel=1)).id)
        for n in range(41):
            for write in (
                store.answers.record_answer(new_answer(rq.id, n)),
                store.rounds.create_round(new_round(channel=100 + n)),
            ):
                task = asyncio.ensure_future(write)
                for _ in range(n):
                    await asyncio.sleep(0)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            retry = await answer(store, rq.id, n)
            assert retry.status in (AnswerStatus.ACCEPTED, AnswerStatus.DUPLICATE)
            again = await store.rounds.create_round(new_round(channel=100 + n))
            active = await store.rounds.active_round_in_channel(100 + n)
            assert active is not None and (again is None or again.id == active.id)
        assert await store.answers.count_answers() == 41
        assert len(await store.rounds.active_rounds()) == 42
        assert await _open_transactions(pg_url) == 0
    finally:
        await store.close()

"""TransferStore/PrivacyStore on both engines: dump order, refusals, one snapshot while another
process writes, online backup (SQLite), forgetting a member."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import UTC, datetime

import asyncpg
import pytest

from bot.store import LATEST_VERSION, TransferRefused, backup_sqlite, open_store
from tests.store.transfer_data import GUILDS, fill_any


async def test_dump_is_ordered_by_key_and_load_refuses_unknown_tables(store):
    assert store.transfer.tables[0] == "guild_settings"
    assert await store.transfer.dump() == {table: [] for table in store.transfer.tables}
    await store.guilds.add_ask_channel(5, 2, datetime(2026, 1, 1, tzinfo=UTC))
    await store.guilds.add_ask_channel(5, 1, datetime(2026, 1, 2, tzinfo=UTC))
    await store.guilds.add_ask_channel(4, 9, datetime(2026, 1, 3, tzinfo=UTC))
    rows = (await store.transfer.dump())["ask_channels"]
    assert [(r["guild_id"], r["channel_id"]) for r in rows] == [(4, 9), (5, 1), (5, 2)]
    assert rows[0]["added_at"] == "2026-01-03T00:00:00.000000Z"
    with pytest.raises(TransferRefused, match="unknown table"):
        await store.transfer.columns("sqlite_master")
    with pytest.raises(TransferRefused, match="unknown table"):
        await store.transfer.columns("pg_class")
    with pytest.raises(TransferRefused, match="unknown table"):
        await store.transfer.load({"members": []})


def _writer(source, stop: threading.Event, written: list[int]) -> threading.Thread:
    """A thread writing one round and its three questions per transaction until ``stop``."""

    def writer() -> None:
        db = sqlite3.connect(source, timeout=30)
        while not stop.is_set():
            with db:  # one round and its three questions per transaction
                cur = db.execute(
                    "INSERT INTO rounds (guild_id, channel_id, starter_id, seconds, question_ids, status,"
                    " started_at, finished_at) VALUES (1, ?, 7, 30, '[]', 'finished', 'x', 'y')",
                    (written[0],),
                )
                for i in range(3):
                    db.execute(
                        "INSERT INTO round_questions (round_id, idx, question_id, posted_at, deadline)"
                        " VALUES (?, ?, 'q', 'x', 'y')",
                        (cur.lastrowid, i),
                    )
            written[0] += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    return thread


async def test_dump_while_another_process_writes_is_one_snapshot(tmp_path):
    source = tmp_path / "live.sqlite3"
    store = await open_store(source)
    stop, written = threading.Event(), [0]
    thread = _writer(source, stop, written)
    try:
        dumps = [await store.transfer.dump() for _ in range(20)]
    finally:
        stop.set()
        thread.join()
        await store.close()
    assert written[0] > 0
    for tables in dumps:
        assert len(tables["round_questions"]) == 3 * len(tables["rounds"])


async def test_backup_while_writes_are_happening_is_a_consistent_copy(tmp_path):
    source = tmp_path / "live.sqlite3"
    store = await open_store(source)
    stop, written = threading.Event(), [0]
    thread = _writer(source, stop, written)
    try:
        copies = []
        for n in range(5):
            target = tmp_path / f"copy{n}.sqlite3"
            await backup_sqlite(source, target)
            copies.append(target)
    finally:
        stop.set()
        thread.join()
        await store.close()
    assert written[0] > 0
    for target in copies:
        assert not (tmp_path / f"{target.name}.partial").exists()
        db = sqlite3.connect(target)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rounds, questions = db.execute(
            "SELECT (SELECT COUNT(*) FROM rounds), (SELECT COUNT(*) FROM round_questions)"
        ).fetchone()
        db.close()
        assert questions == 3 * rounds
        copy = await open_store(target)  # the bot opens it as it is
        assert await copy.schema_version() == LATEST_VERSION
        await copy.close()


async def test_postgres_dump_while_another_process_writes_is_one_snapshot(new_database):
    """A writer on its own connection and thread (its own event loop: as another process would)
    adds a round and its three questions per transaction; every dump sees whole rounds only."""
    url = await new_database("postgres")
    store = await open_store(url)
    stop, written = threading.Event(), [0]

    async def write() -> None:
        con = await asyncpg.connect(url)
        try:
            while not stop.is_set():
                async with con.transaction():
                    round_id = await con.fetchval(
                        "INSERT INTO rounds (guild_id, channel_id, starter_id, seconds, question_ids,"
                        " status, started_at) VALUES (1, $1, 7, 30, '{}', 'finished', now()) RETURNING id",
                        written[0],
                    )
                    for i in range(3):
                        await con.execute(
                            "INSERT INTO round_questions (round_id, idx, question_id, posted_at, deadline)"
                            " VALUES ($1, $2, 'q', now(), now())",
                            round_id,
                            i,
                        )
                written[0] += 1
        finally:
            await con.close()

    thread = threading.Thread(target=lambda: asyncio.run(write()))
    thread.start()
    try:
        dumps = []
        for _ in range(20):
            dumps.append(await store.transfer.dump())
            await asyncio.sleep(0.005)
    finally:
        stop.set()
        thread.join()
        await store.close()
    assert written[0] > 0
    assert len({len(tables["rounds"]) for tables in dumps}) > 1  # the writer wrote during the dumps
    for tables in dumps:
        assert len(tables["round_questions"]) == 3 * len(tables["rounds"])


async def test_forget_member_leaves_no_row_naming_them_in_that_guild_only(db_location):
    await fill_any(db_location, answers=5000)
    guild = GUILDS[0]
    store = await open_store(db_location)
    try:
        before = await store.transfer.dump()
        starters = {r["starter_id"] for r in before["rounds"] if r["guild_id"] == guild}
        answered: dict[int, int] = {}
        for row in before["answers"]:
            if row["guild_id"] == guild and row["user_id"] in starters:
                answered[int(row["user_id"])] = answered.get(int(row["user_id"]), 0) + 1
        user = max(answered, key=answered.__getitem__)  # started a round and answered most
        assert await store.privacy.rows_naming_member(guild, user) > 1
        result = await store.privacy.forget_member(guild, user)
        assert result.answers_deleted == answered[user]
        assert result.rounds_anonymised >= 1
        assert await store.privacy.rows_naming_member(guild, user) == 0
        again = await store.privacy.forget_member(guild, user)
        assert (again.answers_deleted, again.rounds_anonymised) == (0, 0)
        after = await store.transfer.dump()
    finally:
        await store.close()
    # Every column of every table (ids, names, keys alike): none holds the member's id.
    for table, rows in after.items():
        assert all(user not in row.values() for row in rows), table
        assert all(str(user) not in str(value) for row in rows for value in row.values()), table
    assert len(after["rounds"]) == len(before["rounds"])  # rounds are kept
    assert len(after["answers"]) == len(before["answers"]) - result.answers_deleted
    for table in after:  # nothing else changed
        others = [r for r in before[table] if user not in r.values()]
        if table != "rounds":
            assert after[table] == others, table

"""The SQLite TransferStore/PrivacyStore: dump order, refusals, online backup, forgetting."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from bot.store import LATEST_VERSION, TransferRefused, backup_sqlite, open_store
from tests.store.transfer_data import GUILDS, fill, snapshot


@pytest.mark.sqlite_only("export and import are SQLite-only for now; PostgreSQL refuses them (tested below)")
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


async def test_forget_member_leaves_no_row_naming_them_in_that_guild_only(tmp_path):
    path = tmp_path / "db.sqlite3"
    await (await open_store(path)).close()
    fill(path, answers=5000)
    guild = GUILDS[0]
    db = sqlite3.connect(path)  # a member of guild 0 who started a round and answered most
    user = db.execute(
        "SELECT a.user_id FROM answers a JOIN rounds r"
        " ON r.starter_id = a.user_id AND r.guild_id = a.guild_id"
        " WHERE a.guild_id = ? GROUP BY a.user_id ORDER BY COUNT(*) DESC LIMIT 1",
        (guild,),
    ).fetchone()[0]
    db.close()
    other_guild_rows = snapshot(path)
    store = await open_store(path)
    try:
        assert await store.transfer.rows_naming_member(guild, user) > 1
        result = await store.transfer.forget_member(guild, user)
        assert result.answers_deleted > 0
        assert result.rounds_anonymised >= 1
        assert await store.transfer.rows_naming_member(guild, user) == 0
        again = await store.transfer.forget_member(guild, user)
        assert (again.answers_deleted, again.rounds_anonymised) == (0, 0)
    finally:
        await store.close()
    after = snapshot(path)
    for table, rows in after.items():  # no column of any table holds the member's id
        assert all(user not in row for row in rows), table
    assert after["rounds"].__len__() == other_guild_rows["rounds"].__len__()  # rounds are kept
    assert len(after["answers"]) == len(other_guild_rows["answers"]) - result.answers_deleted


async def test_postgres_refuses_export_and_import_with_a_sentence(store):
    """On PostgreSQL export and import are refused with what to do; on SQLite they work."""
    from bot.store import is_postgres_url

    if not is_postgres_url(store.path):
        assert await store.transfer.dump() == {table: [] for table in store.transfer.tables}
        return
    with pytest.raises(TransferRefused, match="SQLite"):
        await store.transfer.dump()
    with pytest.raises(TransferRefused, match="SQLite"):
        await store.transfer.load({})

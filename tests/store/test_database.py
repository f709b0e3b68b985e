"""The database: opening, pragmas, migrations (numbered .sql files), transactions, time text."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from importlib import resources

import pytest

from bot.store import LATEST_VERSION, MIGRATIONS, DatabaseUnusable, Migration, StoreError, open_store
from bot.store import database as database_module
from bot.store.database import split_statements

from .helpers import T0, make_round, make_rq, new_round, schema

pytestmark = pytest.mark.sqlite_only(
    reason="SQLite's file checks, pragmas, WAL and its migration runner "
    "(tests/store/test_postgres.py covers PostgreSQL's)"
)


class TestOpen:
    async def test_first_run_creates_directories_and_file(self, tmp_path):
        path = tmp_path / "deep" / "er" / "bot.sqlite3"
        s = await open_store(path)
        try:
            assert path.exists()
            assert await s.schema_version() == LATEST_VERSION
            db = s.database
            assert (await db.fetch_one("PRAGMA journal_mode"))[0] == "wal"
            assert (await db.fetch_one("PRAGMA foreign_keys"))[0] == 1
            assert (await db.fetch_one("PRAGMA busy_timeout"))[0] == 5000
            assert (await db.fetch_one("PRAGMA synchronous"))[0] == 2  # FULL
        finally:
            await s.close()

    async def test_synchronous_mode_is_an_option_and_checked(self, tmp_path):
        s = await open_store(tmp_path / "normal.sqlite3", synchronous="normal")
        try:
            assert (await s.database.fetch_one("PRAGMA synchronous"))[0] == 1  # NORMAL
        finally:
            await s.close()
        with pytest.raises(ValueError):
            await open_store(tmp_path / "bad.sqlite3", synchronous="SOMETIMES")

    async def test_reopen_is_idempotent(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        s = await open_store(path)
        await s.guilds.add_ask_channel(1, 2, T0)
        await s.close()
        before = schema(path)
        s = await open_store(path)
        assert await s.guilds.ask_channels(1) == [2]
        assert await s.schema_version() == LATEST_VERSION
        await s.close()
        assert schema(path) == before

    async def test_foreign_keys_enforced(self, store):
        with pytest.raises(sqlite3.IntegrityError):
            async with store.database.write() as db:
                await db.execute(
                    "INSERT INTO round_questions (round_id, idx, question_id, posted_at, deadline) "
                    "VALUES (999, 0, 'q', 't', 't')"
                )

    async def test_a_failed_write_is_rolled_back(self, store):
        with pytest.raises(RuntimeError):
            async with store.database.write() as db:
                await db.execute(
                    "INSERT INTO ask_channels (guild_id, channel_id, added_at) VALUES (1, 2, 't')"
                )
                raise RuntimeError("boom")
        assert await store.guilds.ask_channels(1) == []

    async def test_naive_times_are_utc(self, store):
        rnd = await store.rounds.create_round(new_round(when=datetime(2026, 3, 1, 12, 0)))
        assert rnd is not None and rnd.started_at == T0


class TestMigrations:
    def test_versions_are_consecutive_and_shipped_as_files(self):
        assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
        files = sorted(
            f.name
            for f in resources.files("bot.store").joinpath("migrations").iterdir()
            if f.name.endswith(".sql")
        )
        assert files == [f"{m.version:04d}_{m.name}.sql" for m in MIGRATIONS]
        assert all(m.statements for m in MIGRATIONS)

    def test_split_statements(self):
        script = (
            "-- a comment; with a semicolon\n"
            "CREATE TABLE t (x TEXT DEFAULT 'a;b');  -- trailing; comment\n\n"
            "CREATE INDEX i ON t(x);\n"
        )
        assert split_statements(script) == ("CREATE TABLE t (x TEXT DEFAULT 'a;b')", "CREATE INDEX i ON t(x)")
        with pytest.raises(ValueError):
            split_statements("CREATE TABLE t (x")

    @pytest.mark.parametrize("start", list(range(LATEST_VERSION)))
    async def test_upgrade_from_every_earlier_version(self, tmp_path, start):
        fresh = tmp_path / "fresh.sqlite3"
        await (await open_store(fresh)).close()

        path = tmp_path / "old.sqlite3"
        old = await open_store(path, target_version=start)
        assert await old.schema_version() == start
        if start >= 1:  # data written by the older version must survive the upgrade
            await old.guilds.add_ask_channel(5, 6, T0)
        if start >= 2:
            rnd = await make_round(old)
            await make_rq(old, rnd.id)
        if start >= 3:
            await old.daily.create_daily_post(
                guild_id=5,
                local_date=date(2026, 3, 1),
                question_id="q9",
                channel_id=6,
                now=T0,
                next_run_at=None,
            )
        await old.close()

        s = await open_store(path)
        try:
            assert await s.schema_version() == LATEST_VERSION
            if start >= 1:
                assert await s.guilds.ask_channels(5) == [6]
            if start >= 2:
                assert len(await s.rounds.active_rounds()) == 1
            if start >= 3:
                post = await s.daily.daily_post_for_date(5, date(2026, 3, 1))
                assert post is not None and post.question_id == "q9"
        finally:
            await s.close()
        assert schema(path) == schema(fresh)

    async def test_failed_migration_rolls_back_its_transaction(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        await (await open_store(path)).close()
        bad = [
            *MIGRATIONS,
            Migration(LATEST_VERSION + 1, "broken", ("CREATE TABLE half_done (x INTEGER)", "NOT SQL")),
        ]
        with pytest.raises(sqlite3.OperationalError):
            await open_store(path, migrations=bad)
        s = await open_store(path)
        try:
            assert await s.schema_version() == LATEST_VERSION
        finally:
            await s.close()
        assert "half_done" not in {n for _, n, _ in schema(path)}

    async def test_newer_database_is_refused(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        await (await open_store(path)).close()
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
        con.commit()
        con.close()
        with pytest.raises(StoreError):
            await open_store(path)


class TestUnusable:
    """Refusals come as DatabaseUnusable (a StoreError) and leave the file as it was."""

    async def test_newer_database_is_refused_before_anything_is_written(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        await (await open_store(path)).close()
        con = sqlite3.connect(path)
        con.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
        con.execute("PRAGMA journal_mode = DELETE")  # WAL would be switched back on by a writer
        con.commit()
        con.close()
        before = path.read_bytes()
        with pytest.raises(DatabaseUnusable, match="newer than this CertCoach") as caught:
            await open_store(path)
        assert caught.value.path == str(path)
        assert path.read_bytes() == before

    async def test_a_one_byte_file_is_refused_not_replaced(self, tmp_path):
        path = tmp_path / "db.sqlite3"
        path.write_bytes(b"\n")
        with pytest.raises(DatabaseUnusable, match="not an SQLite database"):
            await open_store(path)
        assert path.read_bytes() == b"\n"

    async def test_a_database_locked_too_long_is_reported(self, tmp_path, monkeypatch):
        monkeypatch.setattr(database_module, "OPEN_BUSY_TIMEOUT_MS", 300)
        path = tmp_path / "db.sqlite3"
        await (await open_store(path, target_version=1)).close()
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(DatabaseUnusable, match="locked"):
                await open_store(path)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        s = await open_store(path)  # once the other program is done, it opens and migrates
        try:
            assert await s.schema_version() == LATEST_VERSION
            assert (await s.database.fetch_one("PRAGMA busy_timeout"))[0] == 5000
        finally:
            await s.close()

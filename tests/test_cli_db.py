"""`python -m bot db migrate|backup|export|import`: exit codes and one-line errors."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import urlsplit, urlunsplit

from bot.store import LATEST_VERSION
from tests.store.transfer_data import fill, snapshot
from tests.test_cli import run


def _env(path) -> dict[str, str]:
    return {"CERTCOACH_DB": str(path), "DISCORD_TOKEN": ""}


def _one_line_error(result, code: int, text: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("CertCoach db: ")
    assert text in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_creates_and_reports_the_version(tmp_path):
    db = tmp_path / "new.sqlite3"
    result = run("db", "migrate", env=_env(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{db}: schema version {LATEST_VERSION} (the latest)."
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_export_import_round_trip_through_stdout_stdin_and_files(tmp_path):
    source, target, again = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "c.sqlite3"
    assert run("db", "migrate", env=_env(source)).returncode == 0
    fill(source, answers=300)
    exported = run("db", "export", "--format", "jsonl", env=_env(source))
    assert exported.returncode == 0, exported.stderr
    header = json.loads(exported.stdout.splitlines()[0])
    assert header["tables"]["answers"] == 300
    imported = run("db", "import", "-", stdin=exported.stdout, env=_env(target))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(f"Imported {len(exported.stdout.splitlines()) - 1} rows")
    assert snapshot(target) == snapshot(source)
    dump = tmp_path / "dump.jsonl"
    assert run("db", "export", str(dump), env=_env(target)).returncode == 0
    assert dump.read_text(encoding="utf-8") == exported.stdout
    assert run("db", "import", str(dump), env=_env(again)).returncode == 0
    assert snapshot(again) == snapshot(source)
    nowhere = run("db", "export", str(tmp_path / "no" / "such" / "dir.jsonl"), env=_env(target))
    _one_line_error(nowhere, 1, "cannot write")


def test_import_refusals_are_one_line_with_exit_1(tmp_path):
    source = tmp_path / "a.sqlite3"
    assert run("db", "migrate", env=_env(source)).returncode == 0
    fill(source, answers=10)
    exported = run("db", "export", env=_env(source)).stdout
    _one_line_error(run("db", "import", stdin=exported, env=_env(source)), 1, "not empty")
    _one_line_error(run("db", "import", stdin="garbage\n", env=_env(tmp_path / "b.sqlite3")), 1, "not JSON")
    missing = run("db", "import", str(tmp_path / "nope.jsonl"), env=_env(tmp_path / "c.sqlite3"))
    _one_line_error(missing, 1, "cannot read")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    _one_line_error(run("db", "import", str(binary), env=_env(tmp_path / "d.sqlite3")), 1, "not UTF-8")


def test_backup_refuses_to_overwrite_unless_forced(tmp_path):
    source, copy = tmp_path / "a.sqlite3", tmp_path / "copy.sqlite3"
    assert run("db", "migrate", env=_env(source)).returncode == 0
    fill(source, answers=50)
    first = run("db", "backup", str(copy), env=_env(source))
    assert first.returncode == 0, first.stderr
    assert snapshot(copy) == snapshot(source)
    _one_line_error(run("db", "backup", str(copy), env=_env(source)), 1, "already exists")
    assert run("db", "backup", str(copy), "--force", env=_env(source)).returncode == 0
    _one_line_error(
        run("db", "backup", str(tmp_path / "x"), env=_env(tmp_path / "none.sqlite3")), 2, "no database"
    )


def test_an_unusable_database_is_exit_2_in_one_line(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("this is not a database, just text\n" * 50)
    for args in (("migrate",), ("export",), ("import",)):
        _one_line_error(run("db", *args, env=_env(bad)), 2, "cannot use the database")
    _one_line_error(run("db", "backup", str(tmp_path / "copy"), env=_env(bad)), 2, "cannot back up")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite3"]  # no copy, no .partial
    assert bad.read_text().startswith("this is not")


async def test_export_import_between_sqlite_and_postgresql_urls(tmp_path, new_database):
    """The CLI end to end with CERTCOACH_DB a postgresql:// URL: SQLite -> PostgreSQL ->
    SQLite gives the same lines and the same file; refusals are one line there too."""
    source, back = tmp_path / "a.sqlite3", tmp_path / "back.sqlite3"
    url = str(await new_database("postgres"))
    assert run("db", "migrate", env=_env(source)).returncode == 0
    fill(source, answers=300)
    exported = run("db", "export", "--format", "jsonl", env=_env(source))
    assert exported.returncode == 0, exported.stderr
    migrated = run("db", "migrate", env=_env(url))
    assert migrated.returncode == 0, migrated.stderr
    assert f"schema version {LATEST_VERSION} (the latest)" in migrated.stdout
    imported = run("db", "import", "-", stdin=exported.stdout, env=_env(url))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(f"Imported {len(exported.stdout.splitlines()) - 1} rows")
    from_pg = tmp_path / "from-pg.jsonl"
    done = run("db", "export", str(from_pg), env=_env(url))
    assert done.returncode == 0, done.stderr
    assert from_pg.read_text(encoding="utf-8") == exported.stdout
    assert run("db", "import", str(from_pg), env=_env(back)).returncode == 0
    assert snapshot(back) == snapshot(source)
    _one_line_error(run("db", "import", str(from_pg), env=_env(url)), 1, "not empty")
    _one_line_error(run("db", "import", stdin="garbage\n", env=_env(url)), 1, "not JSON")
    _one_line_error(run("db", "backup", str(tmp_path / "copy"), env=_env(url)), 1, "pg_dump")
    # A password in the URL is never printed (trust authentication ignores it here).
    parts = urlsplit(url)
    secret = urlunsplit(parts._replace(netloc=f"{parts.username}:s3cret-pw@{parts.hostname}:{parts.port}"))
    shown = run("db", "migrate", env=_env(secret))
    assert shown.returncode == 0, shown.stderr
    assert "s3cret-pw" not in shown.stdout + shown.stderr and ":***@" in shown.stdout

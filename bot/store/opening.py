"""Opening a database file safely: refuse, before anything is written, a path that cannot hold
the bot's database, and turn SQLite's errors while opening into :class:`DatabaseUnusable`.

Nothing here changes an existing file: the checks only read it (its first 100 bytes).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiosqlite

from .errors import DatabaseUnusable

OPEN_BUSY_TIMEOUT_MS = 60_000  # while opening: another process may be migrating the same file
SQLITE_MAGIC = b"SQLite format 3\x00"
_MOVE_AWAY = "move it away or choose another database path"
_RESTORE = "restore a backup, or move it away to start a new database"

# SQLite's primary result codes, and what each means for a file we are opening.
_BUSY, _LOCKED, _READONLY, _PERM, _AUTH = 5, 6, 8, 3, 23
_PROBLEMS = {
    26: ("the file is not an SQLite database", _MOVE_AWAY),
    11: ("the file is damaged ({error})", _RESTORE),
    _READONLY: (
        "it cannot be written ({error})",
        "make the file and its directory writable or choose another database path",
    ),
    _PERM: (
        "it cannot be written ({error})",
        "make the file and its directory writable or choose another database path",
    ),
    _AUTH: (
        "it cannot be written ({error})",
        "make the file and its directory writable or choose another database path",
    ),
    14: ("SQLite cannot open it ({error})", "check the path and its permissions or choose another one"),
    10: ("reading or writing it failed ({error})", "check the disk and the file's permissions"),
    13: ("the disk is full ({error})", "free some space or choose another database path"),
    _BUSY: (
        "another program kept it locked for more than {seconds} seconds",
        "stop the other program using it or choose another database path",
    ),
}
_PROBLEMS[_LOCKED] = _PROBLEMS[_BUSY]


def _primary_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", -1)) & 0xFF


@contextmanager
def open_errors(path: str, busy_timeout_ms: int) -> Iterator[None]:
    """Report SQLite errors about the file itself (not a database, damaged, locked, read-only,
    unopenable) as :class:`DatabaseUnusable`; other errors (e.g. a bad migration) pass."""
    try:
        yield
    except sqlite3.Error as exc:
        known = _PROBLEMS.get(_primary_code(exc))
        if known is None:
            raise
        problem, remedy = known
        seconds = busy_timeout_ms // 1000
        raise DatabaseUnusable(path, problem.format(error=exc, seconds=seconds), remedy) from exc


async def use_wal(connection: aiosqlite.Connection, seconds: float) -> None:
    """``PRAGMA journal_mode = WAL``, retried while another process holds the file's lock."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            await connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if _primary_code(exc) not in (_BUSY, _LOCKED) or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


def check_path(path: str) -> None:
    """Refuse a path that cannot hold the database, and create its missing parent directories.

    Refused: a directory, a parent that is a file, a read-only file, a file that is not an
    SQLite database (any non-empty file without SQLite's header; an empty file is a new
    database), a truncated one.
    """
    target = Path(path).expanduser()
    _check_parents(path, target)
    if target.is_dir():
        raise DatabaseUnusable(
            path, "it is a directory", f"use a file path such as {target / 'certcoach.sqlite3'}"
        )
    if not target.exists():
        return
    if not target.is_file():
        raise DatabaseUnusable(path, "it is not a regular file", "choose another database path")
    size = target.stat().st_size
    if not os.access(target, os.R_OK | os.W_OK) or not target.stat().st_mode & 0o222:
        raise DatabaseUnusable(
            path, "the file is read-only", "make it writable (chmod u+w) or choose another database path"
        )
    if size:
        _check_header(path, target, size)


def _check_parents(path: str, target: Path) -> None:
    parent = target.parent
    existing = next(p for p in (parent, *parent.parents) if p.exists())
    if not existing.is_dir():
        raise DatabaseUnusable(
            path, f"{existing} is a file, not a directory", "choose a database path inside a directory"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnusable(
            path,
            f"its directory {parent} cannot be created ({exc.strerror})",
            "create it or choose another database path",
        ) from exc


def _check_header(path: str, target: Path, size: int) -> None:
    try:
        with target.open("rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise DatabaseUnusable(path, f"the file cannot be read ({exc.strerror})", _MOVE_AWAY) from exc
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseUnusable(path, "the file is not an SQLite database", _MOVE_AWAY)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if size < 512 or len(header) < 100 or page_size < 512 or page_size & (page_size - 1):
        raise DatabaseUnusable(path, f"the file is damaged (only {size} bytes or a broken header)", _RESTORE)
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count counts only when its change counter matches (SQLite's rule); a
    # non-empty -wal or -journal file beside it may still complete the file, so no verdict then.
    if pages and header[24:28] == header[92:96] and size < pages * page_size and not _has_journal(target):
        raise DatabaseUnusable(
            path,
            f"the file is truncated ({size} bytes of the {pages * page_size} its header declares)",
            _RESTORE,
        )


def _has_journal(target: Path) -> bool:
    for suffix in ("-wal", "-journal"):
        beside = target.with_name(target.name + suffix)
        if beside.is_file() and beside.stat().st_size > 0:
            return True
    return False

"""``python -m bot db migrate|backup|export|import``: the data tools.

Exit codes: 0 done; 1 refused (a file in the way, an export that does not fit, a database that
is not empty); 2 the database cannot be used.  Every failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from .config import Settings

if TYPE_CHECKING:
    from .store.interface import TransferStore

EXIT_REFUSED = 1
EXIT_UNUSABLE = 2


def add_db_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="database tools: migrate, backup, export, import")
    tools = db.add_subparsers(dest="db_command", required=True)
    tools.add_parser("migrate", help="bring the database to the latest schema and print its version")
    backup = tools.add_parser("backup", help="copy the SQLite database safely while the bot runs")
    backup.add_argument("file", help="the copy to write")
    backup.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    export = tools.add_parser("export", help="every table's rows as JSON lines")
    export.add_argument("--format", choices=["jsonl"], default="jsonl")
    export.add_argument("file", nargs="?", default="-", help="where to write (default -: stdout)")
    load = tools.add_parser("import", help="load an export into an empty database")
    load.add_argument("file", nargs="?", default="-", help="what to read (default -: stdin)")


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    from .store.errors import DatabaseUnusable, StoreError

    if args.db_command == "backup":
        refused = _backup_refused(settings, Path(args.file), force=args.force)
        if refused is not None:
            return refused
    try:
        return asyncio.run(_db(settings, args))
    except DatabaseUnusable as exc:
        return _fail(f"cannot use the database {exc.path} (CERTCOACH_DB): {exc.problem}; {exc.remedy}.")
    except StoreError as exc:
        return _fail(f"cannot use the database (CERTCOACH_DB): {exc}.")


async def _db(settings: Settings, args: argparse.Namespace) -> int:
    from .wiring import open_transfer

    if args.db_command == "backup":
        return await _backup(settings, Path(args.file))
    async with open_transfer(settings) as store:
        if args.db_command == "migrate":
            print(f"{_where(settings)}: schema version {await store.schema_version()} (the latest).")
            return 0
        if args.db_command == "export":
            return await _export(store, args.file)
        return await _import(store, args.file, settings)


async def _export(store: TransferStore, name: str) -> int:
    from .services.transfer import export_lines

    lines = await export_lines(store)
    try:
        with _output(name) as out:
            for line in lines:
                out.write(line + "\n")
    except OSError as exc:
        return _fail(f"cannot write {name}: {exc.strerror or exc}.", EXIT_REFUSED)
    return 0


async def _import(store: TransferStore, name: str, settings: Settings) -> int:
    from .services.transfer import TransferError, import_lines

    try:
        with _input(name) as source:
            counts = await import_lines(store, source)
    except TransferError as exc:
        return _fail(f"import refused: {exc}.", EXIT_REFUSED)
    except OSError as exc:
        return _fail(f"cannot read {name}: {exc.strerror or exc}.", EXIT_REFUSED)
    except UnicodeDecodeError:
        return _fail(f"import refused: {name} is not UTF-8 text.", EXIT_REFUSED)
    print(f"Imported {sum(counts.values())} rows into {_where(settings)}.")
    return 0


def _backup_refused(settings: Settings, target: Path, *, force: bool) -> int | None:
    if target.exists() and not force:
        return _fail(f"{target} already exists; choose another file or pass --force.", EXIT_REFUSED)
    if _is_url(settings):
        return _fail(
            "db backup copies an SQLite file; for PostgreSQL use pg_dump, or db export for CertCoach's rows.",
            EXIT_REFUSED,
        )
    if not Path(settings.db_path).is_file():
        return _fail(f"there is no database at {settings.db_path} (CERTCOACH_DB) to back up.", EXIT_UNUSABLE)
    return None


async def _backup(settings: Settings, target: Path) -> int:
    from .wiring import backup_database

    try:
        await backup_database(settings, target)
    except (OSError, sqlite3.Error) as exc:
        return _fail(f"cannot back up {settings.db_path} to {target}: {exc}.", EXIT_UNUSABLE)
    print(f"Backed up {settings.db_path} to {target}.")
    return 0


@contextmanager
def _output(name: str) -> Iterator[TextIO]:
    if name == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(name, "w", encoding="utf-8", newline="\n") as handle:
        yield handle


@contextmanager
def _input(name: str) -> Iterator[TextIO]:
    if name == "-":
        yield sys.stdin
        return
    with open(name, encoding="utf-8") as handle:
        yield handle


def _is_url(settings: Settings) -> bool:
    return isinstance(settings.db_path, str) and "://" in settings.db_path


def _where(settings: Settings) -> str:
    """CERTCOACH_DB as shown to the user: a PostgreSQL URL without its password."""
    location = str(settings.db_path)
    password = urlsplit(location).password if _is_url(settings) else None
    return location.replace(f":{password}@", ":***@", 1) if password else location


def _fail(message: str, code: int = EXIT_UNUSABLE) -> int:
    print(f"CertCoach db: {message}", file=sys.stderr)
    return code

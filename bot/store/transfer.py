"""Row-level export, import, backup and forgetting for SQLite (``TransferStore``, ``PrivacyStore``).

Tables come from a fixed list (never from input), so their names may be put into SQL text;
column names are checked against ``PRAGMA table_info`` before they are.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing, suppress
from pathlib import Path

from .database import Database
from .errors import TransferRefused
from .records import ForgetResult, TransferRow
from .transfer_tables import PLAN_TABLES, TABLE_KEYS, TABLES

_BATCH = 500


class SqliteTransferStore:
    """Implements ``TransferStore`` and ``PrivacyStore``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def tables(self) -> tuple[str, ...]:
        return TABLES

    async def schema_version(self) -> int:
        return await self._db.schema_version()

    async def columns(self, table: str) -> tuple[str, ...]:
        _check_table(table)
        rows = await self._db.fetch_all(f"PRAGMA table_info({table})")
        return tuple(str(row["name"]) for row in rows)

    async def dump(self) -> dict[str, list[TransferRow]]:
        # One read transaction, one snapshot: the header's counts always match the rows, and
        # writers (the bot, another process) carry on meanwhile.
        out: dict[str, list[TransferRow]] = {}
        async with self._db.snapshot() as db:
            for table in TABLES:
                async with db.execute(f"SELECT * FROM {table} ORDER BY {TABLE_KEYS[table]}") as cur:
                    rows = await cur.fetchall()
                out[table] = [dict(zip(row.keys(), tuple(row), strict=True)) for row in rows]
        return out

    async def load(self, rows: Mapping[str, Sequence[TransferRow]]) -> None:
        unknown = sorted(set(rows) - set(TABLES))
        if unknown:
            raise TransferRefused(f"unknown table {unknown[0]!r}")
        columns = {table: await self.columns(table) for table in rows}
        try:
            await self._load(rows, columns)
        except sqlite3.Error as exc:  # a CHECK, UNIQUE or foreign key the rows break
            raise TransferRefused(f"the database rejected a row ({exc})") from exc

    async def _load(
        self, rows: Mapping[str, Sequence[TransferRow]], columns: Mapping[str, tuple[str, ...]]
    ) -> None:
        async with self._db.write() as db:
            for table in TABLES:
                async with db.execute(f"SELECT 1 FROM {table} LIMIT 1") as cur:
                    if await cur.fetchone() is not None:
                        raise TransferRefused(f"the database is not empty (table {table} has rows)")
            for table in TABLES:
                for start in range(0, len(rows.get(table, ())), _BATCH):
                    batch = rows[table][start : start + _BATCH]
                    for row in batch:
                        _check_columns(table, row, columns[table])
                    names = list(batch[0])
                    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
                    await db.executemany(sql, [tuple(row[name] for name in names) for row in batch])

    # ----------------------------------------------------------------- PrivacyStore

    async def forget_member(self, guild_id: int, user_id: int) -> ForgetResult:
        async with self._db.write() as db:
            deleted = await db.execute(
                "DELETE FROM answers WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
            anonymised = await db.execute(
                "UPDATE rounds SET starter_id = 0 WHERE guild_id = ? AND starter_id = ?", (guild_id, user_id)
            )
            reports = await db.execute(
                "DELETE FROM question_reports WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
            votes = await db.execute(
                "DELETE FROM feedback_votes WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
            cards = await db.execute("DELETE FROM review_cards WHERE user_id = ?", (user_id,))
            await db.execute("DELETE FROM review_sync WHERE user_id = ?", (user_id,))
            await db.execute(
                """DELETE FROM drill_answers
                   WHERE session_id IN (SELECT id FROM drill_sessions WHERE user_id = ?)""",
                (user_id,),
            )
            drills = await db.execute("DELETE FROM drill_sessions WHERE user_id = ?", (user_id,))
            plan_rows = 0  # a study plan is the member's, not a server's: forgotten everywhere
            for table in PLAN_TABLES:
                plan_rows += (await db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))).rowcount
            return ForgetResult(
                answers_deleted=deleted.rowcount,
                rounds_anonymised=anonymised.rowcount,
                reports_deleted=reports.rowcount,
                review_cards_deleted=cards.rowcount,
                drills_deleted=drills.rowcount,
                plan_rows_deleted=plan_rows,
                votes_deleted=votes.rowcount,
            )

    async def rows_naming_member(self, guild_id: int, user_id: int) -> int:
        row = await self._db.fetch_one(
            """SELECT (SELECT COUNT(*) FROM answers WHERE guild_id = ? AND user_id = ?)
                    + (SELECT COUNT(*) FROM rounds WHERE guild_id = ? AND starter_id = ?)
                    + (SELECT COUNT(*) FROM question_reports WHERE guild_id = ? AND user_id = ?)
                    + (SELECT COUNT(*) FROM feedback_votes WHERE guild_id = ? AND user_id = ?)
                    + (SELECT COUNT(*) FROM review_cards WHERE user_id = ?)
                    + (SELECT COUNT(*) FROM review_sync WHERE user_id = ?)
                    + (SELECT COUNT(*) FROM drill_sessions WHERE user_id = ?)
                    + (SELECT COUNT(*) FROM study_plans WHERE user_id = ?)
                    + (SELECT COUNT(*) FROM plan_activity WHERE user_id = ?)
                    + (SELECT COUNT(*) FROM plan_reminders WHERE user_id = ?)""",
            (*[guild_id, user_id] * 4, *[user_id] * 6),
        )
        return int(row[0]) if row else 0


def _check_table(table: str) -> None:
    if table not in TABLE_KEYS:
        raise TransferRefused(f"unknown table {table!r}")


def _check_columns(table: str, row: TransferRow, known: tuple[str, ...]) -> None:
    if set(row) != set(known):
        raise TransferRefused(f"a row of {table} has the columns {sorted(row)}, expected {sorted(known)}")
    for name, value in row.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
            raise TransferRefused(
                f"a row of {table} has {value!r} in {name} (whole numbers, text or null only)"
            )


# --------------------------------------------------------------------------- backup


async def backup_sqlite(source: str | Path, target: str | Path) -> None:
    """Copy the database at ``source`` to ``target`` with SQLite's online backup API: one
    consistent snapshot, while other connections keep writing.  ``target`` is written under a
    temporary name and renamed into place only once complete."""
    await asyncio.to_thread(_backup, str(source), str(target))


def _backup(source: str, target: str) -> None:
    if not os.path.isfile(source):
        raise FileNotFoundError(source)
    partial = f"{target}.partial"
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src:
            if os.path.exists(partial):
                os.remove(partial)
            with closing(sqlite3.connect(partial)) as dst:
                src.backup(dst)  # every page in one step: a single snapshot of the source
                dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal beside it
        os.replace(partial, target)
    except BaseException:
        with suppress(OSError):
            os.remove(partial)
        raise

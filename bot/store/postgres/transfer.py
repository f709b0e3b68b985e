"""Forgetting a member, and export/import of every table's rows, on PostgreSQL.

``PgPrivacyStore`` follows the SQLite rules exactly (``bot.store.transfer``): the member's
answers in the server are deleted and the rounds they started keep going without naming them.

``PgTransferStore`` speaks the SQLite row format (converted by ``row_format``), so an export
moves between the engines unchanged: the dump reads one REPEATABLE READ snapshot; the load
goes into an empty database in one transaction (tables locked against other writers, rows
copied with COPY), then moves each id sequence past the highest id loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from ..errors import TransferRefused
from ..records import ForgetResult, TransferRow
from ..transfer_tables import PLAN_TABLES, TABLE_KEYS, TABLES
from .database import PgDatabase, rowcount
from .row_format import ColumnType, convert_row

_COLUMNS_SQL = """SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
                  WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"""


class PgPrivacyStore:
    """Implements ``PrivacyStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def forget_member(self, guild_id: int, user_id: int) -> ForgetResult:
        async with self._db.write() as con:
            deleted = await con.execute(
                "DELETE FROM answers WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
            )
            anonymised = await con.execute(
                "UPDATE rounds SET starter_id = 0 WHERE guild_id = $1 AND starter_id = $2", guild_id, user_id
            )
            reports = await con.execute(
                "DELETE FROM question_reports WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
            )
            votes = await con.execute(
                "DELETE FROM feedback_votes WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
            )
            cards = await con.execute("DELETE FROM review_cards WHERE user_id = $1", user_id)
            await con.execute("DELETE FROM review_sync WHERE user_id = $1", user_id)
            await con.execute(
                """DELETE FROM drill_answers
                   WHERE session_id IN (SELECT id FROM drill_sessions WHERE user_id = $1)""",
                user_id,
            )
            drills = await con.execute("DELETE FROM drill_sessions WHERE user_id = $1", user_id)
            plan_rows = 0  # a study plan is the member's, not a server's: forgotten everywhere
            for table in PLAN_TABLES:
                plan_rows += rowcount(await con.execute(f"DELETE FROM {table} WHERE user_id = $1", user_id))
        return ForgetResult(
            answers_deleted=rowcount(deleted),
            rounds_anonymised=rowcount(anonymised),
            reports_deleted=rowcount(reports),
            review_cards_deleted=rowcount(cards),
            drills_deleted=rowcount(drills),
            plan_rows_deleted=plan_rows,
            votes_deleted=rowcount(votes),
        )

    async def rows_naming_member(self, guild_id: int, user_id: int) -> int:
        row = await self._db.fetch_one(
            """SELECT (SELECT COUNT(*) FROM answers WHERE guild_id = $1 AND user_id = $2)
                    + (SELECT COUNT(*) FROM rounds WHERE guild_id = $1 AND starter_id = $2)
                    + (SELECT COUNT(*) FROM question_reports WHERE guild_id = $1 AND user_id = $2)
                    + (SELECT COUNT(*) FROM feedback_votes WHERE guild_id = $1 AND user_id = $2)
                    + (SELECT COUNT(*) FROM review_cards WHERE user_id = $2)
                    + (SELECT COUNT(*) FROM review_sync WHERE user_id = $2)
                    + (SELECT COUNT(*) FROM drill_sessions WHERE user_id = $2)
                    + (SELECT COUNT(*) FROM study_plans WHERE user_id = $2)
                    + (SELECT COUNT(*) FROM plan_activity WHERE user_id = $2)
                    + (SELECT COUNT(*) FROM plan_reminders WHERE user_id = $2)""",
            guild_id,
            user_id,
        )
        return int(row[0]) if row else 0


class PgTransferStore:
    """Implements ``TransferStore`` (see the module docstring)."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    @property
    def tables(self) -> tuple[str, ...]:
        return TABLES

    async def schema_version(self) -> int:
        return await self._db.schema_version()

    async def columns(self, table: str) -> tuple[str, ...]:
        return tuple(await self._column_types(table))

    async def _column_types(self, table: str, con: Any = None) -> dict[str, ColumnType]:
        if table not in TABLE_KEYS:
            raise TransferRefused(f"unknown table {table!r}")
        rows = await (con.fetch(_COLUMNS_SQL, table) if con else self._db.fetch_all(_COLUMNS_SQL, table))
        return {str(name): ColumnType(table, str(name), str(pg_type)) for name, pg_type in rows}

    async def dump(self) -> dict[str, list[TransferRow]]:
        out: dict[str, list[TransferRow]] = {}
        async with self._db.snapshot() as con:
            for table in TABLES:
                columns = await self._column_types(table, con)
                records = await con.fetch(f"SELECT * FROM {table} ORDER BY {_order(table, columns)}")
                out[table] = [
                    {name: column.to_row(record[name]) for name, column in columns.items()}
                    for record in records
                ]
        return out

    async def load(self, rows: Mapping[str, Sequence[TransferRow]]) -> None:
        unknown = sorted(set(rows) - set(TABLES))
        if unknown:
            raise TransferRefused(f"unknown table {unknown[0]!r}")
        # Every value converted (or refused) before anything is written.
        columns = {table: await self._column_types(table) for table in TABLES}
        records = {
            table: [convert_row(row, columns[table]) for row in rows.get(table, ())] for table in TABLES
        }
        try:
            await self._load(records, columns)
        except asyncpg.PostgresError as exc:  # a CHECK, UNIQUE or foreign key the rows break
            raise TransferRefused(f"the database rejected a row ({_one_line(exc)})") from exc

    async def _load(
        self, records: Mapping[str, list[tuple[Any, ...]]], columns: Mapping[str, dict[str, ColumnType]]
    ) -> None:
        async with self._db.write() as con:
            # No other writer (nor a second import) between the emptiness check and the commit.
            await con.execute(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE")
            for table in TABLES:
                if await con.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):
                    raise TransferRefused(f"the database is not empty (table {table} has rows)")
            for table in TABLES:
                if records[table]:
                    await con.copy_records_to_table(
                        table, records=records[table], columns=list(columns[table])
                    )
            for table in TABLES:
                if "id" in columns[table]:
                    await _move_sequence(con, table)


def _order(table: str, columns: Mapping[str, ColumnType]) -> str:
    """The table's sort key, text compared byte by byte as SQLite does (not by the locale)."""
    keys = [key.strip() for key in TABLE_KEYS[table].split(",")]
    return ", ".join(f'{key} COLLATE "C"' if columns[key].pg_type == "text" else key for key in keys)


async def _move_sequence(con: Any, table: str) -> None:
    """The next id ``table`` hands out is one past the highest there (1 when it is empty)."""
    sequence = await con.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
    if sequence is not None:
        await con.execute(
            f"SELECT setval($1::regclass, GREATEST(COALESCE(MAX(id), 0) + 1, 1), false) FROM {table}",
            sequence,
        )


def _one_line(exc: asyncpg.PostgresError) -> str:
    detail = getattr(exc, "detail", None)
    return " ".join(f"{exc} {detail or ''}".split())

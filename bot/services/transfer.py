"""Export and import of every table as JSON lines, over any ``TransferStore``.

The first line is a header::

    {"format": "certcoach-jsonl", "format_version": 1, "schema_version": 5,
     "tables": {"guild_settings": 3, "ask_channels": 1, ...}}

then one line per row, tables in load order and rows by primary key::

    {"table": "rounds", "row": {"id": 1, "guild_id": 42, ...}}

An import goes into an empty database of the same schema version only, in one transaction, and
checks the header's row counts against the lines read: a file cut short is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from bot.store.interface import TransferRefused, TransferStore
from bot.store.records import TransferRow

FORMAT = "certcoach-jsonl"
FORMAT_VERSION = 1


class TransferError(Exception):
    """An export or import that cannot be done; the message is one sentence for the user."""


async def export_lines(store: TransferStore) -> Iterator[str]:
    """The header and every row, each one JSON line (without its newline)."""
    tables = await store.dump()
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": await store.schema_version(),
        "tables": {table: len(tables[table]) for table in store.tables},
    }
    lines = [_dumps(header)]
    for table in store.tables:
        lines.extend(_dumps({"table": table, "row": row}) for row in tables[table])
    return iter(lines)


async def import_lines(store: TransferStore, lines: Iterable[str]) -> dict[str, int]:
    """Load an export into ``store`` (empty, same schema); the row counts loaded per table."""
    numbered = ((number, line) for number, line in enumerate(lines, start=1) if line.strip())
    first = next(numbered, None)
    if first is None:
        raise TransferError("the file is empty (no header line)")
    header = _parse(first[0], first[1])
    expected = _check_header(header, await store.schema_version(), store.tables)
    rows: dict[str, list[TransferRow]] = {table: [] for table in store.tables}
    for number, line in numbered:
        record = _parse(number, line)
        table, row = record.get("table"), record.get("row")
        if table not in rows or not isinstance(row, dict):
            raise TransferError(f"line {number} is not a row of a known table")
        rows[str(table)].append(row)
    loaded = {table: len(table_rows) for table, table_rows in rows.items()}
    if loaded != expected:
        raise TransferError(f"the rows in the file ({loaded}) do not match its header ({expected})")
    try:
        await store.load(rows)
    except TransferRefused as exc:
        raise TransferError(str(exc)) from exc
    return loaded


def _check_header(header: dict[str, Any], schema: int, tables: tuple[str, ...]) -> dict[str, int]:
    if header.get("format") != FORMAT:
        raise TransferError(f"the first line is not a {FORMAT} header")
    if header.get("format_version") != FORMAT_VERSION:
        raise TransferError(f"format version {header.get('format_version')} is not {FORMAT_VERSION}")
    if header.get("schema_version") != schema:
        raise TransferError(
            f"the export is of schema version {header.get('schema_version')}, the database is at {schema}"
            " (export and import with the same CertCoach version)"
        )
    counts = header.get("tables")
    if not isinstance(counts, dict) or set(counts) != set(tables):
        raise TransferError("the header's table list does not match this schema")
    return {table: int(counts[table]) for table in tables}


def _parse(number: int, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise TransferError(f"line {number} is not JSON ({exc.msg})") from exc
    if not isinstance(value, dict):
        raise TransferError(f"line {number} is not a JSON object")
    return value


def _dumps(value: dict[str, Any]) -> str:
    # ASCII only: no line separators or odd encodings can split or mangle a line.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))

"""PostgreSQL values to and from the engine-neutral row format of an export (``TransferRow``).

The row format is what SQLite stores (``bot.store.transfer``): whole numbers, text or null;
times as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC), dates as ``YYYY-MM-DD``, booleans as 0/1 and a
round's question ids as the JSON list the SQLite store writes.  Each conversion is exact both
ways: a value that would not come back as the very same text or number (a time in another
spelling, a number too big for its column, text PostgreSQL cannot hold) is refused with a
sentence rather than changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from ..errors import TransferRefused
from ..records import TransferRow

_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # the SQLite store's (bot.store.database)
_RANGES = {"integer": 2**31, "bigint": 2**63}

Value = int | str | None


class ColumnType:
    """One column's PostgreSQL type and its two conversions."""

    def __init__(self, table: str, name: str, pg_type: str) -> None:
        if pg_type not in _TO_ROW:
            raise TransferRefused(f"{table}.{name} has the type {pg_type}, which an export cannot hold")
        self.table, self.name, self.pg_type = table, name, pg_type

    def to_row(self, value: Any) -> Value:
        return None if value is None else _TO_ROW[self.pg_type](value)

    def from_row(self, value: object) -> Any:
        if value is None:
            return None
        try:
            return _FROM_ROW[self.pg_type](value)
        except (TypeError, ValueError) as exc:
            raise TransferRefused(
                f"a row of {self.table} has {value!r} in {self.name} ({_EXPECTED[self.pg_type]})"
            ) from exc


def _time_to_row(value: datetime) -> str:
    return value.astimezone(UTC).strftime(_TIME_FORMAT)


def _array_to_row(value: list[str]) -> str:
    return json.dumps(list(value))  # as the SQLite store writes question_ids


_TO_ROW: dict[str, Callable[[Any], Value]] = {
    "integer": int,
    "bigint": int,
    "text": str,
    "boolean": lambda value: int(bool(value)),
    "timestamp with time zone": _time_to_row,
    "date": lambda value: value.isoformat(),
    "text[]": _array_to_row,
}


def _whole(pg_type: str) -> Callable[[object], int]:
    def convert(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(value)
        if not -_RANGES[pg_type] <= value < _RANGES[pg_type]:
            raise ValueError(value)
        return value

    return convert


def _text(value: object) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise TypeError(value)
    value.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError
    return value


def _boolean(value: object) -> bool:
    if isinstance(value, bool) or value not in (0, 1):
        raise ValueError(value)
    return value == 1


def _exact(parse: Callable[[str], Any], render: Callable[[Any], str]) -> Callable[[object], Any]:
    """``parse`` a text that ``render`` gives back unchanged (else the value is refused)."""

    def convert(value: object) -> Any:
        parsed = parse(_text(value))
        if render(parsed) != value:
            raise ValueError(value)
        return parsed

    return convert


def _parse_time(text: str) -> datetime:
    return datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=UTC)


def _parse_array(text: str) -> list[str]:
    items = json.loads(text)
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError(text)
    return [_text(item) for item in items]


_FROM_ROW: dict[str, Callable[[object], Any]] = {
    "integer": _whole("integer"),
    "bigint": _whole("bigint"),
    "text": _text,
    "boolean": _boolean,
    "timestamp with time zone": _exact(_parse_time, _time_to_row),
    "date": _exact(date.fromisoformat, date.isoformat),
    "text[]": _exact(_parse_array, _array_to_row),
}

_EXPECTED = {
    "integer": "a whole number from -2147483648 to 2147483647",
    "bigint": "a whole number that fits in 64 bits",
    "text": "text without NUL characters",
    "boolean": "0 or 1",
    "timestamp with time zone": "a UTC time written YYYY-MM-DDTHH:MM:SS.ffffffZ",
    "date": "a date written YYYY-MM-DD",
    "text[]": "a JSON list of texts as CertCoach writes it",
}


def convert_row(row: TransferRow, columns: dict[str, ColumnType]) -> tuple[Any, ...]:
    """The row's values in ``columns`` order, as PostgreSQL takes them."""
    if set(row) != set(columns):
        table = next(iter(columns.values())).table
        raise TransferRefused(f"a row of {table} has the columns {sorted(row)}, expected {sorted(columns)}")
    return tuple(column.from_row(row[name]) for name, column in columns.items())

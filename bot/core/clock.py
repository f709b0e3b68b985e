"""Time as the bot stores and compares it: aware UTC datetimes.

Every layer that accepts a datetime from outside passes it through :func:`as_utc`, so "a naive
datetime means UTC" is decided in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(dt: datetime) -> datetime:
    """``dt`` as an aware UTC datetime (a naive one is taken to be UTC already)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC (the default clock of the services)."""
    return datetime.now(UTC)

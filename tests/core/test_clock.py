"""The one 'naive means UTC' helper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from bot.core.clock import as_utc, utcnow


def test_naive_is_taken_as_utc():
    assert as_utc(datetime(2026, 1, 1, 12, 0)) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def test_aware_is_converted_to_utc():
    plus_two = timezone(timedelta(hours=2))
    converted = as_utc(datetime(2026, 1, 1, 12, 0, tzinfo=plus_two))
    assert converted == datetime(2026, 1, 1, 10, 0, tzinfo=UTC) and converted.tzinfo is UTC


def test_utcnow_is_aware():
    assert utcnow().tzinfo is UTC

"""Fixtures for the store tests: a fresh database file per test."""

from __future__ import annotations

import pytest

from bot.store import open_store


@pytest.fixture
async def store(tmp_path):
    s = await open_store(tmp_path / "db.sqlite3")
    yield s
    await s.close()

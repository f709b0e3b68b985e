"""Fixtures for the store tests: a fresh database per test, on each engine (see tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.store import open_store


@pytest.fixture
async def store(db_location):
    s = await open_store(db_location)
    yield s
    await s.close()

"""Fixtures for the service tests: small banks, a settable clock, the real store on each engine, and
each service wired as ``bot.wiring`` wires it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.banks.loader import load_banks
from bot.services.daily import DailyService
from bot.services.guild_settings import GuildSettingsService
from bot.services.rounds import RoundsService
from bot.services.stats import StatsService
from bot.store import open_store

from .helpers import Clock, QuizServices, build_quiz_services, write_banks


@pytest.fixture
def library(tmp_path):
    return load_banks(write_banks(tmp_path / "quizzes"))


@pytest.fixture
def clock():
    return Clock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))  # 09:00 in New York (EST)


@pytest.fixture
async def store(db_location):
    s = await open_store(db_location)
    yield s
    await s.close()


@pytest.fixture
def svc(store, library, clock) -> QuizServices:
    return build_quiz_services(store, library, clock)


@pytest.fixture
def rounds(svc) -> RoundsService:
    return svc.rounds


@pytest.fixture
def daily(svc) -> DailyService:
    return svc.daily


@pytest.fixture
def stats(svc) -> StatsService:
    return svc.stats


@pytest.fixture
def guild_settings(svc) -> GuildSettingsService:
    return svc.guild_settings

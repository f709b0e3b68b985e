"""Mock exams in the console on the shipped banks and blueprints with a fake clock: start a
quarter CPC, answer by letter, back, next, flag, flagged, submit, the report with the missed
questions, history; the clock and pace at each question; bad input gets a friendly message."""

from __future__ import annotations

import asyncio
import random
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.console.app import build_console
from bot.core.banks.loader import load_banks
from bot.core.blueprints.loader import load_blueprints
from bot.store import open_store
from bot.wiring import build_quiz_services
from tests.conftest import QUIZZES_DIR, ROOT
from tests.services.helpers import Clock


@pytest.fixture
async def setup(tmp_path, knowledge):
    store = await open_store(tmp_path / "db.sqlite3")
    clock = Clock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    services = build_quiz_services(
        store,
        load_banks(QUIZZES_DIR),
        clock=clock,
        rng=random.Random(5),
        blueprints=load_blueprints(ROOT / "blueprints"),
        chart_dir=tmp_path / "charts",
    )
    console = build_console(knowledge=knowledge, exams=services.exams, charts=services.charts)
    yield console, services.exams, clock
    await store.close()


def number(out: str) -> int:
    return int(re.search(r"Question (\d+)/25", out).group(1))


async def test_a_quarter_cpc_mock_from_start_to_report(setup, tmp_path):
    console, exams, clock = setup
    out = await console.handle("/exam start CPC quarter")
    assert "25 questions, 60 min" in out and "Question 1/25" in out and "1 h 00 min left · on pace" in out
    assert "already have" in await console.handle("/exam start CCS")
    for n in range(1, 25):
        clock.advance(seconds=90)
        view = await exams.resume(1)
        letter = view.question.answer_letter if n % 2 else "E" if len(view.question.choices) == 5 else "A"
        out = await console.handle(letter.lower())
        assert number(out) == n + 1
    assert "ahead by" in out  # 90 s a question against CPC's 144
    out = await console.handle("flag")
    assert "Flagged for review." in out and "1 flagged" in out
    out = await console.handle("back")
    assert number(out) == 24 and "Your answer:" in out
    assert number(await console.handle("/exam resume")) == 24
    out = await console.handle("/exam flagged")
    assert number(out) == 25
    assert number(await console.handle("next")) == 25  # the last question stays
    out = await console.handle("submit")
    assert "CPC mock exam:" in out and "Area" in out and "Missed questions (1/" in out
    assert "Right:" in out and "Source:" in out and "Trend" in out and "1 unanswered" in out
    chart = Path(re.search(r"Accuracy per area \(chart\): (\S+)$", out).group(1))
    assert chart.parent == tmp_path / "charts"
    assert (await asyncio.to_thread(chart.read_bytes))[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Mock exam history" in (hist := await console.handle("/exam history"))
    assert "#1" in hist and "CPC" in hist
    assert "CPC mock exam:" in await console.handle("/exam report 1")
    assert "no mock exam running" in await console.handle("/exam next")


async def test_friendly_errors_and_usage(setup):
    console, _, _ = setup
    assert (await console.handle("/exam")).startswith("Usage: /exam start")
    assert "from 5 to 100" in await console.handle("/exam start CPC 200")
    assert "no mock exam for 'XYZ'" in await console.handle("/exam start XYZ")
    assert "not one of your finished attempts" in await console.handle("/exam report 9")
    await console.handle("/exam start CPC 5")
    assert "letters" in await console.handle("/exam z")

"""/stats in the console: the readiness line, and /stats chart writing PNGs under the data dir."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.config import Settings
from bot.console.app import build_console
from bot.console.identity import CONSOLE_CHANNEL, CONSOLE_USER
from bot.wiring import build_app

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings(), db_path=tmp_path / "db" / "console.sqlite3")


async def test_stats_readiness_and_chart_files(settings, tmp_path, monkeypatch):
    app = await build_app(settings)
    try:
        console = build_console(
            knowledge=app.knowledge, rounds=app.rounds, banks=app.banks, stats=app.stats,
            readiness=app.readiness, charts=app.charts, plans=app.plans, member_name="ann",
        )  # fmt: skip
        assert "No exam practice yet" in await console.handle("/stats chart")
        await console.handle("/quiz start CPC 4 60")
        for _ in range(4):
            rnd = await app.rounds.active_round(CONSOLE_CHANNEL)
            rq = await app.rounds.open_question(rnd.id)
            await console.handle(rq.question.answer_letter)
        out = await console.handle("/stats")
        assert "Answered 4, correct 4 (100%)" in out
        assert "CPC readiness" in out and "Not enough data yet: answer" in out
        assert "or take a mock exam" in out and "Type /stats chart" in out

        out = await console.handle("/stats chart")
        assert out.startswith("CPC accuracy per area: ")
        path = tmp_path / "db" / "charts" / "cpc-area-accuracy.png"
        assert out.endswith(str(path))
        assert path.read_bytes()[:8] == PNG_MAGIC
        assert "mock exam" not in out  # no mock exams: no trend chart
        assert "Study plan" not in out

        exam_day = (datetime.now(UTC) + timedelta(days=30)).date()
        await app.plans.set_plan(CONSOLE_USER, "CPC", exam_day.isoformat(), 6, "UTC")
        out = await console.handle("/stats")
        assert "Study plan" in out and "30 day(s) to go" in out
        assert re.search(r"Week 1 of \d+: 0 of \d+ questions done", out)  # earlier answers don't count
        asked: list[date | None] = []
        draw = app.charts.score_trend

        async def spy(report, exam_day=None):
            asked.append(exam_day)
            return await draw(report, exam_day=exam_day)

        monkeypatch.setattr(app.charts, "score_trend", spy)
        await console.handle("/stats chart")
        assert asked == [exam_day]  # the plan's exam day is marked on the score trend
        assert await console.handle("/stats chart ccs") == "No practice for CCS yet. Exams with data: CPC."
    finally:
        await app.close()

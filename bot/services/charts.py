"""The /stats and mock-exam report charts as PNG bytes, drawn off the event loop.

Each render runs in a worker thread (``asyncio.to_thread``: matplotlib blocks for tens of
milliseconds) behind a semaphore of :data:`MAX_RENDERS`, so a burst of /stats on a 2-core host
queues instead of starving the bot. matplotlib itself is imported by the first render
(``chart_render``), never at start-up.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from bot.core.banks.domains import domain_title

from .chart_render import AreaBar, TrendPoint, render_area_accuracy, render_score_trend
from .exam_views import ExamReport as MockExamReport
from .readiness import ExamReport

MAX_RENDERS = 2  # charts drawn at once (the host has 2 cores; the bot needs one)
EXAM_CHART_FILE = "exam-areas.png"  # the name a mock exam report's chart is attached under


def area_bars(report: ExamReport) -> list[AreaBar]:
    return [AreaBar(d.title, d.accuracy, d.answered) for d in report.areas if d.answered]


def attempt_bars(report: MockExamReport) -> list[AreaBar]:
    """One bar per area the attempt asked, its accuracy in that attempt."""
    return [AreaBar(domain_title(a.domain), a.right / a.asked, a.asked) for a in report.areas if a.asked]


def trend_points(report: ExamReport) -> list[TrendPoint]:
    return [TrendPoint(a.submitted_at, a.percent) for a in report.attempts]


class ChartService:
    def __init__(self, out_dir: Path, *, max_renders: int = MAX_RENDERS) -> None:
        self.out_dir = out_dir  # where the console writes its charts
        self._slots = asyncio.Semaphore(max_renders)

    async def area_accuracy(self, report: ExamReport) -> bytes | None:
        """Accuracy per area of the report's exam; None when the member has no answers there."""
        bars = area_bars(report)
        if not bars:
            return None
        title = f"{report.exam}: accuracy per area"
        async with self._slots:
            return await asyncio.to_thread(render_area_accuracy, title, bars, report.blueprint.pass_percent)

    async def exam_areas(self, report: MockExamReport) -> bytes | None:
        """A mock exam attempt's accuracy per area against the blueprint's pass mark; None when
        the attempt asked nothing."""
        bars = attempt_bars(report)
        if not bars:
            return None
        title = f"{report.summary.exam} mock exam #{report.attempt_id}: accuracy per area"
        async with self._slots:
            return await asyncio.to_thread(render_area_accuracy, title, bars, report.pass_percent)

    async def score_trend(self, report: ExamReport, exam_day: date | None = None) -> bytes | None:
        """Mock-exam scores over time; None without a submitted mock exam."""
        points = trend_points(report)
        if not points:
            return None
        title = f"{report.exam}: mock exam scores"
        async with self._slots:
            return await asyncio.to_thread(
                render_score_trend, title, points, report.blueprint.pass_percent, exam_day
            )

    async def save(self, name: str, png: bytes) -> Path:
        """Write a chart under ``out_dir`` (the console's way to show one) and return its path."""
        path = self.out_dir / name
        await asyncio.to_thread(_write, path, png)
        return path


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)

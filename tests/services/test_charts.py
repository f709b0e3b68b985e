"""ChartService and the renderer: real PNGs, drawn in worker threads, a few at a time."""

from __future__ import annotations

import asyncio
import struct
import threading
from datetime import UTC, date, datetime, timedelta

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.exams.scoring import AreaResult, Trend
from bot.core.stats import Streaks
from bot.services import charts as charts_module
from bot.services.chart_render import DPI, WIDTH_IN, AreaBar, render_area_accuracy
from bot.services.charts import ChartService, area_bars, attempt_bars
from bot.services.exam_views import ExamReport as MockExamReport
from bot.services.practice import ExamAttemptSummary
from bot.services.readiness import ReadinessService
from bot.services.stats import DomainStats, MemberStats

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BP = Blueprint(
    "CPC", "CPC", 100, 240, 70, "t", (AreaShare("cpc.icd10cm", 60, "t"), AreaShare("cpc.anatomy", 40, "t"))
)
T0 = datetime(2026, 10, 1, tzinfo=UTC)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    return width, height


class History:
    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        weeks = [T0 + timedelta(days=7 * i) for i in range(3)]
        return [
            ExamAttemptSummary(i, user_id, "CPC", at, at + timedelta(hours=4), 60 + 5 * i, 100, i > 1, ())
            for i, at in enumerate(weeks)
        ]


async def report(history=None):
    domains = (DomainStats("cpc.icd10cm", "ICD-10-CM", 12, 9), DomainStats("cpc.anatomy", "Anatomy", 5, 2))
    stats = MemberStats(1, 17, 11, 0, Streaks(), domains, None)
    (r,) = await ReadinessService({"CPC": BP}, history).reports(stats)
    return r


async def test_area_chart_is_a_png_with_one_bar_per_answered_area(tmp_path):
    r = await report()
    assert [(b.label, b.answered) for b in area_bars(r)] == [("ICD-10-CM", 12), ("Anatomy", 5)]
    png = await ChartService(tmp_path).area_accuracy(r)
    width, height = png_size(png)
    assert width == int(WIDTH_IN * DPI) and height > 100
    # More areas, a taller chart (each bar keeps its height).
    many = render_area_accuracy("t", [AreaBar(f"area {i}", i / 20, i) for i in range(17)], 70)
    assert png_size(many)[1] > 2 * height


async def test_trend_needs_mock_exams_and_marks_the_exam_day(tmp_path):
    service = ChartService(tmp_path)
    assert await service.score_trend(await report()) is None
    r = await report(History())
    plain = await service.score_trend(r)
    with_day = await service.score_trend(r, exam_day=date(2026, 12, 20))
    assert png_size(plain)[0] == png_size(with_day)[0]
    assert plain != with_day  # the exam day is drawn
    path = await service.save("cpc-trend.png", with_day)
    assert path == tmp_path / "cpc-trend.png" and path.read_bytes() == with_day


async def test_no_bars_no_chart(tmp_path):
    stats = MemberStats(1, 0, 0, 0, Streaks(), (), None)
    (r,) = await ReadinessService({"CPC": BP}, History()).reports(stats)
    assert await ChartService(tmp_path).area_accuracy(r) is None


async def test_renders_run_in_worker_threads_at_most_max_renders_at_once(tmp_path, monkeypatch):
    running, peak, threads = 0, 0, set()
    lock = threading.Lock()
    release = threading.Event()

    def slow_render(title, bars, pass_percent):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
            threads.add(threading.current_thread() is threading.main_thread())
        release.wait(5)
        with lock:
            running -= 1
        return PNG_MAGIC

    monkeypatch.setattr(charts_module, "render_area_accuracy", slow_render)
    service = ChartService(tmp_path, max_renders=2)
    r = await report()
    tasks = [asyncio.create_task(service.area_accuracy(r)) for _ in range(5)]
    await asyncio.sleep(0.2)  # the loop stays free while renders run: this sleep returns
    assert peak == 2
    release.set()
    assert await asyncio.gather(*tasks) == [PNG_MAGIC] * 5
    assert peak == 2 and threads == {False}


def mock_report(areas: tuple[AreaResult, ...]) -> MockExamReport:
    summary = ExamAttemptSummary(3, 1, "CPC", T0, T0 + timedelta(hours=1), 5, 10, False, ())
    return MockExamReport(
        summary=summary,
        title="CPC mock exam",
        pass_percent=70,
        pass_note="",
        timed_out=False,
        seconds_per_question=144,
        areas=areas,
        slowest=(),
        trend=Trend(None, None, 0),
        missed=(),
        unanswered=0,
        seconds_spent=600.0,
    )


async def test_exam_report_chart_has_a_bar_per_asked_area_against_the_pass_mark(tmp_path, monkeypatch):
    areas = (
        AreaResult("cpc.icd10cm", 4, 6, 300.0),
        AreaResult("cpc.anatomy", 1, 4, 300.0),
        AreaResult("cpc.hcpcs", 0, 0, 0.0),  # not asked: no bar
    )
    assert [(b.label, b.accuracy, b.answered) for b in attempt_bars(mock_report(areas))] == [
        ("ICD-10-CM", 4 / 6, 6),
        ("Anatomy", 0.25, 4),
    ]
    drawn: list[tuple[str, int, float]] = []

    def spy(title: str, bars, pass_percent: float) -> bytes:
        drawn.append((title, len(bars), pass_percent))
        return render_area_accuracy(title, bars, pass_percent)

    monkeypatch.setattr(charts_module, "render_area_accuracy", spy)
    png = await ChartService(tmp_path).exam_areas(mock_report(areas))
    assert png is not None and png[:8] == PNG_MAGIC
    assert drawn == [("CPC mock exam #3: accuracy per area", 2, 70)]
    assert await ChartService(tmp_path).exam_areas(mock_report(())) is None

"""What the /stats charts cost: render time and the process's memory, in one run.

    .venv/bin/python -m benchmarks.bench_charts [--renders 50]

Prints, side by side: resident memory (RSS from /proc) with the bot's modules imported and no
chart drawn (matplotlib not loaded), after the first chart (matplotlib loaded), and after
``--renders`` of each chart and
``3 * --renders`` more (where it levels off); the first render's time (the import included); the median and
p99 of the next renders of the area-accuracy chart (17 CPC areas) and of the mock-exam trend
(8 mocks and the exam day); and, through ChartService (worker threads, two at a time), a burst
of 10 charts: its wall time and the event loop's longest stall meanwhile (a 5 ms ticker), so
the loop stays free while charts are drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms  p99 {p99 * 1000:6.1f} ms  (n={len(ordered)})"


def timed(fn, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(count):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


async def burst(report, count: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds for ``count`` concurrent area charts, the loop's longest stall in seconds)."""
    from bot.services.charts import ChartService

    service = ChartService(out_dir=None)  # type: ignore[arg-type]  # nothing is saved
    stall, done = 0.0, False

    async def ticker() -> None:
        nonlocal stall
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            stall = max(stall, time.perf_counter() - before - 0.005)

    tick = asyncio.create_task(ticker())
    start = time.perf_counter()
    await asyncio.gather(*(service.area_accuracy(report) for _ in range(count)))
    wall = time.perf_counter() - start
    done = True
    await tick
    return wall, stall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=50)
    args = parser.parse_args()

    import bot.discord_app.client
    import bot.wiring  # noqa: F401
    from bot.config import Settings
    from bot.core.blueprints.loader import load_blueprints
    from bot.core.stats import Streaks
    from bot.services.chart_render import render_area_accuracy, render_score_trend
    from bot.services.charts import area_bars, trend_points
    from bot.services.practice import ExamAttemptSummary
    from bot.services.readiness import ReadinessService
    from bot.services.stats import DomainStats, MemberStats

    assert "matplotlib" not in sys.modules
    rss_idle = rss_mb()

    cpc = load_blueprints(Settings().blueprints_dir)["CPC"]
    domains = tuple(DomainStats(a.domain, a.domain, 10 + 3 * i, 5 + 2 * i) for i, a in enumerate(cpc.areas))
    member = MemberStats(1, sum(d.answered for d in domains), 0, 0, Streaks(), domains, None)
    t0 = datetime(2026, 9, 1, tzinfo=UTC)

    class Mocks:
        async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
            days = [t0 + timedelta(days=6 * i) for i in range(8)]
            return [
                ExamAttemptSummary(i, 1, "CPC", d, d, 55 + 3 * i, 100, i > 4, ()) for i, d in enumerate(days)
            ]

    (report,) = asyncio.run(ReadinessService({"CPC": cpc}, Mocks()).reports(member))
    bars, points = area_bars(report), trend_points(report)
    exam_day = date(2026, 11, 30)

    def area() -> bytes:
        return render_area_accuracy("CPC: accuracy per area", bars, cpc.pass_percent)

    def trend() -> bytes:
        return render_score_trend("CPC: mock exam scores", points, cpc.pass_percent, exam_day)

    (first,) = timed(area, 1)
    rss_first = rss_mb()
    area_times = timed(area, args.renders)
    trend_times = timed(trend, args.renders)
    rss_after = rss_mb()
    timed(area, 3 * args.renders)
    rss_plateau = rss_mb()
    wall, stall = asyncio.run(burst(report, 10))

    print(
        f"area chart: {len(bars)} bars, {len(area())} bytes; trend: {len(points)} mocks, {len(trend())} bytes"
    )
    print(f"{'':34}{'RSS MB':>8}")
    rows = [
        ("bot imported, no chart drawn", rss_idle),
        ("after the first chart", rss_first),
        (f"after {args.renders} of each chart", rss_after),
        (f"after {3 * args.renders} more area charts", rss_plateau),
    ]
    for label, value in rows:
        growth = f"   (+{value - rss_idle:.1f})" if value is not rss_idle else ""
        print(f"{label:34}{value:8.1f}{growth}")
    print(f"first render (matplotlib import included): {first * 1000:.0f} ms")
    print(f"area accuracy chart:  {summary(area_times)}")
    print(f"mock trend chart:     {summary(trend_times)}")
    print(f"first render / area median: {first / statistics.median(area_times):.1f}x")
    print(f"10 area charts through ChartService (2 at a time): {wall * 1000:.0f} ms wall, "
          f"longest event-loop stall {stall * 1000:.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

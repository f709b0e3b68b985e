"""Drawing the /stats charts as PNG bytes with matplotlib (blocking: call it from a worker
thread, as :class:`bot.services.charts.ChartService` does).

matplotlib is imported inside the render functions, never at module level: a bot nobody asks
for a chart never loads it (about 30 MB and a few hundred milliseconds). The figures are built
with ``matplotlib.figure.Figure`` and the Agg canvas directly, not ``pyplot``, so no global
figure state is shared between renders.

Colours: an opaque neutral grey card (#4a4d55) with near-white text. Discord shows images on
its dark (#313338) and light (#ffffff) themes; a transparent PNG would need outlined text to be
legible on both, which blurs small labels, while one opaque card looks the same everywhere and
its contrast can be checked once: white on #4a4d55 is about 8:1, the secondary grey text about
5:1, both above WCAG AA. Bars at or above the pass mark are blue, below it orange (a pair
that stays apart for the common colour-vision deficiencies), and each bar is labelled with its
figure, so nothing depends on colour alone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

CARD = "#4a4d55"
TEXT = "#ffffff"
MUTED = "#d0d3d8"
GRID = "#6b6f78"
ABOVE = "#6cb4ee"
BELOW = "#f5a05a"
EXAM_DAY = "#c8a2f0"
WIDTH_IN = 7.0
DPI = 110
MAX_LABEL = 40


@dataclass(frozen=True, slots=True)
class AreaBar:
    label: str
    accuracy: float  # 0-1
    answered: int


@dataclass(frozen=True, slots=True)
class TrendPoint:
    when: datetime
    percent: float  # 0-100


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _figure(height_in: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, facecolor=CARD)
    axes = figure.add_subplot(facecolor=CARD)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GRID)
    axes.tick_params(colors=MUTED, labelsize=9)
    return figure, axes


def _png(figure: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor=CARD)
    return out.getvalue()


def render_area_accuracy(title: str, bars: Sequence[AreaBar], pass_percent: float) -> bytes:
    """Accuracy per area as horizontal bars (weakest at the top), the pass mark as a line."""
    figure, axes = _figure(1.3 + 0.34 * max(1, len(bars)))
    ordered = sorted(bars, key=lambda b: (-b.accuracy, b.label))  # barh draws bottom-up
    y = list(range(len(ordered)))
    values = [100 * b.accuracy for b in ordered]
    colours = [ABOVE if v >= pass_percent else BELOW for v in values]
    axes.barh(y, values, color=colours, height=0.65)
    axes.set_yticks(y, [_short(b.label) for b in ordered], color=TEXT)
    for row, (value, bar) in enumerate(zip(values, ordered, strict=True)):
        axes.text(value + 1, row, f"{value:.0f}% of {bar.answered}", va="center", color=TEXT, fontsize=8)
    axes.axvline(pass_percent, color=TEXT, linestyle="--", linewidth=1.2)
    axes.text(pass_percent, len(ordered) - 0.35, f" pass {pass_percent:.0f}%", color=TEXT, fontsize=8)
    axes.set_xlim(0, 115)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel("accuracy (%)", color=MUTED)
    axes.set_ylim(-0.6, len(ordered) - 0.1)
    axes.set_title(title, color=TEXT, loc="left", fontsize=11)
    figure.tight_layout()
    return _png(figure)


def render_score_trend(
    title: str, points: Sequence[TrendPoint], pass_percent: float, exam_day: date | None = None
) -> bytes:
    """Mock-exam scores over time with the pass mark and, when given, the exam day marked."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    figure, axes = _figure(3.4)
    ordered = sorted(points, key=lambda p: p.when)
    xs = [date2num(p.when) for p in ordered]
    ys = [p.percent for p in ordered]
    axes.plot(xs, ys, color=ABOVE, linewidth=2, marker="o", markersize=6)
    for x, value in zip(xs, ys, strict=True):
        axes.annotate(
            f"{value:.0f}%",
            (x, value),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            color=TEXT,
            fontsize=8,
        )
    axes.axhline(pass_percent, color=TEXT, linestyle="--", linewidth=1.2)
    axes.text(
        0.01,
        pass_percent + 1.5,
        f"pass {pass_percent:.0f}%",
        color=TEXT,
        fontsize=8,
        transform=axes.get_yaxis_transform(),
    )
    if exam_day is not None:
        day = date2num(datetime(exam_day.year, exam_day.month, exam_day.day))
        axes.axvline(day, color=EXAM_DAY, linewidth=1.5)
        axes.text(day, 3, " exam day", color=EXAM_DAY, fontsize=8)
        xs = [*xs, day]
    if xs:
        low, high = min(xs), max(xs)
        margin = max(1.0, (high - low) * 0.08)
        axes.set_xlim(low - margin, high + margin)
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylim(0, 105)
    axes.set_ylabel("score (%)", color=MUTED)
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    axes.set_title(title, color=TEXT, loc="left", fontsize=11)
    figure.tight_layout()
    return _png(figure)

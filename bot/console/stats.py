"""Score commands in the console: /stats, /stats chart [EXAM] and /leaderboard [week|month|all]
[daily|quiz]. The console cannot show an image: /stats chart writes the PNGs under the data
directory and prints their paths."""

from __future__ import annotations

from ..cards.plans import stats_line
from ..cards.stats import leaderboard_card, stats_card
from ..services.charts import ChartService
from ..services.plans import PlanService, PlanView
from ..services.readiness import ExamReport, ReadinessService
from ..services.review import ReviewService
from ..services.stats import StatsService
from .commands import Handler, Render
from .identity import CONSOLE_GUILD, CONSOLE_USER

PERIODS = ("week", "month", "all")
KINDS = ("daily", "quiz")
CHART_HINT = "Type /stats chart for the chart of accuracy per area (a PNG file)."


class StatsCommands:
    def __init__(
        self,
        stats: StatsService,
        render: Render,
        member_name: str,
        *,
        readiness: ReadinessService | None = None,
        charts: ChartService | None = None,
        review: ReviewService | None = None,
        plans: PlanService | None = None,
    ) -> None:
        self.stats = stats
        self.review = review  # /stats says how many review cards are due
        self.plans = plans  # ... and how the study plan goes (its exam day marks the trend chart)
        self.render = render
        self.member_name = member_name
        self.readiness = readiness
        self.charts = charts

    def commands(self) -> dict[str, Handler]:
        return {"stats": self.member_stats, "leaderboard": self.leaderboard}

    async def _reports(self) -> tuple[str, list[ExamReport], PlanView | None]:
        stats = await self.stats.member_stats(CONSOLE_GUILD, CONSOLE_USER)
        reports = await self.readiness.reports(stats) if self.readiness else []
        due = await self.review.due_count(CONSOLE_USER) if self.review is not None else None
        plan = await self.plans.current(CONSOLE_USER) if self.plans is not None else None
        line = stats_line(plan) if plan is not None else None
        card = stats_card(stats, self.member_name, reports, review_due=due, plan_line=line)
        return self.render(card), reports, plan

    async def member_stats(self, args: list[str]) -> str:
        if args and args[0].lower() == "chart":
            return await self.chart(args[1:])
        text, reports, _ = await self._reports()
        if self.charts is not None and any(r.chartable for r in reports):
            text += "\n" + CHART_HINT
        return text

    async def chart(self, args: list[str]) -> str:
        """Write the area chart (and the mock-exam trend when there are mocks) of one exam."""
        _, reports, plan = await self._reports()
        if self.charts is None or not reports:
            return "No exam practice yet: answer some exam questions (/quiz start CPC) first."
        wanted = args[0].upper() if args else reports[0].exam
        report = next((r for r in reports if r.exam == wanted), None)
        if report is None:
            known = ", ".join(r.exam for r in reports)
            return f"No practice for {wanted} yet. Exams with data: {known}."
        lines = []
        area = await self.charts.area_accuracy(report)
        if area is not None:
            path = await self.charts.save(f"{report.exam.lower()}-area-accuracy.png", area)
            lines.append(f"{report.exam} accuracy per area: {path}")
        exam_day = plan.record.exam_date if plan is not None and plan.record.exam == report.exam else None
        trend = await self.charts.score_trend(report, exam_day=exam_day)
        if trend is not None:
            path = await self.charts.save(f"{report.exam.lower()}-mock-trend.png", trend)
            lines.append(f"{report.exam} mock exam scores: {path}")
        return "\n".join(lines) or f"Nothing to draw for {report.exam} yet."

    async def leaderboard(self, args: list[str]) -> str:
        words = [a.lower() for a in args]
        period = next((w for w in words if w in PERIODS), "week")
        kind = next((w for w in words if w in KINDS), "all")
        rows = await self.stats.leaderboard(CONSOLE_GUILD, period=period, kind=kind)
        return self.render(leaderboard_card(rows, period, kind))

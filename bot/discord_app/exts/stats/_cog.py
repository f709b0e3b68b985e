"""Scores: /leaderboard and /stats (with exam readiness and the area-accuracy chart)."""

from __future__ import annotations

import io
import logging

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.plans import stats_line
from ....cards.stats import CHART_FILE, leaderboard_card, stats_card
from ....services.charts import ChartService
from ....services.plans import PlanService
from ....services.readiness import ExamReport, ReadinessService
from ....services.review import ReviewService
from ....services.stats import StatsService
from ...embeds import card_to_embed
from ...members import display_name
from ._format import KIND_CHOICES, PERIOD_CHOICES

log = logging.getLogger("certcoach.stats")
NO_PINGS = discord.AllowedMentions.none()


class StatsCog(commands.Cog, name="Stats"):
    def __init__(
        self,
        stats: StatsService,
        readiness: ReadinessService,
        charts: ChartService,
        review: ReviewService | None = None,
        plans: PlanService | None = None,
    ) -> None:
        self.stats = stats
        self.readiness = readiness
        self.charts = charts
        self.review = review  # your own /stats says how many review cards are due
        self.plans = plans  # ... and how your study plan goes

    @app_commands.command(name="leaderboard", description="Top members by points")
    @app_commands.guild_only()
    @app_commands.choices(period=PERIOD_CHOICES, kind=KIND_CHOICES)
    async def leaderboard(
        self, interaction: discord.Interaction, period: str = "week", kind: str = "all"
    ) -> None:
        assert interaction.guild_id is not None
        rows = await self.stats.leaderboard(interaction.guild_id, period=period, kind=kind)
        await interaction.response.send_message(embed=card_to_embed(leaderboard_card(rows, period, kind)))

    @app_commands.command(
        name="stats", description="Answers, accuracy, streaks, weakest exam area and exam readiness"
    )
    @app_commands.guild_only()
    @app_commands.describe(member="Whose stats (default: yours)")
    async def member_stats(
        self, interaction: discord.Interaction, member: discord.User | None = None
    ) -> None:
        assert interaction.guild_id is not None
        who = member or interaction.user
        private = member is None
        stats = await self.stats.member_stats(interaction.guild_id, who.id)
        # Mock exams and review cards are private: someone else's stats (shown in the channel)
        # leave them out.
        own = who.id == interaction.user.id
        reports = await self.readiness.reports(stats, mocks=own)
        due = await self.review.due_count(who.id) if own and self.review is not None else None
        plan = await self.plans.current(who.id) if own and self.plans is not None else None
        line = stats_line(plan) if plan is not None else None
        drawn = next((r for r in reports if r.chartable), None)
        if drawn is None:  # nothing to draw: answer at once
            card = stats_card(stats, display_name(who), reports, review_due=due, plan_line=line)
            await interaction.response.send_message(
                embed=card_to_embed(card), ephemeral=private, allowed_mentions=NO_PINGS
            )
            return
        # The first chart loads matplotlib (about a second): acknowledge before drawing.
        await interaction.response.defer(ephemeral=private, thinking=True)
        png = await self._chart(drawn)
        chart = CHART_FILE if png else ""
        card = stats_card(stats, display_name(who), reports, chart=chart, review_due=due, plan_line=line)
        embed = card_to_embed(card)
        if png is None:
            await interaction.followup.send(embed=embed, ephemeral=private, allowed_mentions=NO_PINGS)
            return
        file = discord.File(io.BytesIO(png), filename=CHART_FILE)
        await interaction.followup.send(embed=embed, file=file, ephemeral=private, allowed_mentions=NO_PINGS)

    async def _chart(self, report: ExamReport) -> bytes | None:
        """The area chart, or None if drawing failed (the stats still go out, without it)."""
        try:
            return await self.charts.area_accuracy(report)
        except Exception:
            log.exception("could not draw the %s area chart", report.exam)
            return None

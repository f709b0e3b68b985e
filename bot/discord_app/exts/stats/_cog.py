"""Scores: /leaderboard and /stats."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.stats import leaderboard_card, stats_card
from ....services.review import ReviewService
from ....services.stats import StatsService
from ...embeds import card_to_embed
from ...members import display_name
from ._format import KIND_CHOICES, PERIOD_CHOICES


class StatsCog(commands.Cog, name="Stats"):
    def __init__(self, stats: StatsService, review: ReviewService | None = None) -> None:
        self.stats = stats
        self.review = review  # your own /stats says how many review cards are due

    @app_commands.command(name="leaderboard", description="Top members by points")
    @app_commands.guild_only()
    @app_commands.choices(period=PERIOD_CHOICES, kind=KIND_CHOICES)
    async def leaderboard(
        self, interaction: discord.Interaction, period: str = "week", kind: str = "all"
    ) -> None:
        assert interaction.guild_id is not None
        rows = await self.stats.leaderboard(interaction.guild_id, period=period, kind=kind)
        await interaction.response.send_message(embed=card_to_embed(leaderboard_card(rows, period, kind)))

    @app_commands.command(name="stats", description="Answers, accuracy, streaks and weakest exam area")
    @app_commands.guild_only()
    @app_commands.describe(member="Whose stats (default: yours)")
    async def member_stats(
        self, interaction: discord.Interaction, member: discord.User | None = None
    ) -> None:
        assert interaction.guild_id is not None
        who = member or interaction.user
        stats = await self.stats.member_stats(interaction.guild_id, who.id)
        own = who.id == interaction.user.id
        due = await self.review.due_count(who.id) if own and self.review is not None else None
        await interaction.response.send_message(
            embed=card_to_embed(stats_card(stats, display_name(who), due)), ephemeral=member is None
        )

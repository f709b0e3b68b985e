"""/reports list, /reports retire, /reports restore (Manage Server), and the Report button's
registration so clicks on reveals posted before a restart still open the form."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.reports import reports_card
from ....services.errors import QuizError
from ....services.reports import ReportsService
from ...embeds import card_to_embed
from ...report_button import ReportButton


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class ReportsCog(
    commands.GroupCog, name="Reports", group_name="reports", group_description="Reports of bad questions"
):
    def __init__(self, bot: commands.Bot | commands.AutoShardedBot, reports: ReportsService) -> None:
        super().__init__()
        self.bot = bot
        self.reports = reports

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReportButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReportButton)

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.command(name="list", description="The most-reported questions, with the latest reasons")
    async def list_reports(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        listed = await self.reports.list_reports(interaction.guild_id)
        await interaction.response.send_message(embed=card_to_embed(reports_card(listed)), ephemeral=True)

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.command(name="retire", description="Never draw this question again in this server")
    @app_commands.describe(question_id="The question's id, as /reports list shows it")
    async def retire(self, interaction: discord.Interaction, question_id: str) -> None:
        assert interaction.guild_id is not None
        try:
            message = await self.reports.retire(interaction.guild_id, question_id)
        except QuizError as exc:
            message = exc.message
        await interaction.response.send_message(message, ephemeral=True)

    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.command(name="restore", description="Put a retired question back in this server's rotation")
    @app_commands.describe(question_id="The retired question's id")
    async def restore(self, interaction: discord.Interaction, question_id: str) -> None:
        assert interaction.guild_id is not None
        message = await self.reports.restore(interaction.guild_id, question_id)
        await interaction.response.send_message(message, ephemeral=True)

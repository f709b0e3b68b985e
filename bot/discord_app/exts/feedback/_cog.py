"""/unanswered (Manage Server, private): the server's queue of declined and "not helpful"
questions, and the registration of the vote and queue buttons, so the buttons of messages sent
before a restart keep working."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.feedback import unanswered_card
from ....services.feedback import FeedbackService
from ...embeds import card_to_embed
from ._views import QueueButton, VoteButton, queue_view


class FeedbackCog(commands.Cog, name="Feedback"):
    def __init__(self, bot: commands.Bot | commands.AutoShardedBot, feedback: FeedbackService) -> None:
        self.bot = bot
        self.feedback = feedback

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(VoteButton, QueueButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(VoteButton, QueueButton)

    @app_commands.command(
        name="unanswered",
        description="Questions the bot declined or answered unhelpfully here, most asked first",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def unanswered(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        page = await self.feedback.page(interaction.guild_id)
        await interaction.response.send_message(
            embed=card_to_embed(unanswered_card(page)), view=queue_view(page), ephemeral=True
        )

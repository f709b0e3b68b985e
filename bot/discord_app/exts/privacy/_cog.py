"""Privacy: /forget-me with a confirmation button, /forget-member for moderators."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ....services.privacy import PrivacyService
from ._format import BAD_ID, CONFIRM, forgotten_member, parse_user_id
from ._view import ConfirmForget


class PrivacyCog(commands.Cog, name="Privacy"):
    def __init__(self, privacy: PrivacyService, *, confirm_timeout: float = 120.0) -> None:
        self.privacy = privacy
        self.confirm_timeout = confirm_timeout

    @app_commands.command(name="forget-me", description="Delete all your CertCoach data in this server")
    @app_commands.guild_only()
    async def forget_me(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        view = ConfirmForget(
            self.privacy, interaction.guild_id, interaction.user.id, timeout=self.confirm_timeout
        )
        view.origin = interaction
        await interaction.response.send_message(CONFIRM, view=view, ephemeral=True)

    @app_commands.command(
        name="forget-member", description="Delete a (departed) member's data in this server"
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(user_id="The member's user id (Developer Mode: right-click, Copy User ID)")
    async def forget_member(self, interaction: discord.Interaction, user_id: str) -> None:
        assert interaction.guild_id is not None
        target = parse_user_id(user_id)
        if target is None:
            await interaction.response.send_message(BAD_ID, ephemeral=True)
            return
        result = await self.privacy.forget(interaction.guild_id, target)
        await interaction.response.send_message(forgotten_member(result), ephemeral=True)

"""Server settings: /config ask-channel (Manage Server)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ...shared import AskChannels
from ._format import ask_channel_message


class GuildSettingsCog(commands.Cog, name="GuildSettings"):
    config_group = app_commands.Group(
        name="config",
        description="Server settings (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, ask_channels: AskChannels, *, message_content: bool) -> None:
        self.ask_channels = ask_channels  # shared with the knowledge listener, which reads them
        self.message_content = message_content

    @config_group.command(name="ask-channel", description="Answer every question posted in a channel")
    @app_commands.describe(channel="The channel", enabled="On (default) or off")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def config_ask_channel(
        self, interaction: discord.Interaction, channel: discord.TextChannel, enabled: bool = True
    ) -> None:
        assert interaction.guild_id is not None
        if enabled:
            await self.ask_channels.add(interaction.guild_id, channel.id)
        else:
            await self.ask_channels.remove(interaction.guild_id, channel.id)
        await interaction.response.send_message(
            ask_channel_message(channel.mention, enabled=enabled, message_content=self.message_content),
            ephemeral=True,
        )

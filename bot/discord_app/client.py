"""The Discord bot: intents, mentions policy, command sync and the error handler."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

if TYPE_CHECKING:
    from ..config import Settings
    from ..wiring import App

log = logging.getLogger("certcoach.discord")

FRIENDLY_FAILURE = (
    "Sorry, something went wrong on my side while answering. It has been logged; please try again."
)


class CertCoachTree(app_commands.CommandTree):
    """Turns every command failure into a friendly ephemeral reply (and logs real errors)."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            message = "You need the **Manage Server** permission to use this command."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "This command only works in a server, not in DMs."
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use this command here."
        elif isinstance(error, app_commands.TransformerError):
            message = f"I couldn't understand {error.value!r} for that option."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed", command, exc_info=error)
            message = FRIENDLY_FAILURE
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Reply privately whether or not the interaction was already acknowledged."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send an error reply for interaction %s", interaction.id)


class CertCoachBot(commands.Bot):
    def __init__(self, settings: Settings, services: App, **options) -> None:
        intents = discord.Intents.default()
        # Privileged: only needed to answer every message in ask channels; mentions and DMs
        # carry their content without it.
        intents.message_content = settings.message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=CertCoachTree,
            help_command=None,
            # Never ping @everyone, @here, roles or users from text the bot echoes.
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.services = services

    async def setup_hook(self) -> None:
        from .cogs.knowledge import KnowledgeCog

        await self.add_cog(KnowledgeCog(self, self.services))
        await self._add_optional_cogs()
        if self.settings.dev_guild:
            # Development: guild commands update instantly. Never sync in on_ready.
            guild = discord.Object(id=self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to development guild %s", len(synced), self.settings.dev_guild)

    async def _add_optional_cogs(self) -> None:
        """Cogs that need the store (quizzes) join when the services provide it."""
        if getattr(self.services, "rounds", None) is not None:
            from .cogs.quiz import setup_quiz_cogs

            await setup_quiz_cogs(self, self.services)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: cogs listen to messages themselves (mentions, DMs, answers)."""

    async def on_ready(self) -> None:
        user = self.user
        log.info("connected as %s (id %s) in %d server(s)", user, user.id if user else "?", len(self.guilds))


def create_bot(settings: Settings, services: App, **options) -> CertCoachBot:
    """The bot; ``options`` go to discord.py's Client (tests pass a short guild_ready_timeout)."""
    return CertCoachBot(settings, services, **options)

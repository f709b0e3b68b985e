"""Knowledge commands and free-form questions (mentions, DMs, ask channels)."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ...core.answers import Card
from ...core.cooldown import Cooldown
from ...services.help import help_card
from ...services.knowledge import PATHS
from ..embeds import card_to_embed, clip_message

if TYPE_CHECKING:
    from ...wiring import App

log = logging.getLogger("certcoach.knowledge")

PATH_CHOICES = [
    app_commands.Choice(name="Outpatient (physician offices, clinics)", value="outpatient"),
    app_commands.Choice(name="Inpatient (hospitals)", value="inpatient"),
    app_commands.Choice(name="Payer (insurance companies, health plans)", value="payer"),
    app_commands.Choice(name="Risk adjustment (HCC)", value="risk-adjustment"),
]
assert {c.value for c in PATH_CHOICES} == set(PATHS)

MAX_ECHO = 300


def _echo(question: str) -> str:
    """The member's question, quoted back above a slash-command answer."""
    flat = re.sub(r"\s+", " ", question).strip()
    if len(flat) > MAX_ECHO:
        flat = flat[: MAX_ECHO - 1] + "…"
    return clip_message(f"**Q:** {flat}")


class KnowledgeCog(commands.Cog, name="Knowledge"):
    def __init__(self, bot: commands.Bot, services: App) -> None:
        self.bot = bot
        self.knowledge = services.knowledge
        self.services = services
        self.cooldown = Cooldown(bot.settings.cooldown_seconds)  # type: ignore[attr-defined]
        self._ask_channels: dict[int, frozenset[int]] = {}  # guild -> channels, cached

    # ------------------------------------------------------------------ slash commands

    async def _reply(
        self,
        interaction: discord.Interaction,
        card: Card,
        *,
        content: str | None = None,
        ephemeral: bool = False,
    ) -> None:
        await interaction.response.send_message(
            content=content, embed=card_to_embed(card), ephemeral=ephemeral
        )

    async def _credential_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.knowledge.autocomplete(current[:100])
        ]

    @app_commands.command(name="ask", description="Ask a question about medical-coding certifications")
    @app_commands.describe(question="For example: how many CEUs do I need for the CPC?")
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 1000]) -> None:
        verdict = self.cooldown.hit(interaction.user.id)
        if not verdict.allowed:
            await interaction.response.send_message(
                f"Slow down a little: you can ask again in {max(1, round(verdict.retry_after))} s.",
                ephemeral=True,
            )
            return
        result = self.knowledge.ask(question)
        log.debug(
            "ask route=%s topic=%s score=%s", result.route.kind, result.route.topic_id, result.route.score
        )
        await self._reply(interaction, result.card, content=_echo(question))

    @app_commands.command(name="compare", description="Compare two certifications side by side")
    @app_commands.describe(first="A credential, e.g. CPC", second="Another credential, e.g. CCS")
    @app_commands.autocomplete(first=_credential_autocomplete, second=_credential_autocomplete)
    async def compare(
        self,
        interaction: discord.Interaction,
        first: app_commands.Range[str, 1, 100],
        second: app_commands.Range[str, 1, 100],
    ) -> None:
        card = self.knowledge.compare(first, second)
        await self._reply(interaction, card, ephemeral=not card.matched)

    @app_commands.command(name="cert", description="Everything about one certification")
    @app_commands.describe(name="A credential, e.g. CRC or Certified Inpatient Coder")
    @app_commands.autocomplete(name=_credential_autocomplete)
    async def cert(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        card = self.knowledge.cert(name)
        await self._reply(interaction, card, ephemeral=not card.matched)

    @app_commands.command(name="certs", description="Overview of the coding certifications")
    async def certs(self, interaction: discord.Interaction) -> None:
        await self._reply(interaction, self.knowledge.certs())

    @app_commands.command(name="path", description="Which certification fits the setting you want to work in")
    @app_commands.describe(setting="Where you want to code")
    @app_commands.choices(setting=PATH_CHOICES)
    async def path(self, interaction: discord.Interaction, setting: app_commands.Choice[str]) -> None:
        await self._reply(interaction, self.knowledge.path(setting.value))

    @app_commands.command(name="help", description="What CertCoach can do")
    async def help(self, interaction: discord.Interaction) -> None:
        card = help_card(quizzes=getattr(self.services, "rounds", None) is not None)
        await self._reply(interaction, card, ephemeral=True)

    # ------------------------------------------------------------------ free-form messages

    def _addressed(self, message: discord.Message) -> bool:
        me = self.bot.user
        if message.guild is None:
            return True
        if me is not None and me in message.mentions:
            return True
        return False

    async def _in_ask_channel(self, message: discord.Message) -> bool:
        guild_settings = getattr(self.services, "guild_settings", None)
        if guild_settings is None or message.guild is None:
            return False
        channels = self._ask_channels.get(message.guild.id)
        if channels is None:
            channels = frozenset(await guild_settings.ask_channels(message.guild.id))
            self._ask_channels[message.guild.id] = channels
        return message.channel.id in channels

    def forget_ask_channels(self, guild_id: int) -> None:
        """Called when /config ask-channel changes a server's ask channels."""
        self._ask_channels.pop(guild_id, None)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        addressed = self._addressed(message)
        if not addressed and not await self._in_ask_channel(message):
            return
        question = self._strip_mention(message.content)
        if not question:
            if addressed:
                await message.reply(
                    "Hi! Ask me about coding certifications, e.g. *how many CEUs do I need for the CPC?* "
                    "or use /help.",
                    mention_author=False,
                )
            return
        quiz_cog = self.bot.get_cog("Quiz")
        if not addressed and quiz_cog is not None and quiz_cog.round_running(message.channel.id):
            return  # during a round, chat in the channel is for answers (the quiz cog's)
        verdict = self.cooldown.hit(message.author.id)
        if not verdict.allowed:
            if verdict.warn and addressed:
                await message.reply(
                    f"Slow down a little: ask again in {max(1, round(verdict.retry_after))} s.",
                    mention_author=False,
                )
            return
        result = self.knowledge.ask(question)
        if not result.route.matched and not addressed:
            return  # in ask channels, stay quiet rather than decline every chat message
        log.debug(
            "message route=%s topic=%s score=%s", result.route.kind, result.route.topic_id, result.route.score
        )
        await message.reply(embed=card_to_embed(result.card), mention_author=False)

    def _strip_mention(self, content: str) -> str:
        me = self.bot.user
        if me is not None:
            content = re.sub(rf"<@!?{me.id}>", " ", content)
        return content.strip()

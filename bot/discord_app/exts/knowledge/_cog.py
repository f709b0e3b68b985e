"""Knowledge commands and free-form questions (mentions, DMs, ask channels)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.codes import code_answer_card
from ....cards.help import help_card
from ....cards.knowledge import (
    answer_card,
    cert_card,
    certs_overview_card,
    comparison_card,
    path_card,
    sources_card,
)
from ....cards.model import Card
from ....core.cooldown import Cooldown
from ....services.codes import CodesService
from ....services.feedback import FeedbackService
from ....services.knowledge import AskResult, KnowledgeService
from ...embeds import card_to_embed
from ...shared import AskChannels
from ..feedback import vote_buttons
from ._format import GREETING, PATH_CHOICES, echo, strip_mention
from ._sources import bind_sources, sources_items
from ._views import answer_view

log = logging.getLogger("certcoach.knowledge")
NONE = discord.AllowedMentions.none()
SOURCES_HELP = "List every source of the answer, each with its date"


def _no_round(channel_id: int) -> bool:
    return False


class KnowledgeCog(commands.Cog, name="Knowledge"):
    def __init__(
        self,
        bot: commands.Bot | commands.AutoShardedBot,
        knowledge: KnowledgeService,
        *,
        cooldown_seconds: float,
        ask_channels: AskChannels | None = None,
        round_running: Callable[[int], bool] = _no_round,
        quizzes: bool = False,
        codes: CodesService | None = None,
        feedback: FeedbackService | None = None,
    ) -> None:
        self.bot = bot
        self.knowledge = knowledge
        self.cooldown = Cooldown(cooldown_seconds)
        self.ask_channels = ask_channels  # None: no store, so no ask channels
        self.round_running = round_running  # during a round, chat in its channel is for answers
        self.quizzes = quizzes  # whether /help lists the quiz commands
        self.codes = codes  # answers the code questions the router sends to the code tools
        self.feedback = feedback  # queues declined questions for the server's moderators
        self.sources_item = bind_sources(self.on_sources)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(self.sources_item)  # old answers' Sources buttons keep working

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(self.sources_item)

    async def on_sources(self, interaction: discord.Interaction, key: str) -> None:
        """A Sources button: every source of that answer, privately."""
        card = sources_card(self.knowledge.kb, key)
        await interaction.response.send_message(
            embed=card_to_embed(card), ephemeral=True, allowed_mentions=NONE
        )

    # ------------------------------------------------------------------ slash commands

    async def _reply(
        self,
        interaction: discord.Interaction,
        card: Card,
        *,
        content: str | None = None,
        ephemeral: bool = False,
        all_sources: bool = False,
    ) -> None:
        """Send ``card``; with ``all_sources``, its full source list follows privately (as the
        Sources button shows it: the answer itself stays short)."""
        items = sources_items(card, self.sources_item)
        await interaction.response.send_message(
            content=content,
            embed=card_to_embed(card),
            ephemeral=ephemeral,
            view=answer_view(items) if items else discord.utils.MISSING,
        )
        if all_sources and card.sources_key:
            full = sources_card(self.knowledge.kb, card.sources_key)
            await interaction.followup.send(embed=card_to_embed(full), ephemeral=True, allowed_mentions=NONE)

    async def _credential_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in self.knowledge.autocomplete(current[:100])
        ]

    async def _answer(self, result: AskResult, how: str) -> Card:
        route = result.route
        log.debug("%s route=%s topic=%s score=%s", how, route.kind, route.topic_id, route.score)
        if route.code is not None and self.codes is not None:
            return code_answer_card(await self.codes.answer(route.code))
        return answer_card(self.knowledge.kb, result)

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
        if result.route.code is not None and self.codes is not None and not self.codes.loaded:
            await interaction.response.defer(thinking=True)  # the code data's first load
            card = await self._answer(result, "ask")
            await interaction.followup.send(content=echo(question), embed=card_to_embed(card))
            return
        card = await self._answer(result, "ask")
        await self._reply(interaction, card, content=echo(question))
        if not result.route.matched:
            await self._queue_declined(interaction.guild_id, question)

    @app_commands.command(name="compare", description="Compare two certifications side by side")
    @app_commands.describe(
        first="A credential, e.g. CPC", second="Another credential, e.g. CCS", sources=SOURCES_HELP
    )
    @app_commands.autocomplete(first=_credential_autocomplete, second=_credential_autocomplete)
    async def compare(
        self,
        interaction: discord.Interaction,
        first: app_commands.Range[str, 1, 100],
        second: app_commands.Range[str, 1, 100],
        sources: bool = False,
    ) -> None:
        card = comparison_card(self.knowledge.kb, self.knowledge.compare(first, second))
        await self._reply(interaction, card, ephemeral=not card.matched, all_sources=sources)

    @app_commands.command(name="cert", description="Everything about one certification")
    @app_commands.describe(name="A credential, e.g. CRC or Certified Inpatient Coder", sources=SOURCES_HELP)
    @app_commands.autocomplete(name=_credential_autocomplete)
    async def cert(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100], sources: bool = False
    ) -> None:
        card = cert_card(self.knowledge.kb, self.knowledge.cert(name))
        await self._reply(interaction, card, ephemeral=not card.matched, all_sources=sources)

    @app_commands.command(name="certs", description="Overview of the coding certifications")
    async def certs(self, interaction: discord.Interaction) -> None:
        await self._reply(interaction, certs_overview_card(self.knowledge.kb, self.knowledge.certs()))

    @app_commands.command(name="path", description="Which certification fits the setting you want to work in")
    @app_commands.describe(setting="Where you want to code", sources=SOURCES_HELP)
    @app_commands.choices(setting=PATH_CHOICES)
    async def path(
        self, interaction: discord.Interaction, setting: app_commands.Choice[str], sources: bool = False
    ) -> None:
        card = path_card(self.knowledge.kb, self.knowledge.path(setting.value))
        await self._reply(interaction, card, all_sources=sources)

    @app_commands.command(name="help", description="What CertCoach can do")
    async def help(self, interaction: discord.Interaction) -> None:
        await self._reply(interaction, help_card(quizzes=self.quizzes), ephemeral=True)

    # ------------------------------------------------------------------ free-form messages

    def _addressed(self, message: discord.Message) -> bool:
        me = self.bot.user
        if message.guild is None:
            return True
        return me is not None and me in message.mentions

    async def _in_ask_channel(self, message: discord.Message) -> bool:
        if self.ask_channels is None or message.guild is None:
            return False
        return await self.ask_channels.contains(message.guild.id, message.channel.id)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        addressed = self._addressed(message)
        if not addressed and not await self._in_ask_channel(message):
            return
        me = self.bot.user
        question = strip_mention(message.content, me.id if me is not None else None)
        if not question:
            if addressed:
                await message.reply(GREETING, mention_author=False)
            return
        if not addressed and self.round_running(message.channel.id):
            return  # the round's typed answers (the rounds extension's)
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
        card = await self._answer(result, "message")
        view = answer_view([*sources_items(card, self.sources_item), *vote_buttons(result.route.topic_id)])
        await message.reply(embed=card_to_embed(card), mention_author=False, view=view)
        if not result.route.matched:
            await self._queue_declined(message.guild.id if message.guild else None, question)

    async def _queue_declined(self, guild_id: int | None, question: str) -> None:
        """After the reply (the member does not wait for it): best effort, never an error."""
        if self.feedback is None:
            return
        try:
            await self.feedback.declined(guild_id, question)
        except Exception:
            log.warning("could not queue a declined question", exc_info=True)

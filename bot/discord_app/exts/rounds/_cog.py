"""Quiz rounds in a channel: /quiz start, /quiz stop, /quiz banks, answer buttons and typed
answers. The rules live in the rounds service; the round loop in :mod:`._runner`.

After start-up recovery, and then about once per lease time, the cog takes over the rounds of
its guilds whose holder died (``RecoveryService.take_over``) and resumes them the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.banks import banks_card
from ....cards.rounds import reveal_card, round_feedback, standings_card
from ....services.banks import BanksService
from ....services.errors import QuizError
from ....services.ownership import GuildFilter, OwnershipService
from ....services.posts import PostsService
from ....services.recovery import RecoveryPlan, RecoveryService
from ....services.rounds import MAX_COUNT, MAX_SECONDS, MIN_COUNT, MIN_SECONDS, RoundsService
from ...answer_buttons import record_click
from ...channels import ChannelPoster
from ...embeds import card_to_embed
from ...exam_choices import EXAM_CHOICES
from ...members import display_name, is_moderator
from ...recovery import StartupRecovery
from ...report_button import report_view
from ...shared import BackgroundTasks, RunningRounds
from ._format import bank_choices, domain_choices, start_message, typed_reaction
from ._runner import RoundRunner
from ._views import round_buttons

log = logging.getLogger("certcoach.quiz")


class RoundsCog(commands.Cog, name="Rounds"):
    quiz_group = app_commands.Group(name="quiz", description="Quiz rounds in this channel", guild_only=True)

    def __init__(
        self,
        bot: commands.Bot | commands.AutoShardedBot,
        rounds: RoundsService,
        banks: BanksService,
        posts: PostsService,
        *,
        running: RunningRounds,
        recovery: StartupRecovery,
        takeover: RecoveryService,
        ownership: OwnershipService,
        guilds: GuildFilter,
    ) -> None:
        self.bot = bot
        self.rounds = rounds
        self.banks = banks
        self.running = running
        self.recovery = recovery
        self.takeover = takeover
        self.guilds = guilds  # the guilds of this process's shards
        self.takeover_every = ownership.ttl.total_seconds()
        self._caught_up: set[int] = set()  # rounds whose pending posts this process made
        self.poster = ChannelPoster(bot)
        self.buttons = round_buttons(self._on_click)
        self.posts = posts
        self.runner = RoundRunner(
            rounds,
            posts,
            self.poster,
            running,
            self.buttons,
            ownership=ownership,
            typed_answers=bot.intents.message_content,
        )
        self._background = BackgroundTasks()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(self.buttons.item)
        self._background.spawn(self._recover())

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(self.buttons.item)
        self.runner.cancel_all()
        self._background.cancel_all()

    def round_running(self, channel_id: int) -> bool:
        return self.running.is_running(channel_id)

    @property
    def pause_between(self) -> float:
        """Seconds between a reveal and the next question (tests set 0)."""
        return self.runner.pause_between

    @pause_between.setter
    def pause_between(self, seconds: float) -> None:
        self.runner.pause_between = seconds

    async def _recover(self) -> None:
        """After a restart: resume the rounds still running, announce the ones that expired;
        then, about once per lease time, take over the rounds whose holder died."""
        await self.bot.wait_until_ready()
        plan = await self.recovery.plan()
        if plan is not None:
            await self._resume(plan)
        while True:
            await asyncio.sleep(self.takeover_every)
            try:
                plan = await self.takeover.take_over(guilds=self.guilds)
            except Exception:
                log.exception("taking over rounds failed")
                continue
            await self._resume(plan)

    async def _owns(self, round_id: int) -> bool:
        """A round whose pending posts this process is to make: not one it is running (its
        runner posts them) nor one it tried already (a send that fails is not retried every
        turn), and one it owns."""
        if self.runner.runs(round_id) or round_id in self._caught_up:
            return False
        if not await self.takeover.owns_round(round_id, self.guilds):
            return False
        self._caught_up.add(round_id)
        return True

    async def _resume(self, plan: RecoveryPlan) -> None:
        try:
            # First what the previous owner committed but may not have posted (it reveals the
            # questions whose reveal was under way), then the rounds go on.
            for reveal in await self.posts.pending_round_reveals(self._owns):
                await self.runner.announce(reveal)
                if reveal.summary.round_finished:
                    await self.takeover.release_round(reveal.question.round_id)
            for left in await self.posts.pending_round_standings(self._owns):
                await self.runner.post(left.intent, standings_card(left.standings, left.finish_reason))
                await self.takeover.release_round(left.round_id)
            for rnd in plan.resume_rounds:
                self.runner.start(rnd.id, rnd.channel_id)
            for end in plan.finished_rounds:
                intent = await self.posts.round_standings(end.round.id, end.round.channel_id)
                if intent is not None:
                    await self.runner.post(intent, standings_card(end.standings, end.round.finish_reason))
                await self.takeover.release_round(end.round.id)
        except Exception:
            log.exception("resuming rounds failed")

    # ------------------------------------------------------------------ commands

    @quiz_group.command(name="start", description="Start a quiz round in this channel")
    @app_commands.describe(
        exam="Only questions for this exam",
        domain="Only one exam area",
        bank="Only one question bank",
        questions=f"How many questions ({MIN_COUNT}-{MAX_COUNT})",
        seconds=f"Seconds per question ({MIN_SECONDS}-{MAX_SECONDS})",
    )
    @app_commands.choices(exam=EXAM_CHOICES)
    async def quiz_start(  # noqa: PLR0917 - Discord passes each option positionally
        self,
        interaction: discord.Interaction,
        exam: str | None = None,
        domain: str | None = None,
        bank: str | None = None,
        questions: app_commands.Range[int, 1, 50] = 10,
        seconds: app_commands.Range[int, 10, 300] = 30,
    ) -> None:
        assert interaction.guild_id is not None and interaction.channel_id is not None
        try:
            rnd = await self.rounds.start_round(
                interaction.guild_id,
                interaction.channel_id,
                interaction.user.id,
                exam=exam,
                domain=domain,
                bank=bank,
                count=questions,
                seconds=seconds,
            )
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        typed = self.bot.intents.message_content
        await interaction.response.send_message(
            start_message(rnd.total, rnd.seconds, exam=exam, domain=domain, bank=bank, typed_answers=typed)
        )
        self.runner.start(rnd.id, interaction.channel_id)

    @quiz_start.autocomplete("domain")
    async def _domain_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return domain_choices(current)

    @quiz_start.autocomplete("bank")
    async def _bank_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return bank_choices(self.banks.banks_overview(), current)

    @quiz_group.command(name="stop", description="Stop the quiz in this channel (starter or moderator)")
    async def quiz_stop(self, interaction: discord.Interaction) -> None:
        assert interaction.channel_id is not None
        rnd = await self.rounds.active_round(interaction.channel_id)
        if rnd is None:
            await interaction.response.send_message("No quiz is running in this channel.", ephemeral=True)
            return
        try:
            end = await self.rounds.stop_round(
                rnd.id, interaction.user.id, is_moderator=is_moderator(interaction)
            )
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await self.runner.stop(interaction.channel_id)
        embeds = []
        view = discord.utils.MISSING
        if end.closed_question is not None:
            embeds.append(card_to_embed(reveal_card(end.closed_question)))
            view = report_view(end.closed_question.question.id)  # the reveal's Report button
        embeds.append(card_to_embed(standings_card(end.standings, "stopped")))
        await interaction.response.send_message(embeds=embeds, view=view)

    @quiz_group.command(name="banks", description="Question banks and their counts per exam area")
    async def quiz_banks(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=card_to_embed(banks_card(self.banks.banks_overview())), ephemeral=True
        )

    # ------------------------------------------------------------------ answers

    async def _on_click(self, interaction: discord.Interaction, rq_id: int, choice: int) -> None:
        """An answer button under a round question (``cc:r:<rq_id>:<choice>``)."""
        work = self.rounds.answer(rq_id, interaction.user.id, display_name(interaction.user), choice)
        result = await record_click(interaction, work, round_feedback, f"r:{rq_id}:{choice}")
        if result is not None and result.reveal_now:
            self.runner.reveal_soon(rq_id)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Typed answers ("B", or the answer text) during a round in this channel."""
        if message.author.bot or message.guild is None or not self.running.is_running(message.channel.id):
            return
        if not message.content:
            return
        try:
            result = await self.rounds.answer_typed(
                message.channel.id, message.author.id, display_name(message.author), message.content
            )
        except QuizError:
            return
        if result is None:
            return
        with contextlib.suppress(discord.HTTPException):
            await message.add_reaction(typed_reaction(result))
        if result.reveal_now:
            self.runner.reveal_soon_in(message.channel.id)

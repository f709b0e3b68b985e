"""The daily question: /daily setup, /daily off, /daily now, the ticker that posts each
server's question at its local time and reveals the day before, and the answer buttons.

With several processes, each ticks for the guilds of its own shards only, and posts or reveals
a guild's daily question only while it holds that guild's daily lease (another process sharing
the shards, or the database, waits for its next tick).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands, tasks

from ....cards.daily import daily_feedback, daily_question_card, daily_reveal_card
from ....services.daily import DailyPost, DailyService, DueDaily
from ....services.errors import QuizError
from ....services.guild_settings import GuildSettingsService
from ....services.ownership import GuildFilter, OwnershipService, daily_lease
from ....services.posts import DailyReveal, PostsService
from ....services.recovery import RecoveryService
from ...answer_buttons import record_click
from ...channels import ChannelPoster
from ...embeds import card_to_embed
from ...exam_choices import EXAM_CHOICES
from ...members import display_name
from ...recovery import StartupRecovery
from ...report_button import report_view
from ...shared import BackgroundTasks
from ._format import posted_message, setup_message, zone_choices
from ._views import daily_buttons

log = logging.getLogger("certcoach.quiz")

BEING_POSTED = "The daily question is being posted right now; check the channel in a moment."


class DailyCog(commands.Cog, name="Daily"):
    daily_group = app_commands.Group(
        name="daily",
        description="The daily quiz question (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(
        self,
        bot: commands.Bot | commands.AutoShardedBot,
        daily: DailyService,
        guild_settings: GuildSettingsService,
        posts: PostsService,
        *,
        recovery: StartupRecovery,
        takeover: RecoveryService,
        ownership: OwnershipService,
        guilds: GuildFilter,
        tick_seconds: float,
    ) -> None:
        self.bot = bot
        self.daily = daily
        self.guild_settings = guild_settings
        self.posts = posts
        self.recovery = recovery
        self.takeover = takeover
        self.ownership = ownership
        self.guilds = guilds  # the guilds of this process's shards
        self.poster = ChannelPoster(bot)
        self.buttons = daily_buttons(self._on_click)
        self._background = BackgroundTasks()
        self._sent_left: set[int] = set()  # posts left unsent that this process has sent
        self._revealed_left: set[int] = set()  # posts whose pending reveal it has posted
        self.daily_loop.change_interval(seconds=tick_seconds)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(self.buttons.item)
        self._background.spawn(self._recover_then_tick())

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(self.buttons.item)
        self.daily_loop.cancel()
        self._background.cancel_all()

    async def _recover_then_tick(self) -> None:
        """After a restart: send the posts never sent (unless they are in the channel), post the
        reveals the previous run committed, reveal the due ones; then start ticking (each tick
        catches up again with what a process that died since left behind)."""
        await self.bot.wait_until_ready()
        plan = await self.recovery.plan()
        if plan is not None:
            try:
                await self._catch_up(plan.daily_to_send)
                for post in plan.daily_to_reveal:
                    await self._reveal_owned(post)
            except Exception:
                log.exception("start-up recovery failed")
        if not self.daily_loop.is_running():
            self.daily_loop.start()

    async def _catch_up(self, unsent: Sequence[DailyPost]) -> None:
        """Send today's posts left unsent and post the reveals left pending, by this process's
        previous run or by another process that died: each once per process (a send that
        fails is not retried every tick), under the guild's daily lease."""
        for post in unsent:
            if post.id in self._sent_left or not self.guilds(post.guild_id):
                continue
            async with self.ownership.holding(daily_lease(post.guild_id)) as held:
                if held:
                    self._sent_left.add(post.id)
                    await self._send_daily(post)
        pending = await self.posts.pending_daily_reveals(self._owns_left)
        for reveal in pending:
            await self._announce(reveal)
        for guild_id in {r.post.guild_id for r in pending}:
            await self.takeover.release_daily(guild_id)

    async def _owns_left(self, post: DailyPost) -> bool:
        """A pending daily reveal this process is to post: not tried yet here, and its guild's
        daily lease taken (released after the batch)."""
        if post.id in self._revealed_left or not await self.takeover.owns_daily(post.guild_id, self.guilds):
            return False
        self._revealed_left.add(post.id)
        return True

    # ------------------------------------------------------------------ the ticker

    @tasks.loop(seconds=30)
    async def daily_loop(self) -> None:
        try:
            await self.daily_tick()
        except Exception:  # a failure must not end the loop
            log.exception("daily tick failed")

    async def daily_tick(self) -> None:
        await self._catch_up(await self.daily.unsent_posts_for_today(self.daily.clock()))
        for due in await self.daily.due_daily(guilds=self.guilds):
            async with self.ownership.holding(daily_lease(due.guild_id)) as held:
                if held:
                    await self._run_due(due)
        for post in await self.daily.daily_posts_to_reveal(guilds=self.guilds):
            await self._reveal_owned(post)

    async def _reveal_owned(self, post: DailyPost) -> None:
        async with self.ownership.holding(daily_lease(post.guild_id)) as held:
            if held:
                await self._reveal_daily(post)

    async def _run_due(self, due: DueDaily) -> None:
        """Post (or skip) one guild's due daily question, under its lease."""
        if due.action == "skip":
            await self.daily.skip_daily(due.guild_id)
            log.info(
                "daily question for guild %s skipped: the local day %s is over", due.guild_id, due.local_date
            )
            return
        post = await self.daily.create_daily_post(due.guild_id)
        if post is not None:
            await self._send_daily(post)

    async def _send_daily(self, post: DailyPost) -> bool:
        intent = await self.posts.daily_question(post)
        if intent is None:  # posted already, or being posted
            return True
        card = daily_question_card(post.question, post.local_date)
        view = self.buttons.view(post.id, len(post.question.choices))
        message = await self.poster.send_once(intent, embed=card_to_embed(card), view=view)
        await self.posts.daily_question_posted(intent, post.id, message.id if message else None)
        return message is not None

    async def _reveal_daily(self, post: DailyPost) -> None:
        reveal = await self.posts.reveal_daily(post)
        if reveal is not None:
            await self._announce(reveal)

    async def _announce(self, reveal: DailyReveal) -> None:
        post = reveal.post
        await self.poster.close_buttons(post.channel_id, post.message_id or await self._find_question(post))
        card = daily_reveal_card(reveal.summary, post.local_date)
        view = report_view(reveal.summary.question.id)
        message = await self.poster.send_once(reveal.reveal, embed=card_to_embed(card), view=view)
        await self.posts.posted(reveal.reveal, message.id if message else None)

    async def _find_question(self, post: DailyPost) -> int | None:
        """The message of a question posted by a run that died before recording its id."""
        intent = await self.posts.unrecorded_daily_question(post)
        if intent is None:
            return None
        message = await self.poster.find(intent)
        await self.posts.daily_question_posted(intent, post.id, message.id if message else None)
        return message.id if message else None

    async def _on_click(self, interaction: discord.Interaction, post_id: int, choice: int) -> None:
        """An answer button under a daily question (``cc:d:<post_id>:<choice>``)."""
        work = self.daily.answer_daily(post_id, interaction.user.id, display_name(interaction.user), choice)
        await record_click(interaction, work, daily_feedback, f"d:{post_id}:{choice}")

    # ------------------------------------------------------------------ commands

    @daily_group.command(name="setup", description="Post a daily question at a local time")
    @app_commands.describe(
        channel="Where to post",
        time="Local time, 24-hour HH:MM (e.g. 09:00)",
        timezone="IANA time zone, e.g. America/New_York",
        exam="Only questions for this exam",
    )
    @app_commands.choices(exam=EXAM_CHOICES)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def daily_setup(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: app_commands.Range[str, 1, 5],
        timezone: app_commands.Range[str, 1, 64],
        exam: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        try:
            schedule = await self.guild_settings.setup_daily(
                interaction.guild_id, channel.id, time, timezone, exam=exam
            )
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await interaction.response.send_message(
            setup_message(
                schedule.daily_time, schedule.timezone, channel.mention, exam, schedule.next_run_at
            ),
            ephemeral=True,
        )

    @daily_setup.autocomplete("timezone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return zone_choices(current)

    @daily_group.command(name="off", description="Stop the daily question")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def daily_off(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        stopped = await self.guild_settings.disable_daily(interaction.guild_id)
        await interaction.response.send_message(
            "Daily question turned off." if stopped else "The daily question was not on.", ephemeral=True
        )

    @daily_group.command(name="now", description="Post today's daily question now (to test the setup)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def daily_now(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.ownership.holding(daily_lease(interaction.guild_id)) as held:
            reply = await self._post_now(interaction.guild_id) if held else BEING_POSTED
        await interaction.followup.send(reply, ephemeral=True)

    async def _post_now(self, guild_id: int) -> str:
        """/daily now under the guild's daily lease: the reply to show."""
        try:
            post = await self.daily.create_daily_post(guild_id)
        except QuizError as exc:
            return exc.message
        if post is None:
            return "Today's daily question is already posted."
        sent = await self._send_daily(post)
        for old in await self.daily.daily_posts_to_reveal(guild_id=guild_id):
            await self._reveal_daily(old)
        return posted_message(post.channel_id, sent)

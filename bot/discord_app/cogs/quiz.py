"""Quiz rounds, the daily question, leaderboards, stats and server settings in Discord.

The rules live in the services (``bot.services.rounds``, ``daily``, ``stats``, ...); this cog
only turns interactions into service calls and results into embeds. Buttons are
``DynamicItem``s whose custom_id carries the round question or daily post id, so they keep
working after a restart.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.banks.domains import DOMAINS, EXAMS
from bot.core.banks.library import LETTERS

from ...services.daily import DailyPost
from ...services.errors import QuizError
from ...services.quiz_cards import (
    banks_card,
    daily_feedback,
    daily_question_card,
    leaderboard_card,
    reveal_card,
    round_feedback,
    round_question_card,
    standings_card,
    stats_card,
)
from ...services.rounds import MAX_COUNT, MAX_SECONDS, MIN_COUNT, MIN_SECONDS, RoundQuestion
from ..client import send_ephemeral
from ..embeds import card_to_embed

if TYPE_CHECKING:
    from ...wiring import App

log = logging.getLogger("certcoach.quiz")

PAUSE_BETWEEN_QUESTIONS = 3.0  # seconds between a reveal and the next question
ACK_BUDGET = 1.0  # seconds after a click: past this, defer the answer (Discord's deadline is 3 s)
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Europe/London",
    "Europe/Dublin",
    "Asia/Manila",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
)


def _is_moderator(interaction: discord.Interaction) -> bool:
    perms = interaction.permissions
    return bool(perms.manage_guild or perms.manage_messages or perms.administrator)


def _display_name(user: discord.abc.User) -> str:
    return getattr(user, "display_name", None) or user.name


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"cc:(?P<kind>[rd]):(?P<target>\d+):(?P<choice>\d)"
):
    """A–E answer button. ``r`` = round question id, ``d`` = daily post id."""

    def __init__(self, kind: str, target: int, choice: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[choice],
                style=discord.ButtonStyle.primary,
                custom_id=f"cc:{kind}:{target}:{choice}",
            )
        )
        self.kind = kind
        self.target = target
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match
    ) -> AnswerButton:
        return cls(match["kind"], int(match["target"]), int(match["choice"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = interaction.client.get_cog("Quiz")
        if cog is None:  # pragma: no cover - cog unloaded
            await send_ephemeral(interaction, "Quizzes are not available right now.")
            return
        await cog.on_answer_button(interaction, self.kind, self.target, self.choice)


def answer_view(kind: str, target: int, n_choices: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for choice in range(n_choices):
        view.add_item(AnswerButton(kind, target, choice))
    return view


class QuizCog(commands.Cog, name="Quiz"):
    quiz_group = app_commands.Group(name="quiz", description="Quiz rounds in this channel", guild_only=True)
    daily_group = app_commands.Group(
        name="daily",
        description="The daily quiz question (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    config_group = app_commands.Group(
        name="config",
        description="Server settings (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: commands.Bot, services: App) -> None:
        self.bot = bot
        self.rounds = services.rounds
        self.daily = services.daily
        self.stats_service = services.stats
        self.guild_settings = services.guild_settings
        self.banks = services.banks
        self.recovery = services.recovery
        self.runners: dict[int, asyncio.Task] = {}  # channel id -> round task
        self.reveal_events: dict[int, asyncio.Event] = {}  # round question id -> "everyone answered"
        self.open_questions: dict[int, int] = {}  # channel id -> open round question id
        self.pause_between = PAUSE_BETWEEN_QUESTIONS
        self._background: set[asyncio.Task] = set()
        self.daily_loop.change_interval(seconds=bot.settings.daily_tick_seconds)  # type: ignore[attr-defined]

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(AnswerButton)
        self._spawn(self._recover_then_tick())

    async def cog_unload(self) -> None:
        self.daily_loop.cancel()
        for task in list(self.runners.values()) + list(self._background):
            task.cancel()

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def round_running(self, channel_id: int) -> bool:
        return channel_id in self.runners

    # ------------------------------------------------------------------ start-up

    async def _recover_then_tick(self) -> None:
        await self.bot.wait_until_ready()
        try:
            plan = await self.recovery.startup_recovery()
            for rnd in plan.resume_rounds:
                self._start_runner(rnd.id, rnd.channel_id)
            for end in plan.finished_rounds:
                await self._send(
                    end.round.channel_id,
                    embed=card_to_embed(standings_card(end.standings, end.round.finish_reason)),
                )
            for post in plan.daily_to_send:
                await self._send_daily(post)
            for post in plan.daily_to_reveal:
                await self._reveal_daily(post)
        except Exception:
            log.exception("start-up recovery failed")
        if not self.daily_loop.is_running():
            self.daily_loop.start()

    # ------------------------------------------------------------------ helpers

    async def _channel(self, channel_id: int) -> discord.abc.Messageable | None:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException:
                log.warning("channel %s is gone or hidden", channel_id)
                return None
        return channel  # type: ignore[return-value]

    async def _send(self, channel_id: int, **kwargs) -> discord.Message | None:
        channel = await self._channel(channel_id)
        if channel is None:
            return None
        try:
            return await channel.send(**kwargs)
        except discord.HTTPException as exc:
            log.warning("could not post in channel %s: %s", channel_id, exc)
            return None

    async def _close_buttons(self, channel_id: int, message_id: int | None) -> None:
        """Remove the buttons from a revealed question so nobody clicks a dead one."""
        if not message_id:
            return
        channel = await self._channel(channel_id)
        if channel is None or not hasattr(channel, "get_partial_message"):
            return
        try:
            await channel.get_partial_message(message_id).edit(view=None)
        except discord.HTTPException:
            pass

    # ------------------------------------------------------------------ rounds

    def _start_runner(self, round_id: int, channel_id: int) -> None:
        if channel_id in self.runners:
            return
        task = asyncio.create_task(self._run_round(round_id, channel_id))
        self.runners[channel_id] = task
        task.add_done_callback(lambda t, c=channel_id: self._runner_done(c, t))

    def _runner_done(self, channel_id: int, task: asyncio.Task) -> None:
        # Only forget the channel's runner if it is still this one (a new round may have started).
        if self.runners.get(channel_id) is task:
            del self.runners[channel_id]

    async def _post_round_question(self, round_id: int, channel_id: int) -> RoundQuestion | None:
        rq = await self.rounds.open_question(round_id)
        if rq is None:
            rq = await self.rounds.post_question(round_id)
        # Ready for "everyone answered" before anyone can see the question.
        self.reveal_events.setdefault(rq.id, asyncio.Event())
        if rq.message_id is None:
            card = round_question_card(rq, typed_answers=self.bot.intents.message_content)
            message = await self._send(
                channel_id, embed=card_to_embed(card), view=answer_view("r", rq.id, len(rq.question.choices))
            )
            if message is None:
                return None
            await self.rounds.set_question_message(rq.id, message.id)
            rq = await self.rounds.get_round_question(rq.id)
        return rq

    async def _run_round(self, round_id: int, channel_id: int) -> None:
        try:
            while True:
                rnd = await self.rounds.get_round(round_id)
                if not rnd.active:
                    return
                rq = await self._post_round_question(round_id, channel_id)
                if rq is None:  # cannot post here any more: end the round cleanly
                    await self.rounds.stop_round(round_id, by_user=rnd.starter_id, is_moderator=True)
                    return
                event = self.reveal_events.setdefault(rq.id, asyncio.Event())
                self.open_questions[channel_id] = rq.id
                wait = (rq.deadline - datetime.now(UTC)).total_seconds()
                try:
                    await asyncio.wait_for(event.wait(), timeout=max(0.0, wait))
                except TimeoutError:
                    pass
                self.reveal_events.pop(rq.id, None)
                self.open_questions.pop(channel_id, None)
                summary = await self.rounds.reveal_question(rq.id)
                if summary.already_revealed:  # stopped meanwhile
                    return
                await self._close_buttons(channel_id, rq.message_id)
                await self._send(channel_id, embed=card_to_embed(reveal_card(summary)))
                if summary.round_finished:
                    card = standings_card(summary.standings, summary.finish_reason)
                    await self._send(channel_id, embed=card_to_embed(card))
                    return
                await asyncio.sleep(self.pause_between)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("quiz round %s failed", round_id)

    @quiz_group.command(name="start", description="Start a quiz round in this channel")
    @app_commands.describe(
        exam="Only questions for this exam",
        domain="Only one exam area",
        bank="Only one question bank",
        questions=f"How many questions ({MIN_COUNT}-{MAX_COUNT})",
        seconds=f"Seconds per question ({MIN_SECONDS}-{MAX_SECONDS})",
    )
    @app_commands.choices(exam=[app_commands.Choice(name=e, value=e) for e in EXAMS])
    async def quiz_start(
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
        what = " · ".join(
            x for x in (exam, DOMAINS[domain].title if domain in DOMAINS else domain, bank) if x
        )
        await interaction.response.send_message(
            f"Quiz starting: {rnd.total} question(s), {rnd.seconds} s each{(' · ' + what) if what else ''}. "
            f"Answer with the buttons{' or by typing the letter' if self.bot.intents.message_content else ''}; "
            "one answer per member. Good luck!"
        )
        self._start_runner(rnd.id, interaction.channel_id)

    @quiz_start.autocomplete("domain")
    async def _domain_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        current = current.lower()
        found = [d for d in DOMAINS.values() if current in d.id or current in d.title.lower()]
        return [
            app_commands.Choice(name=f"{d.exam or 'All'}: {d.title}"[:100], value=d.id) for d in found[:25]
        ]

    @quiz_start.autocomplete("bank")
    async def _bank_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        current = current.lower()
        banks = [b for b in self.banks.banks_overview() if current in b.id or current in b.title.lower()]
        return [app_commands.Choice(name=f"{b.title} ({b.count})"[:100], value=b.id) for b in banks[:25]]

    @quiz_group.command(name="stop", description="Stop the quiz in this channel (starter or moderator)")
    async def quiz_stop(self, interaction: discord.Interaction) -> None:
        assert interaction.channel_id is not None
        rnd = await self.rounds.active_round(interaction.channel_id)
        if rnd is None:
            await interaction.response.send_message("No quiz is running in this channel.", ephemeral=True)
            return
        try:
            end = await self.rounds.stop_round(
                rnd.id, interaction.user.id, is_moderator=_is_moderator(interaction)
            )
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        task = self.runners.pop(interaction.channel_id, None)
        if task is not None:
            task.cancel()
        rq_id = self.open_questions.pop(interaction.channel_id, None)
        if rq_id is not None:  # take the buttons off the question that was open
            self.reveal_events.pop(rq_id, None)
            rq = await self.rounds.get_round_question(rq_id)
            await self._close_buttons(interaction.channel_id, rq.message_id)
        embeds = []
        if end.closed_question is not None:
            embeds.append(card_to_embed(reveal_card(end.closed_question)))
        embeds.append(card_to_embed(standings_card(end.standings, "stopped")))
        await interaction.response.send_message(embeds=embeds)

    @quiz_group.command(name="banks", description="Question banks and their counts per exam area")
    async def quiz_banks(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=card_to_embed(banks_card(self.banks.banks_overview())), ephemeral=True
        )

    # ------------------------------------------------------------------ answers

    async def _in_time(self, interaction: discord.Interaction, work):
        """Await ``work``; if it is not done ``ACK_BUDGET`` s after the click (a burst of clicks
        queues on the database), acknowledge first so Discord's 3-second deadline is met; the
        caller's ``send_ephemeral`` then answers in a followup."""
        task = asyncio.ensure_future(work)
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        done, _ = await asyncio.wait({task}, timeout=min(ACK_BUDGET, max(0.0, ACK_BUDGET - age)))
        if not done and not interaction.response.is_done():
            try:
                await interaction.response.defer(ephemeral=True, thinking=True)
            except discord.HTTPException:
                log.warning("could not acknowledge answer button in time (interaction %s)", interaction.id)
        return await task

    async def on_answer_button(
        self, interaction: discord.Interaction, kind: str, target: int, choice: int
    ) -> None:
        name = _display_name(interaction.user)
        try:
            if kind == "r":
                result = await self._in_time(
                    interaction, self.rounds.answer(target, interaction.user.id, name, choice)
                )
                await send_ephemeral(interaction, round_feedback(result))
                if result.reveal_now:
                    self._reveal_soon(target)
            else:
                result = await self._in_time(
                    interaction, self.daily.answer_daily(target, interaction.user.id, name, choice)
                )
                await send_ephemeral(interaction, daily_feedback(result))
        except QuizError as exc:
            await send_ephemeral(interaction, exc.message)
        except discord.HTTPException:
            log.warning("could not acknowledge answer button %s:%s", kind, target)
        except Exception:
            log.exception("answer button %s:%s:%s failed", kind, target, choice)
            await send_ephemeral(interaction, "Sorry, I couldn't record that answer. Please try again.")

    def _reveal_soon(self, rq_id: int) -> None:
        event = self.reveal_events.get(rq_id)
        if event is not None:
            event.set()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Typed answers ("B", or the answer text) during a round in this channel."""
        if message.author.bot or message.guild is None or message.channel.id not in self.runners:
            return
        if not message.content:
            return
        try:
            result = await self.rounds.answer_typed(
                message.channel.id, message.author.id, _display_name(message.author), message.content
            )
        except QuizError:
            return
        if result is None:
            return
        reaction = "⌛" if result.too_late else "🔁" if result.duplicate else "✅"
        try:
            await message.add_reaction(reaction)
        except discord.HTTPException:
            pass
        if result.reveal_now:
            rq_id = self.open_questions.get(message.channel.id)
            if rq_id is not None:
                self._reveal_soon(rq_id)

    # ------------------------------------------------------------------ daily

    @tasks.loop(seconds=30)
    async def daily_loop(self) -> None:
        try:
            await self.daily_tick()
        except Exception:  # a failure must not end the loop
            log.exception("daily tick failed")

    async def daily_tick(self) -> None:
        for due in await self.daily.due_daily():
            if due.action == "skip":
                await self.daily.skip_daily(due.guild_id)
                log.info(
                    "daily question for guild %s skipped: the local day %s is over",
                    due.guild_id,
                    due.local_date,
                )
                continue
            post = await self.daily.create_daily_post(due.guild_id)
            if post is not None:
                await self._send_daily(post)
        for post in await self.daily.daily_posts_to_reveal():
            await self._reveal_daily(post)

    async def _send_daily(self, post: DailyPost) -> bool:
        card = daily_question_card(post.question, post.local_date)
        message = await self._send(
            post.channel_id,
            embed=card_to_embed(card),
            view=answer_view("d", post.id, len(post.question.choices)),
        )
        if message is None:
            return False
        await self.daily.set_daily_message(post.id, message.id)
        return True

    async def _reveal_daily(self, post: DailyPost) -> None:
        summary = await self.daily.reveal_daily(post.id)
        if summary.already_revealed:
            return
        await self._close_buttons(post.channel_id, post.message_id)
        card = reveal_card(summary, title_prefix=f"Daily question {post.local_date.isoformat()}, answer")
        await self._send(post.channel_id, embed=card_to_embed(card))

    @daily_group.command(name="setup", description="Post a daily question at a local time")
    @app_commands.describe(
        channel="Where to post",
        time="Local time, 24-hour HH:MM (e.g. 09:00)",
        timezone="IANA time zone, e.g. America/New_York",
        exam="Only questions for this exam",
    )
    @app_commands.choices(exam=[app_commands.Choice(name=e, value=e) for e in EXAMS])
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
            settings = await self.guild_settings.setup_daily(
                interaction.guild_id, channel.id, time, timezone, exam=exam
            )
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        when = discord.utils.format_dt(settings.next_run_at, "F") if settings.next_run_at else "soon"
        await interaction.response.send_message(
            f"Daily question set: {settings.daily_time} {settings.timezone} in {channel.mention}"
            f"{' (' + exam + ' questions)' if exam else ''}. Next post: {when}.",
            ephemeral=True,
        )

    @daily_setup.autocomplete("timezone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        from zoneinfo import available_timezones

        current = current.strip().lower().replace(" ", "_")
        if not current:
            names = list(COMMON_ZONES)
        else:
            names = sorted(z for z in available_timezones() if current in z.lower())
        return [app_commands.Choice(name=z, value=z) for z in names[:25]]

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
        try:
            post = await self.daily.create_daily_post(interaction.guild_id)
        except QuizError as exc:
            await interaction.followup.send(exc.message, ephemeral=True)
            return
        if post is None:
            await interaction.followup.send("Today's daily question is already posted.", ephemeral=True)
            return
        sent = await self._send_daily(post)
        for old in await self.daily.daily_posts_to_reveal(guild_id=interaction.guild_id):
            await self._reveal_daily(old)
        await interaction.followup.send(
            f"Posted today's question in <#{post.channel_id}>."
            if sent
            else "I couldn't post in the daily channel: check my permissions there.",
            ephemeral=True,
        )

    # ------------------------------------------------------------------ scores

    @app_commands.command(name="leaderboard", description="Top members by points")
    @app_commands.guild_only()
    @app_commands.choices(
        period=[
            app_commands.Choice(name=n, value=v)
            for n, v in (("This week", "week"), ("This month", "month"), ("All time", "all"))
        ],
        kind=[
            app_commands.Choice(name=n, value=v)
            for n, v in (("Quizzes and daily", "all"), ("Daily questions", "daily"), ("Quiz rounds", "quiz"))
        ],
    )
    async def leaderboard(
        self, interaction: discord.Interaction, period: str = "week", kind: str = "all"
    ) -> None:
        assert interaction.guild_id is not None
        rows = await self.stats_service.leaderboard(interaction.guild_id, period=period, kind=kind)
        await interaction.response.send_message(embed=card_to_embed(leaderboard_card(rows, period, kind)))

    @app_commands.command(name="stats", description="Answers, accuracy, streaks and weakest exam area")
    @app_commands.guild_only()
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        assert interaction.guild_id is not None
        who = member or interaction.user
        stats = await self.stats_service.member_stats(interaction.guild_id, who.id)
        await interaction.response.send_message(
            embed=card_to_embed(stats_card(stats, _display_name(who))), ephemeral=member is None
        )

    # ------------------------------------------------------------------ settings

    @config_group.command(name="ask-channel", description="Answer every question posted in a channel")
    @app_commands.describe(channel="The channel", enabled="On (default) or off")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def config_ask_channel(
        self, interaction: discord.Interaction, channel: discord.TextChannel, enabled: bool = True
    ) -> None:
        assert interaction.guild_id is not None
        if enabled:
            await self.guild_settings.add_ask_channel(interaction.guild_id, channel.id)
        else:
            await self.guild_settings.remove_ask_channel(interaction.guild_id, channel.id)
        knowledge = self.bot.get_cog("Knowledge")
        if knowledge is not None:
            knowledge.forget_ask_channels(interaction.guild_id)
        note = ""
        if enabled and not self.bot.intents.message_content:
            note = (
                "\nNote: I can only read ordinary messages with the Message Content intent "
                "(CERTCOACH_MESSAGE_CONTENT=1 and the intent enabled in the developer portal). "
                "Until then I answer mentions there."
            )
        state = "will answer every question" if enabled else "no longer answer every question"
        await interaction.response.send_message(f"I {state} in {channel.mention}.{note}", ephemeral=True)


async def setup_quiz_cogs(bot: commands.Bot, services: App) -> None:
    await bot.add_cog(QuizCog(bot, services))

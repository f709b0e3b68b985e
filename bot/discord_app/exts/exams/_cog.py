"""/exam start|resume|history|report, the exam's button clicks, and the time-out ticker.

The exam runs in the member's DMs: the first question goes there and the command replies
privately "check your DMs". When their DMs are closed (``discord.Forbidden``), the same
question and buttons come as an ephemeral follow-up in the server instead. A click edits the
message it came from, so both flows behave the same.

An attempt past its deadline is submitted by the service on the next click or command; the
ticker (and start-up) submit the others and DM each member the report once: the timed-out
attempt is recorded with ``notified = false`` before the DM, which carries a nonce per attempt
(Discord drops a resend) and is marked sent after.
"""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.exams import exam_history_card
from ....core.banks.library import LETTERS
from ....core.exams.timing import format_duration
from ....services.charts import EXAM_CHART_FILE, ChartService
from ....services.errors import QuizError
from ....services.exam_views import ExamQuestionView, ExamReport
from ....services.exams import ExamOutcome, ExamService, Move
from ...embeds import card_to_embed
from ...replies import send_ephemeral
from ._format import DMS_CLOSED, IN_DMS, RESUMED, question_embed, report_embeds
from ._views import MISSED, ExamButton, bind, question_view, report_view

if TYPE_CHECKING:
    from ...client import CertCoachBot

log = logging.getLogger("certcoach.exams")
NONE = discord.AllowedMentions.none()
TICK_SECONDS = 30.0
TIMED_OUT = "Time is up on your mock exam: it was submitted with the answers you gave."
MOVES: dict[str, Move] = {"back": "back", "next": "next", "nf": "next_flagged"}
EXAM_CHOICES = ["CPC", "CCS", "CCA", "CIC", "COC", "CRC"]
LENGTH_CHOICES = [app_commands.Choice(name=n, value=n) for n in ("full", "half", "quarter")]


class ExamsCog(commands.Cog, name="Exams"):
    exam = app_commands.Group(name="exam", description="Timed mock exams drawn to the real exam's blueprint")

    def __init__(
        self,
        bot: CertCoachBot,
        exams: ExamService,
        charts: ChartService | None = None,
        *,
        tick_seconds: float = TICK_SECONDS,
    ) -> None:
        self.bot = bot
        self.exams = exams
        self.charts = charts  # the report's accuracy-per-area chart
        self.tick_seconds = tick_seconds
        self.item: type[ExamButton] = bind(self.on_click)
        self._ticker: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(self.item)
        self._ticker = asyncio.create_task(self._tick_forever())

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(self.item)
        if self._ticker is not None:
            self._ticker.cancel()

    # ------------------------------------------------------------------ commands

    @exam.command(name="start", description="Start a timed mock exam (in your DMs)")
    @app_commands.describe(
        exam="Which exam (default CPC)", length="full, half, quarter or a number of questions"
    )
    @app_commands.choices(exam=[app_commands.Choice(name=e, value=e) for e in EXAM_CHOICES])
    async def start(
        self, interaction: discord.Interaction, exam: str | None = None, length: str | None = None
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            view = await self.exams.start(interaction.user.id, exam, length)
        except QuizError as exc:
            await interaction.followup.send(exc.message, ephemeral=True, allowed_mentions=NONE)
            return
        minutes = format_duration(view.time_left.total_seconds())
        await self._deliver(
            interaction, view, IN_DMS.format(exam=view.exam, total=view.total, minutes=minutes)
        )

    @exam.command(name="resume", description="Show your running mock exam again")
    async def resume(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.exams.resume(interaction.user.id)
        if outcome is None:
            await interaction.followup.send("You have no mock exam running: /exam start.", ephemeral=True)
        elif isinstance(outcome, ExamReport):
            await self._send_report(interaction, outcome)
        else:
            await self._deliver(interaction, outcome, RESUMED + " It is in your DMs.")

    @exam.command(name="history", description="Your finished mock exams")
    @app_commands.describe(exam="Only this exam")
    @app_commands.choices(exam=[app_commands.Choice(name=e, value=e) for e in EXAM_CHOICES])
    async def history(self, interaction: discord.Interaction, exam: str | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        summaries = await self.exams.history(interaction.user.id, exam)
        card = exam_history_card(summaries)
        if summaries:
            card.hint = "/exam report attempt:N shows an attempt's report and missed questions."
        await interaction.followup.send(embed=card_to_embed(card), ephemeral=True, allowed_mentions=NONE)

    @exam.command(name="report", description="The report of one of your finished mock exams")
    @app_commands.describe(attempt="The attempt number (see /exam history)")
    async def report(self, interaction: discord.Interaction, attempt: app_commands.Range[int, 1]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            found = await self.exams.report(interaction.user.id, attempt)
        except QuizError as exc:
            await interaction.followup.send(exc.message, ephemeral=True)
            return
        await self._send_report(interaction, found)

    # ------------------------------------------------------------------ delivery

    async def _deliver(self, interaction: discord.Interaction, view: ExamQuestionView, in_dms: str) -> None:
        """The question in the member's DMs, else (DMs closed) privately here."""
        embed, buttons = question_embed(view), question_view(view, self.item)
        if interaction.guild_id is None:  # the command was used in the DMs already
            await interaction.followup.send(embed=embed, view=buttons, allowed_mentions=NONE)
            return
        try:
            dm = await interaction.user.create_dm()
            await dm.send(embed=embed, view=buttons, allowed_mentions=NONE)
        except discord.Forbidden:
            await interaction.followup.send(
                DMS_CLOSED, embed=embed, view=buttons, ephemeral=True, allowed_mentions=NONE
            )
            return
        await interaction.followup.send(in_dms, ephemeral=True, allowed_mentions=NONE)

    async def _report_message(
        self, report: ExamReport, page: int
    ) -> tuple[list[discord.Embed], list[discord.File]]:
        """The report's embeds and, when it could be drawn, its chart as the first one's image."""
        embeds = report_embeds(report, page)
        png = await self._chart(report)
        if png is None:
            return embeds, []
        embeds[0].set_image(url=f"attachment://{EXAM_CHART_FILE}")
        return embeds, [discord.File(io.BytesIO(png), filename=EXAM_CHART_FILE)]

    async def _chart(self, report: ExamReport) -> bytes | None:
        """The area chart, or None (no chart service, or drawing failed: the report goes without)."""
        if self.charts is None:
            return None
        try:
            return await self.charts.exam_areas(report)
        except Exception:
            log.exception("could not draw the chart of mock exam %s", report.attempt_id)
            return None

    async def _send_report(self, interaction: discord.Interaction, report: ExamReport) -> None:
        embeds, files = await self._report_message(report, 0)
        kwargs: dict[str, Any] = {
            "embeds": embeds,
            "files": files,
            "ephemeral": True,
            "allowed_mentions": NONE,
        }
        buttons = report_view(report, 0, self.item)
        if buttons is not None:
            kwargs["view"] = buttons
        await interaction.followup.send(**kwargs)

    # ------------------------------------------------------------------ clicks

    async def on_click(self, interaction: discord.Interaction, attempt: int, n: int, action: str) -> None:
        try:
            await interaction.response.defer()  # the answer edits the message clicked
            user = interaction.user.id
            if action.startswith(MISSED):
                report = await self.exams.report(user, attempt)
                await self._edit(interaction, report, page=n)
                return
            await self._edit(interaction, await self._act(user, attempt, n, action))
        except QuizError as exc:
            await send_ephemeral(interaction, exc.message)
        except discord.HTTPException:
            log.warning("could not answer exam button %s:%s:%s", attempt, n, action)
        except Exception:
            log.exception("exam button %s:%s:%s failed", attempt, n, action)
            await send_ephemeral(interaction, "Sorry, that didn't work. Please try again.")

    async def _act(self, user: int, attempt: int, n: int, action: str) -> ExamOutcome:
        if action.isdigit():
            return await self.exams.answer(user, LETTERS[int(action)], attempt_id=attempt, at=n)
        if action in MOVES:
            return await self.exams.move(user, MOVES[action], attempt_id=attempt, at=n)
        if action == "flag":
            return await self.exams.flag(user, attempt_id=attempt, at=n)
        if action == "sub":
            return await self.exams.submit(user, attempt_id=attempt)
        raise QuizError("That button is from an older version of the bot: use /exam resume.")

    async def _edit(self, interaction: discord.Interaction, outcome: ExamOutcome, page: int = 0) -> None:
        if isinstance(outcome, ExamQuestionView):
            await interaction.edit_original_response(
                embed=question_embed(outcome), view=question_view(outcome, self.item), allowed_mentions=NONE
            )
            return
        embeds, files = await self._report_message(outcome, page)
        await interaction.edit_original_response(
            embeds=embeds,
            attachments=files,  # replaces the chart drawn for the page before
            view=report_view(outcome, page, self.item),
            allowed_mentions=NONE,
        )

    # ------------------------------------------------------------------ time-outs

    async def _tick_forever(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.tick()
            except Exception:  # the next tick tries again
                log.exception("mock exam time-out tick failed")
            await asyncio.sleep(self.tick_seconds)

    async def tick(self) -> None:
        """Submit every attempt past its deadline; DM each member their report once."""
        await self.exams.recover()
        for attempt, report in await self.exams.pending_notices():
            if await self._notify(attempt.user_id, report):
                await self.exams.mark_notified(attempt.id)

    async def _notify(self, user_id: int, report: ExamReport) -> bool:
        """DM the time-out report; False when it should be tried again at the next tick."""
        embeds, files = await self._report_message(report, 0)
        kwargs: dict[str, Any] = {"embeds": embeds, "files": files, "allowed_mentions": NONE}
        buttons = report_view(report, 0, self.item)
        if buttons is not None:
            kwargs["view"] = buttons
        try:
            dm = await self.bot.create_dm(discord.Object(user_id))
            await dm.send(TIMED_OUT, nonce=f"cc-exam-{report.attempt_id}", **kwargs)
        except discord.Forbidden:  # DMs closed: /exam history and /exam report still have it
            return True
        except discord.HTTPException as exc:
            log.warning("could not send the time-out notice of attempt %s: %s", report.attempt_id, exc)
            return False
        return True

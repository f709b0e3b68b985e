"""/plan set, /plan show, /plan off, /plan remind (ephemeral replies; DMs work too), and the
ticker that DMs each member's daily study reminder.

Exactly once: a reminder's row (one per member and local day) is written before the DM is sent
and its outcome after; a DM that fails (closed DMs, or a crash before the send) is not retried
that day. With several processes, the ticker only works while it holds the ``plans:reminders``
lease, so one process sends at a time (and the row would refuse a second send anyway). DMs do
not belong to a shard: whichever process holds the lease sends every member's reminders.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from ....cards.plans import plan_card, reminder_card
from ....services.errors import QuizError
from ....services.ownership import OwnershipService
from ....services.plans import Delivery, DueReminder, PlanService
from ...embeds import card_to_embed
from ...shared import BackgroundTasks
from ..daily._format import zone_choices
from ._format import failed_send, off_message, reminder_set_message, reminders_off_message
from ._views import StopRemindersButton, stop_view

log = logging.getLogger("certcoach.plans")

REMINDERS_LEASE = "plans:reminders"
NO_MENTIONS = discord.AllowedMentions.none()


class PlanCog(commands.Cog, name="Plans"):
    plan_group = app_commands.Group(name="plan", description="Your study plan to the exam date")

    def __init__(
        self,
        bot: commands.Bot | commands.AutoShardedBot,
        plans: PlanService,
        *,
        ownership: OwnershipService,
        tick_seconds: float,
    ) -> None:
        self.bot = bot
        self.plans = plans
        self.ownership = ownership
        self._background = BackgroundTasks()
        self.reminder_loop.change_interval(seconds=tick_seconds)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(StopRemindersButton)
        self._background.spawn(self._start_ticking())

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(StopRemindersButton)
        self.reminder_loop.cancel()
        self._background.cancel_all()

    async def _start_ticking(self) -> None:
        await self.bot.wait_until_ready()
        if not self.reminder_loop.is_running():
            self.reminder_loop.start()

    # ------------------------------------------------------------------ the ticker

    @tasks.loop(seconds=30)
    async def reminder_loop(self) -> None:
        try:
            await self.reminder_tick()
        except Exception:  # a failure must not end the loop
            log.exception("plan reminder tick failed")

    async def reminder_tick(self) -> int:
        """Send the reminders due now, under the lease; how many were sent. A tick with
        nothing due costs one read (no lease taken)."""
        if not await self.plans.due_reminders():
            return 0
        sent = 0
        async with self.ownership.holding(REMINDERS_LEASE) as held:
            if not held:
                return 0
            for due in await self.plans.due_reminders():
                if not await self.plans.claim_reminder(due):
                    continue  # another process (or an earlier run) has it
                outcome = await self._send(due)
                await self.plans.reminder_outcome(due, outcome)
                sent += outcome == "sent"
        return sent

    async def _send(self, due: DueReminder) -> Delivery:
        try:
            view = await self.plans.show(due.user_id)
        except QuizError:  # the plan went off since
            return "failed"
        try:
            channel = await self.bot.create_dm(discord.Object(id=due.user_id))
            await channel.send(
                embed=card_to_embed(reminder_card(view)),
                view=stop_view(due.user_id),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            outcome = failed_send(exc)
            log.info("study reminder for %s not delivered (%s): %s", due.user_id, outcome, exc.code)
            return outcome
        return "sent"

    # ------------------------------------------------------------------ commands

    @plan_group.command(name="set", description="Make your week-by-week study plan to the exam date")
    @app_commands.describe(
        exam="The exam, e.g. CPC",
        date="Your exam date, YYYY-MM-DD (e.g. 2027-03-01)",
        hours="Hours you can study a week (default 6)",
        timezone="Your IANA time zone, e.g. America/New_York (default UTC, or your plan's)",
    )
    async def plan_set(
        self,
        interaction: discord.Interaction,
        exam: app_commands.Range[str, 1, 12],
        date: app_commands.Range[str, 1, 20],
        hours: app_commands.Range[int, 1, 60] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        try:
            view = await self.plans.set_plan(interaction.user.id, exam, date, hours, timezone)
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await interaction.response.send_message(
            "Plan saved.", embed=card_to_embed(plan_card(view)), ephemeral=True
        )

    @plan_set.autocomplete("exam")
    async def _exam_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip().upper()
        return [app_commands.Choice(name=e, value=e) for e in self.plans.exams if typed in e][:25]

    @plan_set.autocomplete("timezone")
    async def _set_zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return zone_choices(current)

    @plan_group.command(name="show", description="Your study plan, this week's progress and the countdown")
    async def plan_show(self, interaction: discord.Interaction) -> None:
        try:
            view = await self.plans.show(interaction.user.id)
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await interaction.response.send_message(embed=card_to_embed(plan_card(view)), ephemeral=True)

    @plan_group.command(name="off", description="Turn your study plan and its reminders off")
    async def plan_off(self, interaction: discord.Interaction) -> None:
        stopped = await self.plans.off(interaction.user.id)
        await interaction.response.send_message(off_message(stopped), ephemeral=True)

    @plan_group.command(name="remind", description="A daily study reminder by DM (or 'off')")
    @app_commands.describe(
        time="Local time, 24-hour HH:MM (e.g. 19:30), or off",
        timezone="Your IANA time zone, e.g. America/New_York (default: your plan's)",
    )
    async def plan_remind(
        self,
        interaction: discord.Interaction,
        time: app_commands.Range[str, 1, 5],
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        if time.strip().lower() == "off":
            stopped = await self.plans.reminders_off(interaction.user.id)
            await interaction.response.send_message(reminders_off_message(stopped), ephemeral=True)
            return
        try:
            done = await self.plans.set_reminder(interaction.user.id, time, timezone)
        except QuizError as exc:
            await interaction.response.send_message(exc.message, ephemeral=True)
            return
        await interaction.response.send_message(reminder_set_message(done), ephemeral=True)

    @plan_remind.autocomplete("timezone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return zone_choices(current)

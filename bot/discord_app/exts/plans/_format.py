"""Pure helpers of the /plan commands: the replies and what a failed DM means."""

from __future__ import annotations

import discord

from ....services.plans import Delivery, ReminderSet

CLOSED_DMS = 50007  # Discord: "Cannot send messages to this user" (DMs closed, no shared server)


def reminder_set_message(done: ReminderSet) -> str:
    return (
        f"Reminder set: every day at {done.at} ({done.timezone}), by DM, at most once a day. "
        f"Next: {discord.utils.format_dt(done.next_at, 'F')}. "
        "Stop it with /plan remind off or the button under any reminder. "
        "If your DMs from server members are closed, I can't reach you."
    )


def reminders_off_message(stopped: bool) -> str:
    if stopped:
        return "Reminders stopped. Your plan stays: /plan show. /plan remind HH:MM starts them again."
    return "You had no reminders on."


def off_message(stopped: bool) -> str:
    return "Study plan turned off (and its reminders)." if stopped else "You had no study plan on."


def failed_send(exc: discord.HTTPException) -> Delivery:
    """A DM that could not be sent: "closed" when the member cannot receive it (not retried
    today, as every outcome), "failed" for anything else (logged)."""
    if isinstance(exc, discord.Forbidden | discord.NotFound) or exc.code == CLOSED_DMS:
        return "closed"
    return "failed"

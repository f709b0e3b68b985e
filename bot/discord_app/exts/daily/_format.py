"""Pure helpers of the daily commands: time-zone choices and the replies to moderators."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import available_timezones

import discord
from discord import app_commands

MAX_CHOICES = 25  # Discord's limit for autocomplete


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


def zone_choices(current: str) -> list[app_commands.Choice[str]]:
    """Common zones first; when typing, every IANA zone containing the text."""
    current = current.strip().lower().replace(" ", "_")
    if not current:
        names = list(COMMON_ZONES)
    else:
        names = sorted(z for z in available_timezones() if current in z.lower())
    return [app_commands.Choice(name=z, value=z) for z in names[:MAX_CHOICES]]


def setup_message(
    daily_time: str | None,
    timezone: str,
    channel_mention: str,
    exam: str | None,
    next_run_at: datetime | None,
) -> str:
    when = discord.utils.format_dt(next_run_at, "F") if next_run_at else "soon"
    return (
        f"Daily question set: {daily_time} {timezone} in {channel_mention}"
        f"{' (' + exam + ' questions)' if exam else ''}. Next post: {when}."
    )


def posted_message(channel_id: int, sent: bool) -> str:
    """The reply to /daily now."""
    if sent:
        return f"Posted today's question in <#{channel_id}>."
    return "I couldn't post in the daily channel: check my permissions there."

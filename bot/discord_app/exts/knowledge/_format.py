"""Pure helpers of the knowledge commands: /path choices, the echoed question, mentions."""

from __future__ import annotations

import re

from discord import app_commands

from ...embeds import clip_message

PATH_CHOICES = [
    app_commands.Choice(name="Outpatient (physician offices, clinics)", value="outpatient"),
    app_commands.Choice(name="Inpatient (hospitals)", value="inpatient"),
    app_commands.Choice(name="Payer (insurance companies, health plans)", value="payer"),
    app_commands.Choice(name="Risk adjustment (HCC)", value="risk-adjustment"),
]

MAX_ECHO = 300

GREETING = "Hi! Ask me about coding certifications, e.g. *how many CEUs do I need for the CPC?* or use /help."


def echo(question: str) -> str:
    """The member's question, quoted back above a slash-command answer."""
    flat = re.sub(r"\s+", " ", question).strip()
    if len(flat) > MAX_ECHO:
        flat = flat[: MAX_ECHO - 1] + "…"
    return clip_message(f"**Q:** {flat}")


def strip_mention(content: str, bot_id: int | None) -> str:
    """The message without the bot's mention (``<@id>`` or ``<@!id>``)."""
    if bot_id is not None:
        content = re.sub(rf"<@!?{bot_id}>", " ", content)
    return content.strip()

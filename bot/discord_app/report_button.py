"""The Report button under every reveal (quiz round and daily), and the short form it opens.

The button is a ``DynamicItem`` whose custom_id carries the question id, ``cc:report:<id>``, so
the buttons of reveals posted before a restart keep working. A click opens a modal asking what
is wrong; the answer goes to ``ReportsService`` of the bot that received it.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Self, cast

import discord

from ..services.errors import QuizError
from ..services.reports import NOTE_LIMIT, REASONS
from .replies import send_ephemeral

if TYPE_CHECKING:
    from ..services.reports import ReportsService

log = logging.getLogger("certcoach.reports")

GUILD_ONLY = "Reports are kept per server: report a question from a server's reveal."
FAILED = "Sorry, I couldn't record that report. Please try again."


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"cc:report:(?P<qid>[a-z0-9][a-z0-9-]{0,79})",
):
    def __init__(self, question_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Report", style=discord.ButtonStyle.secondary, custom_id=f"cc:report:{question_id}"
            )
        )
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match["qid"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            await send_ephemeral(interaction, GUILD_ONLY)
            return
        await interaction.response.send_modal(ReportModal(self.question_id))


def report_view(question_id: str) -> discord.ui.View:
    """A view holding the Report button of one question (added under its reveal)."""
    view = discord.ui.View(timeout=None)
    view.add_item(ReportButton(question_id))
    return view


class ReportModal(discord.ui.Modal):
    """What is wrong with the question: one short line."""

    reason: discord.ui.TextInput[Self] = discord.ui.TextInput(
        label="What is wrong?",
        placeholder=f"{', '.join(REASONS)}; then why (optional)",
        style=discord.TextStyle.short,
        max_length=NOTE_LIMIT,
        required=True,
    )

    def __init__(self, question_id: str) -> None:
        super().__init__(title=f"Report question {question_id}"[:45], timeout=600)
        self.question_id = question_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            await send_ephemeral(interaction, GUILD_ONLY)
            return
        reports = cast("ReportsService", interaction.client.services.reports)  # type: ignore[attr-defined]
        try:
            done = await reports.report_text(
                interaction.guild_id, self.question_id, interaction.user.id, self.reason.value
            )
            await send_ephemeral(interaction, done.message)
        except QuizError as exc:
            await send_ephemeral(interaction, exc.message)
        except Exception:
            log.exception("report of %s failed", self.question_id)
            await send_ephemeral(interaction, FAILED)

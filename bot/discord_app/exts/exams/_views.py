"""The buttons of a mock exam: A-E, Back, Next, Flag, Next flagged, Submit under a question;
Previous/Next under a report's missed questions.

Each is a ``DynamicItem`` whose custom_id says what it acts on,
``cc:exam:<attempt>:<n>:<action>`` (``n``: the 0-based question the message shows, or the
missed-questions page), so messages sent before a restart keep working and a click on an old
message never acts on another question. Posted messages carry these ids: never change an
action's name, add new ones.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Self

import discord

from ....services.exam_views import ExamQuestionView, ExamReport
from ._format import last_page

PREFIX = "cc:exam"
TEMPLATE = rf"{PREFIX}:(?P<attempt>\d+):(?P<n>\d+):(?P<action>[a-z0-9]+)"
NAVIGATION = {"back": "Back", "next": "Next", "flag": "Flag", "nf": "Next flagged", "sub": "Submit"}
MISSED = "mp"  # a page of missed questions

# (interaction, attempt id, question or page, action)
ExamClickHandler = Callable[[discord.Interaction, int, int, str], Awaitable[None]]


class ExamButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Never registered itself: :func:`bind` registers a subclass with the cog's handler."""

    def __init__(
        self,
        attempt: int,
        n: int,
        action: str,
        *,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        disabled: bool = False,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or action,
                style=style,
                custom_id=f"{PREFIX}:{attempt}:{n}:{action}",
                disabled=disabled,
                row=row,
            )
        )
        self.attempt, self.n, self.action = attempt, n, action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["attempt"]), int(match["n"]), match["action"])


def bind(on_click: ExamClickHandler) -> type[ExamButton]:
    class Bound(ExamButton, template=TEMPLATE):
        async def callback(self, interaction: discord.Interaction) -> None:
            await on_click(interaction, self.attempt, self.n, self.action)

    Bound.__name__ = Bound.__qualname__ = "ExamButton_bound"
    return Bound


def question_view(view: ExamQuestionView, item: type[ExamButton]) -> discord.ui.View:
    buttons = discord.ui.View(timeout=None)
    at = view.number - 1
    for i, letter in enumerate(view.question.letters):
        chosen = view.chosen == i
        style = discord.ButtonStyle.success if chosen else discord.ButtonStyle.primary
        buttons.add_item(item(view.attempt_id, at, str(i), label=letter, style=style, row=0))
    other_flags = view.flagged_count - (1 if view.flagged else 0)
    states = {
        "back": at == 0,
        "next": view.number == view.total,
        "flag": False,
        "nf": other_flags == 0,
        "sub": False,
    }
    for action, name in NAVIGATION.items():
        label = "Unflag" if action == "flag" and view.flagged else name
        style = discord.ButtonStyle.danger if action == "sub" else discord.ButtonStyle.secondary
        buttons.add_item(
            item(view.attempt_id, at, action, label=label, style=style, disabled=states[action], row=1)
        )
    return buttons


def report_view(report: ExamReport, page: int, item: type[ExamButton]) -> discord.ui.View | None:
    last = last_page(report)
    if not report.missed or last == 0:
        return None
    buttons = discord.ui.View(timeout=None)
    buttons.add_item(item(report.attempt_id, max(0, page - 1), MISSED, label="Previous", disabled=page == 0))
    buttons.add_item(
        item(report.attempt_id, min(last, page + 1), MISSED + "n", label="Next", disabled=page >= last)
    )
    return buttons

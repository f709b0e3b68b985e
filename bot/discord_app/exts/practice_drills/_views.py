"""The drill's buttons: A–E answers, Next and Stop, as ``DynamicItem``s whose custom_id carries
the drill (``cc:drill:a:<drill>:<position>:<choice>``, ``cc:drill:n:<drill>``,
``cc:drill:s:<drill>``), so a drill's buttons keep working after a restart. Each click answers
by editing the member's private drill message.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Self, TypeVar, cast

import discord

from ....cards.practice_drills import drill_feedback_card, drill_question_card, drill_summary_card
from ....core.banks.library import LETTERS
from ....services.errors import QuizError
from ....services.practice_drills import DrillFeedback, DrillQuestion, DrillSummary, PracticeDrillService
from ...embeds import card_to_embed
from ...replies import ACK_BUDGET, send_ephemeral
from ._format import HOW, LAST, NEXT

log = logging.getLogger("certcoach.drills")

PREFIX = "cc:drill"
FAILED = "Sorry, something went wrong with your drill. Please try again."
T = TypeVar("T")


def _drills(interaction: discord.Interaction) -> PracticeDrillService:
    return cast("PracticeDrillService", interaction.client.services.practice_drills)  # type: ignore[attr-defined]


async def update(
    interaction: discord.Interaction,
    work: Awaitable[T],
    render: Callable[[T], dict[str, Any]],
    *,
    new_message: bool = False,
) -> None:
    """Do ``work`` (acknowledging first when it may miss Discord's deadline), then show its
    result in place of the drill message (``new_message``: as a new private message); a
    member's mistake gets its sentence privately."""
    task = asyncio.ensure_future(work)
    try:
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        done, _ = await asyncio.wait({task}, timeout=max(0.0, ACK_BUDGET - age))
        if not done:  # the message is sent or edited when the work is done
            await interaction.response.defer(ephemeral=True, thinking=new_message)
        shown = render(await task)
        if interaction.response.is_done():
            await interaction.edit_original_response(**shown)
        elif new_message:
            await interaction.response.send_message(**shown, ephemeral=True)
        else:
            await interaction.response.edit_message(**shown)
    except QuizError as exc:
        await send_ephemeral(interaction, exc.message)
    except discord.HTTPException:
        log.warning("could not update a drill message (interaction %s)", interaction.id)
    except Exception:
        log.exception("a drill button failed")
        await send_ephemeral(interaction, FAILED)


class DrillAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{PREFIX}:a:(?P<drill>\d+):(?P<position>\d+):(?P<choice>\d)",
):
    def __init__(self, drill: int, position: int, choice: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[choice],
                style=discord.ButtonStyle.primary,
                custom_id=f"{PREFIX}:a:{drill}:{position}:{choice}",
            )
        )
        self.drill, self.position, self.choice = drill, position, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["drill"]), int(match["position"]), int(match["choice"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        work = _drills(interaction).answer(
            interaction.user.id, self.drill, self.position, self.choice, guild_id=interaction.guild_id
        )
        await update(interaction, work, feedback_message)


class DrillNextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"{PREFIX}:n:(?P<drill>\d+)"):
    def __init__(self, drill: int, *, last: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="See my summary" if last else "Next question",
                style=discord.ButtonStyle.success,
                custom_id=f"{PREFIX}:n:{drill}",
            )
        )
        self.drill = drill

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["drill"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        drills, user = _drills(interaction), interaction.user.id

        async def work() -> dict[str, Any]:
            upcoming = await drills.next_question(user, self.drill)
            if upcoming is None:
                return summary_message(await drills.finish(user, self.drill))
            return question_message(upcoming)

        await update(interaction, work(), lambda shown: shown)


class DrillStopButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"{PREFIX}:s:(?P<drill>\d+)"):
    def __init__(self, drill: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Stop", style=discord.ButtonStyle.secondary, custom_id=f"{PREFIX}:s:{drill}"
            )
        )
        self.drill = drill

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["drill"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await update(
            interaction, _drills(interaction).finish(interaction.user.id, self.drill), summary_message
        )


BUTTONS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (DrillAnswerButton, DrillNextButton, DrillStopButton)


def question_view(drill: int, position: int, n_choices: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for choice in range(n_choices):
        view.add_item(DrillAnswerButton(drill, position, choice))
    view.add_item(DrillStopButton(drill))
    return view


def next_view(drill: int, *, last: bool) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DrillNextButton(drill, last=last))
    return view


def question_message(q: DrillQuestion, note: str = "") -> dict[str, Any]:
    return {
        "content": note or None,
        "embed": card_to_embed(drill_question_card(q, HOW)),
        "view": question_view(q.session_id, q.position, len(q.question.choices)),
    }


def feedback_message(fb: DrillFeedback) -> dict[str, Any]:
    card = drill_feedback_card(fb, LAST if fb.finished else NEXT, stem=True)
    return {"content": None, "embed": card_to_embed(card), "view": next_view(fb.session_id, last=fb.finished)}


def summary_message(summary: DrillSummary) -> dict[str, Any]:
    return {"content": None, "embed": card_to_embed(drill_summary_card(summary)), "view": None}

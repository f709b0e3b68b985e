"""The A–E answer buttons under a posted question, and what a click does.

Buttons are ``DynamicItem``s whose custom_id carries what they answer, ``cc:<kind>:<id>:<n>``
(``r``: a round question id, ``d``: a daily post id; ``n``: the 0-based choice), so the buttons
of messages posted before a restart keep working. Each kind is bound at setup to the handler
of the extension that owns it: no cog looks another up.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any, ClassVar, Self

import discord

from ..cards.model import Text
from ..core.banks.library import LETTERS
from ..core.text import truncate
from ..services.errors import QuizError
from ..services.results import AnswerResult
from .embeds import MESSAGE_LIMIT, clip_message, markdown
from .replies import in_time, send_ephemeral

log = logging.getLogger("certcoach.quiz")

PREFIX = "cc"  # every CertCoach custom_id starts with it (other bots' buttons never match)


class ButtonKind(StrEnum):
    """What the id in an answer button's custom_id names. Posted messages carry these
    letters: never change a value, add a new one."""

    ROUND = "r"  # a round question id
    DAILY = "d"  # a daily post id


# (interaction, the id the button carries, the 0-based choice)
ClickHandler = Callable[[discord.Interaction, int, int], Awaitable[None]]


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{PREFIX}:(?P<kind>[a-z]):(?P<target>\d+):(?P<choice>\d)",
):
    """One A–E button. Never registered itself: :class:`AnswerButtons` registers a subclass
    per kind, with that kind's template and click handler."""

    kind: ClassVar[str] = ""

    def __init__(self, target: int, choice: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[choice],
                style=discord.ButtonStyle.primary,
                custom_id=f"{PREFIX}:{self.kind}:{target}:{choice}",
            )
        )
        self.target = target
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["target"]), int(match["choice"]))


class AnswerButtons:
    """The answer buttons of one kind, bound to ``on_click``.

    Register :attr:`item` with ``bot.add_dynamic_items`` so clicks on old messages reach it.
    """

    def __init__(self, kind: ButtonKind, on_click: ClickHandler) -> None:
        class Bound(AnswerButton, template=rf"{PREFIX}:{re.escape(kind)}:(?P<target>\d+):(?P<choice>\d)"):
            async def callback(self, interaction: discord.Interaction) -> None:
                await on_click(interaction, self.target, self.choice)

        Bound.kind = kind
        Bound.__name__ = Bound.__qualname__ = f"AnswerButton_{kind}"
        self.kind = kind
        self.item: type[AnswerButton] = Bound

    def view(self, target: int, n_choices: int) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        for choice in range(n_choices):
            view.add_item(self.item(target, choice))
        return view


def feedback_message(text: Text) -> str:
    """Private feedback as a message Discord accepts: when it is too long, the longest plain
    piece (the explanation) is clipped, so the verdict, its bold letters and the streak stay."""
    message = markdown(text)
    excess = len(message) - MESSAGE_LIMIT
    if excess > 0 and not isinstance(text, str):
        pieces = list(text)
        plain = {i: piece for i, piece in enumerate(pieces) if isinstance(piece, str)}
        longest = max(plain, key=lambda i: len(plain[i]), default=None)
        if longest is not None:
            pieces[longest] = truncate(plain[longest], max(1, len(plain[longest]) - excess))
            message = markdown(tuple(pieces))
    return clip_message(message)


async def record_click(
    interaction: discord.Interaction,
    work: Awaitable[AnswerResult],
    feedback: Callable[[AnswerResult], Text],
    label: str,
) -> AnswerResult | None:
    """Record an answer click (acknowledged in time) and tell the member privately how it went.

    Returns the result, or ``None`` when it could not be recorded (the member was told why).
    """
    try:
        result = await in_time(interaction, work)
        await send_ephemeral(interaction, feedback_message(feedback(result)))
        return result
    except QuizError as exc:
        await send_ephemeral(interaction, exc.message)
    except discord.HTTPException:
        log.warning("could not acknowledge answer button %s", label)
    except Exception:
        log.exception("answer button %s failed", label)
        await send_ephemeral(interaction, "Sorry, I couldn't record that answer. Please try again.")
    return None

"""The review session's buttons: A–E under a card and "Next card" under a verdict.  Both are
``DynamicItem``s (clicks on messages from before a restart reach them), bound at setup to the
cog's handlers."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Self

import discord

from ....core.banks.library import LETTERS
from ._format import ANSWER_ID, NEXT_ID, Score, answer_id, next_id, shown_time

# (interaction, score so far, question id, choice, when the card was shown)
OnAnswer = Callable[[discord.Interaction, Score, str, int, datetime], Awaitable[None]]
OnNext = Callable[[discord.Interaction, Score], Awaitable[None]]


class ReviewButtons:
    """The two DynamicItem classes of a session, bound to ``on_answer`` and ``on_next``;
    register :attr:`items` with ``bot.add_dynamic_items``."""

    def __init__(self, on_answer: OnAnswer, on_next: OnNext) -> None:
        class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_ID.pattern):
            def __init__(self, score: Score, shown_at: datetime, choice: int, question_id: str) -> None:
                super().__init__(
                    discord.ui.Button(
                        label=LETTERS[choice],
                        style=discord.ButtonStyle.primary,
                        custom_id=answer_id(score, shown_at, choice, question_id),
                    )
                )
                self.score, self.shown_at, self.choice, self.question_id = (
                    score,
                    shown_at,
                    choice,
                    question_id,
                )

            @classmethod
            async def from_custom_id(
                cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
            ) -> Self:
                score = Score(int(match["right"]), int(match["asked"]))
                return cls(score, shown_time(match["shown"]), int(match["choice"]), match["qid"])

            async def callback(self, interaction: discord.Interaction) -> None:
                await on_answer(interaction, self.score, self.question_id, self.choice, self.shown_at)

        class NextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=NEXT_ID.pattern):
            def __init__(self, score: Score) -> None:
                super().__init__(
                    discord.ui.Button(
                        label="Next card", style=discord.ButtonStyle.success, custom_id=next_id(score)
                    )
                )
                self.score = score

            @classmethod
            async def from_custom_id(
                cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
            ) -> Self:
                return cls(Score(int(match["right"]), int(match["asked"])))

            async def callback(self, interaction: discord.Interaction) -> None:
                await on_next(interaction, self.score)

        self._answer, self._next = AnswerButton, NextButton
        self.items: tuple[type[discord.ui.DynamicItem[Any]], ...] = (AnswerButton, NextButton)

    def answers(self, score: Score, shown_at: datetime, n_choices: int, question_id: str) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        for choice in range(n_choices):
            view.add_item(self._answer(score, shown_at, choice, question_id))
        return view

    def next_card(self, score: Score) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        view.add_item(self._next(score))
        return view

"""/review: the member's due cards one by one in a private message (ephemeral in a server, or in
DMs), A–E buttons, the verdict with its explanation, source and next due time, "Next card", and a
summary at the end.  Leeches (8 misses) name the guideline to reread."""

from __future__ import annotations

import logging
from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.review import nothing_due_card, review_question_card, review_result_card, review_summary_card
from ....services.errors import QuizError
from ....services.review import DueCard, ReviewService
from ...embeds import card_to_embed
from ...replies import send_ephemeral
from ._format import Score
from ._views import ReviewButtons

log = logging.getLogger("certcoach.review")


class ReviewCog(commands.Cog, name="Review"):
    def __init__(self, review: ReviewService) -> None:
        self.review = review
        self.buttons = ReviewButtons(self.on_answer, self.on_next)

    @app_commands.command(name="review", description="Spaced review: the questions you missed, when due")
    async def review_command(self, interaction: discord.Interaction) -> None:
        due = await self.review.next_card(interaction.user.id)
        if due is None:
            card = nothing_due_card(await self.review.next_due_at(interaction.user.id), self.review.clock())
            await interaction.response.send_message(embed=card_to_embed(card), ephemeral=True)
            return
        await interaction.response.send_message(
            embed=card_to_embed(review_question_card(due)), view=self._answers(Score(), due), ephemeral=True
        )

    async def on_answer(
        self,
        interaction: discord.Interaction,
        score: Score,
        question_id: str,
        choice: int,
        shown_at: datetime,
    ) -> None:
        try:
            result = await self.review.answer(interaction.user.id, question_id, choice, shown_at)
        except QuizError as exc:
            await send_ephemeral(interaction, exc.message)
            return
        after = score if result.duplicate else score.after(result.correct)
        embed = card_to_embed(review_result_card(result, self.review.clock()))
        await interaction.response.edit_message(embed=embed, view=self.buttons.next_card(after))

    async def on_next(self, interaction: discord.Interaction, score: Score) -> None:
        due = await self.review.next_card(interaction.user.id)
        if due is None:
            next_due = await self.review.next_due_at(interaction.user.id)
            summary = review_summary_card(score.right, score.asked, 0, next_due, self.review.clock())
            await interaction.response.edit_message(embed=card_to_embed(summary), view=None)
            return
        embed = card_to_embed(review_question_card(due))
        await interaction.response.edit_message(embed=embed, view=self._answers(score, due))

    def _answers(self, score: Score, due: DueCard) -> discord.ui.View:
        return self.buttons.answers(score, due.shown_at, len(due.question.choices), due.question.id)

"""Spaced review in the console: ``/review`` shows the member's due cards one by one; a letter
answers the card on screen, with the explanation, then the next card; ``/review stop`` ends it."""

from __future__ import annotations

from ..cards.review import nothing_due_card, review_question_card, review_result_card, review_summary_card
from ..core.banks.library import LETTERS
from ..services.errors import QuizError
from ..services.review import DueCard, ReviewService
from .commands import Handler, Render
from .identity import CONSOLE_USER


class ReviewCommands:
    def __init__(self, review: ReviewService, render: Render) -> None:
        self.review = review
        self.render = render
        self.current: DueCard | None = None
        self.right = self.asked = self.leeches = 0

    def commands(self) -> dict[str, Handler]:
        return {"review": self.start}

    async def start(self, args: list[str]) -> str:
        if args and args[0].lower() == "stop":
            return await self._finish() if self.current else "No review is running."
        self.right = self.asked = self.leeches = 0
        return await self._next()

    async def _next(self) -> str:
        self.current = await self.review.next_card(CONSOLE_USER)
        if self.current is None:
            if self.asked:
                return await self._finish()
            now = self.review.clock()
            return self.render(nothing_due_card(await self.review.next_due_at(CONSOLE_USER), now))
        card = review_question_card(self.current)
        letters = ", ".join(self.current.question.letters)
        return self.render(card) + f"\nType {letters} to answer; /review stop ends the review."

    async def _finish(self) -> str:
        self.current = None
        now = self.review.clock()
        summary = review_summary_card(
            self.right, self.asked, self.leeches, await self.review.next_due_at(CONSOLE_USER), now
        )
        return self.render(summary)

    async def typed_answer(self, line: str) -> str | None:
        """A letter typed while a card is on screen answers it; anything else is not mine."""
        due = self.current
        letter = line.strip().upper().rstrip(").")
        if due is None or len(letter) != 1 or letter not in due.question.letters:
            return None
        try:
            result = await self.review.answer(
                CONSOLE_USER, due.question.id, LETTERS.index(letter), due.shown_at
            )
        except QuizError as exc:
            self.current = None
            return exc.message
        if not result.duplicate:
            self.asked += 1
            self.right += result.correct
            self.leeches += result.leech is not None
        shown = self.render(review_result_card(result, self.review.clock()))
        return shown + "\n\n" + await self._next()

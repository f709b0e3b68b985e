"""Daily-question cards: the question of the day and the private feedback with streaks.

The reveal is the round's :func:`bot.cards.rounds.reveal_card` with a dated title
(:func:`daily_reveal_card`).
"""

from __future__ import annotations

from datetime import date

from bot.core.banks.library import LETTERS, Question
from bot.services.results import AnswerResult, RevealSummary

from .model import Card, Inline, Strong, Text
from .rounds import choices, meta, reveal_card
from .stats import streak_line


def daily_question_card(question: Question, local_date: date) -> Card:
    return Card(
        title=f"Daily question · {local_date.isoformat()}",
        description=question.stem,
        choices=choices(question),
        hint=f"{meta(question)} · One answer per member; the answer is revealed with tomorrow's question.",
    )


def daily_reveal_card(summary: RevealSummary, local_date: date) -> Card:
    return reveal_card(summary, title_prefix=f"Daily question {local_date.isoformat()}, answer")


def daily_feedback(result: AnswerResult) -> Text:
    """Private feedback on the daily question: right or wrong, why, and the streak."""
    if result.too_late:
        return "This daily question is closed; the next one comes at the usual time."
    letter = Strong(LETTERS[result.choice_index] if result.choice_index is not None else "?")
    head: tuple[Inline, ...]
    if result.duplicate:
        head = ("You already answered ", letter, " today; your first answer counts.")
    elif result.correct:
        head = (letter, f" is correct! +{result.points} points.")
    else:
        right = Strong(LETTERS[result.correct_index] if result.correct_index is not None else "?")
        head = (letter, " is not right; the answer is ", right, ".")
    tail = [part for part in (result.explanation, streak_line(result.streaks)) if part]
    return head + tuple(f"\n\n{part}" for part in tail)

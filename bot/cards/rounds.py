"""Quiz-round cards: the question, the reveal, the final standings, the private feedback.

The question and reveal builders are shared with the daily question (:mod:`.daily`).
"""

from __future__ import annotations

from bot.core.banks.domains import domain_title
from bot.core.banks.library import LETTERS, Question
from bot.core.stats import Standing
from bot.services.results import AnswerResult, RevealSummary, RoundQuestion

from .model import Card, Inline, Name, Strong, Text
from .stats import standings_table

MAX_NAMES = 15
MAX_STANDINGS = 15
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
FINISH_REASONS = {
    "completed": "All questions asked.",
    "inactive": "Stopped after two questions in a row with no answers.",
    "stopped": "Stopped by the starter or a moderator.",
    "expired": "Ended while the bot was offline.",
}


def choices(question: Question) -> tuple[tuple[str, str], ...]:
    """A question's choices as (letter, text) pairs."""
    return tuple((LETTERS[i], choice) for i, choice in enumerate(question.choices))


def meta(question: Question) -> str:
    """Exam area and difficulty, e.g. "ICD-10-CM · medium"."""
    return f"{domain_title(question.domain)} · {DIFFICULTY.get(question.difficulty, '?')}"


def round_question_card(rq: RoundQuestion, *, typed_answers: bool = True) -> Card:
    how = "Click a letter" + (" or type it (or the answer) in the channel" if typed_answers else "")
    return Card(
        title=f"Question {rq.number}/{rq.total}",
        description=rq.question.stem,
        choices=choices(rq.question),
        hint=f"{meta(rq.question)} · {rq.seconds} s · {how}. One answer per member.",
    )


def _names(users: tuple[tuple[int, str], ...]) -> Text:
    if not users:
        return "Nobody this time."
    shown: list[Inline] = []
    for _, name in users[:MAX_NAMES]:
        shown += [", ", Name(name)] if shown else [Name(name)]
    more = len(users) - MAX_NAMES
    return (*shown, f" and {more} more") if more > 0 else tuple(shown)


def _bar(share: float, width: int = 10) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def reveal_card(summary: RevealSummary, *, title_prefix: str = "Answer") -> Card:
    """The answer, how the members answered, and who got it right (rounds and daily)."""
    q = summary.question
    card = Card(
        title=f"{title_prefix}: {summary.correct_letter}) {summary.correct_text}",
        description=summary.explanation,
    )
    lines = [
        f"{LETTERS[i]} {_bar(summary.shares[i])} {round(summary.shares[i] * 100)}% ({summary.counts[i]})"
        for i in range(len(q.choices))
    ]
    card.fields.append((f"Answers ({summary.total})", "\n".join(lines)))
    card.fields.append(("Got it right", _names(summary.correct_users)))
    card.hint = f"Source: {summary.source}"
    return card


def standings_card(standings: tuple[Standing, ...] | list[Standing], reason: str | None) -> Card:
    card = Card(title="Quiz over: final standings", description=FINISH_REASONS.get(reason or "", ""))
    if standings:
        card.table = standings_table(standings[:MAX_STANDINGS])
    else:
        card.description = (card.description + " Nobody answered.").strip()
    return card


def round_feedback(result: AnswerResult) -> Text:
    """What a member sees privately after answering a round question (no spoiler)."""
    if result.too_late:
        return "Too late: this question is closed. Catch the next one!"
    letter = LETTERS[result.choice_index] if result.choice_index is not None else "?"
    if result.duplicate:
        return f"You already answered {letter}; your first answer counts."
    return ("Locked in ", Strong(letter), ". The answer is revealed when time is up.")

"""Spaced-review cards: a due card, the verdict with its explanation and next due time, a leech
note, "nothing due", and a session's summary (the console and Discord show the same)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.banks.library import LETTERS
from bot.services.review import DueCard, Leech, ReviewResult

from .model import Card, Inline, Strong, Text
from .rounds import choices, meta

NO_CARDS = (
    "No review cards yet. A question you miss in a quiz round, the daily question, a mock exam or "
    "a drill comes back here when it is due."
)


def when_text(when: datetime, now: datetime) -> str:
    """'in 10 min (2026-03-02 14:10 UTC)', 'now' when it is due already."""
    delta = when - now
    if delta <= timedelta(0):
        return "now"
    minutes = delta.total_seconds() / 60
    if minutes < 60:
        relative = f"in {max(1, round(minutes))} min"
    elif minutes < 48 * 60:
        relative = f"in {round(minutes / 60)} h"
    else:
        relative = f"in {round(minutes / 1440)} days"
    return f"{relative} ({when:%Y-%m-%d %H:%M} UTC)"


def review_question_card(due: DueCard) -> Card:
    missed = due.card.lapses
    return Card(
        title=f"Review · {due.due} due",
        description=due.question.stem,
        choices=choices(due.question),
        hint=f"{meta(due.question)} · missed {missed} time{'s' if missed != 1 else ''} · {due.question.id}",
    )


def leech_text(leech: Leech) -> Text:
    parts: list[Inline] = [
        Strong(f"Missed {leech.lapses} times."),
        f" Reread the guideline before the next try: {leech.source}.",
    ]
    if leech.topic_title:
        parts.append(f" Related topic: {leech.topic_title} ({leech.topic_id}).")
    return tuple(parts)


def review_result_card(result: ReviewResult, now: datetime) -> Card:
    q = result.question
    if result.duplicate:
        title: Text = "Already answered: this card is counted once"
    elif result.correct:
        title = f"Correct: {q.answer_letter}) {q.correct_choice}"
    else:
        title = (f"Not quite ({LETTERS[result.choice]}). The answer: {q.answer_letter}) {q.correct_choice}",)
    card = Card(title=title, description=q.explanation)
    card.fields.append(("Next review", when_text(result.next_due, now)))
    if result.leech is not None:
        card.fields.append(("Leech", leech_text(result.leech)))
    card.hint = f"Source: {q.source} · {result.due_left} still due"
    return card


def nothing_due_card(next_due: datetime | None, now: datetime) -> Card:
    if next_due is None:
        return Card(title="Nothing due", description=NO_CARDS)
    return Card(title="Nothing due", description=f"Your next review card is due {when_text(next_due, now)}.")


def review_summary_card(
    right: int, asked: int, leeches: int, next_due: datetime | None, now: datetime
) -> Card:
    card = Card(title="Review done", description=f"{right} of {asked} right.")
    if leeches:
        card.description += f" {leeches} leech(es): reread their guidelines."
    if next_due is not None:
        card.fields.append(("Next card due", when_text(next_due, now)))
    return card

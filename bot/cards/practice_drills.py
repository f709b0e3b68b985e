"""Weak-area drill cards: the question, the private feedback after each answer, the summary."""

from __future__ import annotations

from bot.core.banks.domains import domain_title
from bot.core.banks.library import LETTERS
from bot.core.practice_drills.choose import RECENT_PER_AREA, Accuracy
from bot.services.practice_drills import DrillFeedback, DrillQuestion, DrillStart, DrillSummary

from .model import Card, Strong
from .rounds import choices, meta


def accuracy_text(acc: Accuracy) -> str:
    if acc.percent is None:
        return "no answers yet"
    return f"{acc.right} of {acc.asked} right, {acc.percent:.0f}%"


def start_note(start: DrillStart) -> str:
    """Why this drill and this area, in one line."""
    area = domain_title(start.question.domain)
    if start.resumed:
        return f"Resuming your unfinished drill on {area}."
    lead = "Your previous unfinished drill was ended (its answers are kept). " if start.replaced else ""
    if start.weakest:
        why = f"Your weakest {start.question.exam} area lately: {area} ({accuracy_text(start.accuracy)})."
    else:
        why = f"A drill on {area} (your recent accuracy: {accuracy_text(start.accuracy)})."
    return lead + why


def drill_question_card(q: DrillQuestion, how: str) -> Card:
    return Card(
        title=f"Drill: {domain_title(q.domain)} · question {q.number}/{q.total}",
        description=q.question.stem,
        choices=choices(q.question),
        hint=f"{meta(q.question)} · {how}",
    )


def drill_feedback_card(fb: DrillFeedback, how_next: str, *, stem: bool = False) -> Card:
    """``stem``: repeat the question (where the feedback replaces it on screen)."""
    q = fb.question
    verdict = "Right!" if fb.correct else f"Not quite: you chose {LETTERS[fb.choice]}."
    return Card(
        title=f"{verdict} Question {fb.position + 1}/{fb.total}",
        description=q.stem if stem else "",
        fields=[
            ("Answer", (Strong(f"{q.answer_letter}) {q.correct_choice}"),)),
            ("Why", q.explanation),
            *([("Source", q.source)] if q.source else []),
        ],
        hint=how_next,
    )


def drill_summary_card(summary: DrillSummary) -> Card:
    asked = f"{summary.right}/{summary.asked} right"
    if summary.asked < summary.total:
        asked += f" ({summary.total - summary.asked} of {summary.total} not answered)"
    return Card(
        title=f"Drill finished: {domain_title(summary.domain)}",
        fields=[
            ("Score", asked),
            (
                f"Area accuracy (your last {RECENT_PER_AREA} answers)",
                f"before the drill: {accuracy_text(summary.before)}; now: {accuracy_text(summary.now)}",
            ),
        ],
        hint="Another: /drill (your weakest area), or /drill with an exam or an area.",
    )

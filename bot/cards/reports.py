"""Cards for question reports: the moderators' list of the most-reported questions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.reports import QuestionReports

from .model import Card, Code, Inline, Name, Text

NO_REPORTS = "No question has been reported in this server."


def reports_card(listed: Sequence[QuestionReports]) -> Card:
    """Most-reported first; each question's latest reasons are members' words (escaped)."""
    if not listed:
        return Card(title="Question reports", description=NO_REPORTS)
    fields: list[tuple[Text, Text]] = []
    for r in listed:
        state = " (retired here)" if r.retired else ""
        title: Text = (Code(r.question_id), f": {r.reports} report(s){state}")
        reasons: list[Inline] = []
        for reason in r.reasons:
            reasons += ["\n- " if reasons else "- ", Name(reason)]
        fields.append((title, tuple(reasons)))
    return Card(
        title="Question reports",
        description="Most-reported first, with the latest reasons.",
        fields=fields,
        hint="Retire one from this server's rotation: /reports retire, undo with /reports restore.",
    )

"""Cards for the feedback loop: the moderators' page of unanswered questions."""

from __future__ import annotations

from bot.core.feedback import ItemKind
from bot.services.feedback import PAGE_SIZE, UnansweredPage

from .model import Card, Code, Inline, Name, Text

TITLE = "Unanswered questions"
EMPTY = "Nothing waiting: no declined or “not helpful” question here in the last {days} days."
EXPORT = "python -m bot unanswered export"


def item_label(number: int) -> str:
    """How a page numbers its items (the buttons say the same number)."""
    return f"#{number}"


def unanswered_card(page: UnansweredPage) -> Card:
    """Most asked first; each question is members' words, anonymised and shown escaped."""
    marked = ""
    if page.kb_items:
        marked = f" {page.kb_items} marked for the knowledge base: {EXPORT} writes their stubs."
    if not page.items:
        return Card(title=TITLE, description=EMPTY.format(days=page.retention_days) + marked)
    fields: list[tuple[Text, Text]] = []
    for number, item in enumerate(page.items, start=page.page * PAGE_SIZE + 1):
        what = "declined" if item.kind is ItemKind.DECLINED else "not helpful"
        title: Text = (f"{item_label(number)} ", Name(item.question))
        value: list[Inline] = [f"{what} ×{item.asks} · last {item.last_seen:%Y-%m-%d %H:%M} UTC"]
        if item.answer:
            value += [" · answered with ", Code(item.answer)]
        fields.append((title, tuple(value)))
    return Card(
        title=f"{TITLE} ({page.open_items})",
        description=(
            "Asked most often first. Questions are kept without who asked them, for "
            f"{page.retention_days} days after they were last asked.{marked}"
        ),
        fields=fields,
        hint=f"Page {page.page + 1}/{page.pages}. Dismiss an item, or mark it “Add to KB” for {EXPORT}.",
    )

"""Where the answer sits in a card: the measure behind "answer the question in the first two
sentences".

A right answer is rendered as the member sees it in Discord (title, description with its notes,
then the fields, then the sources) as plain text; a labelled question's ``fact`` (a
case-insensitive regex) must appear within the first :data:`WINDOW` characters. Reported by
``benchmarks/eval_router.py`` beside the accuracy and checked on ``tests/data/facts_probe.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.knowledge.model import KnowledgeBase
from bot.core.router.evaluation import judge
from bot.core.router.routes import Route

from .knowledge import route_card
from .model import Card, Text

WINDOW = 300  # characters a member reads before deciding whether the answer is there


def _plain(text: Text) -> str:
    return text if isinstance(text, str) else "".join(p if isinstance(p, str) else p.text for p in text)


def answer_text(card: Card) -> str:
    """The card as plain text in the order Discord shows it."""
    parts = [_plain(card.title), card.description]
    parts += [letter + ") " + choice for letter, choice in card.choices]
    parts += card.notes
    if card.table is not None:
        for row in card.table.rows:
            parts.append(" ".join(_plain(cell) for cell in row))
    parts += [f"{_plain(name)}\n{_plain(value)}" for name, value in card.fields]
    parts += [s.title for s in card.sources]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Positions:
    """Over the right answers to questions that name a fact."""

    right: int  # right answers whose question has a ``fact``
    within: float  # share with the fact in the first WINDOW characters
    anywhere: float  # share with the fact anywhere in the card
    late: tuple[str, ...]  # questions whose fact is in the card but after the window
    missing: tuple[str, ...]  # questions whose fact is not in the card at all

    def line(self, name: str) -> str:
        return (
            f"{name}: fact within the first {WINDOW} characters of {self.within:.1%} of "
            f"{self.right} right answers naming a fact; anywhere in the answer {self.anywhere:.1%}"
        )


def answer_positions(
    kb: KnowledgeBase,
    route: Callable[[str], Route],
    items: list[Mapping[str, Any]],
    card_for: Callable[[KnowledgeBase, Route], Card] = route_card,
) -> Positions:
    """Route each item with a ``fact``; for the right answers, where the fact sits in the card."""
    within = anywhere = right = 0
    late: list[str] = []
    missing: list[str] = []
    for item in items:
        pattern = item.get("fact")
        if not pattern:
            continue
        routed = route(item["q"])
        if not judge(item, routed):
            continue
        right += 1
        found = re.search(pattern, answer_text(card_for(kb, routed)), re.IGNORECASE)
        if found is None:
            missing.append(item["q"])
            continue
        anywhere += 1
        if found.end() <= WINDOW:
            within += 1
        else:
            late.append(item["q"])
    return Positions(right, within / max(1, right), anywhere / max(1, right), tuple(late), tuple(missing))

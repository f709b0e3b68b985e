"""The question banks as a card (/quiz banks)."""

from __future__ import annotations

from bot.core.banks.domains import domain_title
from bot.core.banks.library import BankSummary

from .model import Card, Code


def banks_card(banks: list[BankSummary]) -> Card:
    total = sum(b.count for b in banks)
    card = Card(title="Question banks", description=f"{len(banks)} banks, {total} questions.")
    for bank in banks:
        areas = ", ".join(f"{domain_title(d)} {n}" for d, n in bank.domains.items())
        name = (f"{bank.title} (", Code(bank.id), f", {bank.count})")
        card.fields.append((name, f"Exams: {', '.join(bank.exams)}\n{areas}"))
    card.hint = "Start one: /quiz start bank:<id> (or exam:/domain:)."
    return card

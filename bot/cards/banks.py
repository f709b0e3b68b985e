"""The question banks as a card (/quiz banks)."""

from __future__ import annotations

from bot.core.banks.domains import domain_title
from bot.core.banks.library import BankSummary
from bot.core.codes.drills import DRILL_SOURCE

from .model import Card, Code

DRILL_KINDS = "The code among its siblings, seventh characters, Excludes1 or Excludes2, sequencing notes."


def banks_card(banks: list[BankSummary]) -> Card:
    total = sum(b.count for b in banks if not b.generated)
    card = Card(title="Question banks", description=f"{len(banks)} banks, {total} written questions.")
    for bank in banks:
        if bank.generated:
            made = f"{bank.count:,} drills" if bank.count else "made on demand"
            name = (f"{bank.title} (", Code(bank.id), f", {made})")
            card.fields.append(
                (name, f"Exams: {', '.join(bank.exams)}\n{DRILL_KINDS} Also exam:{DRILL_SOURCE}.")
            )
            continue
        areas = ", ".join(f"{domain_title(d)} {n}" for d, n in bank.domains.items())
        name = (f"{bank.title} (", Code(bank.id), f", {bank.count})")
        card.fields.append((name, f"Exams: {', '.join(bank.exams)}\n{areas}"))
    card.hint = "Start one: /quiz start bank:<id> (or exam:/domain:)."
    return card

"""Pure helpers of the round commands: option choices and the texts around a round."""

from __future__ import annotations

from discord import app_commands

from ....core.banks.domains import DOMAINS
from ....core.banks.library import BankSummary
from ....services.results import AnswerResult

MAX_CHOICES = 25  # Discord's limit for choices and autocomplete


def domain_choices(current: str) -> list[app_commands.Choice[str]]:
    current = current.lower()
    found = [d for d in DOMAINS.values() if current in d.id or current in d.title.lower()]
    return [
        app_commands.Choice(name=f"{d.exam or 'All'}: {d.title}"[:100], value=d.id)
        for d in found[:MAX_CHOICES]
    ]


def bank_choices(banks: list[BankSummary], current: str) -> list[app_commands.Choice[str]]:
    current = current.lower()
    found = [b for b in banks if current in b.id or current in b.title.lower()]
    return [app_commands.Choice(name=f"{b.title} ({b.count})"[:100], value=b.id) for b in found[:MAX_CHOICES]]


def start_message(
    total: int, seconds: int, *, exam: str | None, domain: str | None, bank: str | None, typed_answers: bool
) -> str:
    """The public announcement of a new round."""
    what = " · ".join(x for x in (exam, DOMAINS[domain].title if domain in DOMAINS else domain, bank) if x)
    return (
        f"Quiz starting: {total} question(s), {seconds} s each{(' · ' + what) if what else ''}. "
        f"Answer with the buttons{' or by typing the letter' if typed_answers else ''}; "
        "one answer per member. Good luck!"
    )


def typed_reaction(result: AnswerResult) -> str:
    """The reaction on a typed answer: too late, already answered, or recorded."""
    return "⌛" if result.too_late else "🔁" if result.duplicate else "✅"

"""The drill's wording in Discord and its area autocomplete."""

from __future__ import annotations

from discord import app_commands

from ....core.banks.domains import DOMAINS, domain_title
from ....services.errors import QuizError
from ....services.practice_drills import PracticeDrillService

MAX_CHOICES = 25  # Discord's limit for autocomplete
HOW = "Click a letter; only you see this drill."
NEXT = "Press Next for the next question."
LAST = "That was the last question: press Next for your summary."


def area_choices(
    drills: PracticeDrillService, exam: str | None, current: str
) -> list[app_commands.Choice[str]]:
    """The drill areas (of the exam chosen so far) whose id or title contains what was typed."""
    try:
        chosen = drills.parse_exam(exam)
    except QuizError:
        chosen = None
    current = current.strip().lower()
    found = [a for a in drills.areas(chosen) if current in a or current in domain_title(a).lower()]
    return [
        app_commands.Choice(name=f"{DOMAINS[a].exam or 'All'}: {domain_title(a)}"[:100], value=a)
        for a in found[:MAX_CHOICES]
    ]

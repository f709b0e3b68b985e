"""The exam option every command that filters by exam offers: each credential, and the
generated ICD-10-CM drills."""

from __future__ import annotations

from discord import app_commands

from ..core.banks.domains import EXAMS
from ..core.codes.drills import DRILL_SOURCE

EXAM_CHOICES = [
    *(app_commands.Choice(name=e, value=e) for e in EXAMS),
    app_commands.Choice(name="ICD-10-CM drills (generated from the tabular)", value=DRILL_SOURCE),
]

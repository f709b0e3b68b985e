"""Generated ICD-10-CM drills as a question source beside the YAML banks.

The questions come from :mod:`bot.core.codes.drills` over the codes service's tabular. The list
of every drill id is derived from the tabular once, in a worker thread (about half a second),
and kept: it is a function of the bundled code data, which no other process can change.
"""

from __future__ import annotations

import asyncio
import random

from bot.core.banks.library import BankSummary, Question
from bot.core.codes.drills import (
    DRILL_BANK,
    DRILL_DOMAIN,
    DRILL_EXAMS,
    drill_ids,
    drill_question,
    is_drill_id,
    sample_drill_ids,
)

from .codes import CodesService

PER_KIND = 400  # ids of each kind offered to one draw: enough for any round, every kind equally
TITLE = "ICD-10-CM drills, generated from the FY2026 tabular"


class DrillService:
    def __init__(self, codes: CodesService) -> None:
        self._codes = codes
        self._ids: dict[str, list[str]] | None = None
        self._lock = asyncio.Lock()

    async def ready(self) -> dict[str, list[str]]:
        """Every drill id by kind; the first caller derives them (after the code data loads)."""
        if self._ids is not None:
            return self._ids
        async with self._lock:
            if self._ids is None:
                await self._codes.ready()
                tab = self._codes.tabular()
                self._ids = await asyncio.to_thread(drill_ids, tab)
        return self._ids

    async def pool(self, rng: random.Random) -> list[str]:
        """A fresh draw of drill ids, the same number of each kind."""
        return sample_drill_ids(await self.ready(), PER_KIND, rng)

    def question(self, question_id: str) -> Question | None:
        """The drill with this id. Before the code data has loaded (just after a restart, with a
        round waiting on a drill) it is loaded here, once."""
        if not is_drill_id(question_id):
            return None
        if not self._codes.loaded:
            self._codes.load_now()
        return drill_question(self._codes.tabular(), question_id)

    def summary(self) -> BankSummary:
        """The drills as a bank line (how many there are is known after their first use)."""
        count = sum(len(ids) for ids in self._ids.values()) if self._ids is not None else 0
        return BankSummary(DRILL_BANK, TITLE, DRILL_EXAMS, count, {DRILL_DOMAIN: count}, generated=True)

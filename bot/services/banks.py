"""The question banks as the other services see them: the current library, the generated
ICD-10-CM drills beside it, and their overview.

This is the one holder of the loaded ``QuizLibrary``, so swapping in freshly loaded banks
(``reload_library``) reaches every service at once; running rounds and daily posts keep their
question ids. A filter selects the drills when it names them (exam ``ICD-10-CM``, domain or
bank ``icd10cm-drills``); they are never mixed into a draw from the exam banks, which their
tens of thousands of items would drown.
"""

from __future__ import annotations

import random

from bot.core.banks.library import Bank, BankSummary, Question, QuizLibrary
from bot.core.codes.drills import DRILL_BANK, DRILL_DOMAIN, DRILL_SOURCE, is_drill_id

from .drills import DrillService
from .errors import NotFound


def selects_drills(exam: str | None = None, domain: str | None = None, bank: str | None = None) -> bool:
    return exam == DRILL_SOURCE or domain == DRILL_DOMAIN or bank == DRILL_BANK


class BanksService:
    def __init__(self, library: QuizLibrary, drills: DrillService | None = None) -> None:
        self._library = library
        self._drills = drills

    @property
    def library(self) -> QuizLibrary:
        return self._library

    @property
    def drills(self) -> DrillService | None:
        return self._drills

    def reload_library(self, library: QuizLibrary) -> None:
        """Swap in freshly loaded banks."""
        self._library = library

    def banks_overview(self) -> list[BankSummary]:
        """Every bank: id, title, exams, question count, counts per domain id; the drills last."""
        drills = [self._drills.summary()] if self._drills else []
        return [*self._library.overview(), *drills]

    def find(self, question_id: str) -> Question | None:
        if self._drills is not None and is_drill_id(question_id):
            return self._drills.question(question_id)
        return self._library.get(question_id)

    def question(self, question_id: str) -> Question:
        """The question; raises NotFound when it left the banks (e.g. after a reload)."""
        q = self.find(question_id)
        if q is None:
            raise NotFound("That question is no longer in the question banks.")
        return q

    def bank(self, bank_id: str) -> Bank | None:
        return self._library.bank(bank_id)

    def has_bank(self, bank_id: str) -> bool:
        return self._library.bank(bank_id) is not None or (self._drills is not None and bank_id == DRILL_BANK)

    def offers_drills(self) -> bool:
        return self._drills is not None

    def select(
        self, exam: str | None = None, domain: str | None = None, bank: str | None = None
    ) -> list[Question]:
        """Questions of the YAML banks matching every filter given, in bank order."""
        return self._library.select(exam=exam, domain=domain, bank=bank)

    async def pool(
        self,
        rng: random.Random,
        exam: str | None = None,
        domain: str | None = None,
        bank: str | None = None,
    ) -> list[str]:
        """The ids a round or a daily question is drawn from: a fresh draw of drills when the
        filter names them, else the matching bank questions."""
        if selects_drills(exam, domain, bank):
            return await self._drills.pool(rng) if self._drills is not None else []
        return [q.id for q in self.select(exam=exam, domain=domain, bank=bank)]

    def __len__(self) -> int:
        return len(self._library)

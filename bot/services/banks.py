"""The question banks as the other services see them: the current library and its overview.

This is the one holder of the loaded ``QuizLibrary``, so swapping in freshly loaded banks
(``reload_library``) reaches every service at once; running rounds and daily posts keep their
question ids.
"""

from __future__ import annotations

from bot.core.banks.library import Bank, BankSummary, Question, QuizLibrary

from .errors import NotFound


class BanksService:
    def __init__(self, library: QuizLibrary) -> None:
        self._library = library

    @property
    def library(self) -> QuizLibrary:
        return self._library

    def reload_library(self, library: QuizLibrary) -> None:
        """Swap in freshly loaded banks."""
        self._library = library

    def banks_overview(self) -> list[BankSummary]:
        """Every bank: id, title, exams, question count, counts per domain id."""
        return self._library.overview()

    def find(self, question_id: str) -> Question | None:
        return self._library.get(question_id)

    def question(self, question_id: str) -> Question:
        """The question; raises NotFound when it left the banks (e.g. after a reload)."""
        q = self._library.get(question_id)
        if q is None:
            raise NotFound("That question is no longer in the question banks.")
        return q

    def bank(self, bank_id: str) -> Bank | None:
        return self._library.bank(bank_id)

    def select(
        self, exam: str | None = None, domain: str | None = None, bank: str | None = None
    ) -> list[Question]:
        """Questions matching every filter given, in bank order."""
        return self._library.select(exam=exam, domain=domain, bank=bank)

    def __len__(self) -> int:
        return len(self._library)

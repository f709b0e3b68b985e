"""Question banks as the bot uses them: questions, banks, and the library that selects among them.

Built by :mod:`bot.core.banks.loader` from ``quizzes/*.yaml``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

LETTERS = "ABCDE"  # choice letters, in order: a question has at most five choices


@dataclass(frozen=True, slots=True)
class Question:
    """One multiple-choice question. ``answer`` is the 0-based index of the correct choice."""

    id: str
    bank_id: str
    exams: tuple[str, ...]
    domain: str
    difficulty: int
    stem: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    source: str
    accept: tuple[str, ...] = ()
    kind: str = "recall"  # "recall" or "application" (a scenario to apply rules to)

    @property
    def answer_letter(self) -> str:
        return LETTERS[self.answer]

    @property
    def correct_choice(self) -> str:
        return self.choices[self.answer]

    @property
    def letters(self) -> str:
        """The letters in use, e.g. ``"ABCD"``."""
        return LETTERS[: len(self.choices)]


@dataclass(frozen=True, slots=True)
class Bank:
    id: str
    title: str
    exams: tuple[str, ...]
    questions: tuple[Question, ...]
    file: str

    @property
    def domain_counts(self) -> dict[str, int]:
        """Questions per domain id, most common first."""
        return dict(Counter(q.domain for q in self.questions).most_common())


@dataclass(frozen=True, slots=True)
class BankSummary:
    """What ``/quiz banks`` shows: one line per bank."""

    id: str
    title: str
    exams: tuple[str, ...]
    count: int
    domains: dict[str, int]
    generated: bool = False  # drawn from the ICD-10-CM tabular; ``count`` is 0 until first use


@dataclass
class QuizLibrary:
    """All loaded banks, questions indexed by id."""

    banks: list[Bank] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)

    @classmethod
    def from_banks(cls, banks: Iterable[Bank]) -> QuizLibrary:
        banks = list(banks)
        questions = {q.id: q for b in banks for q in b.questions}
        return cls(banks=banks, questions=questions)

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def select(
        self, exam: str | None = None, domain: str | None = None, bank: str | None = None
    ) -> list[Question]:
        """Questions matching every filter given (case-insensitive), in bank/file order.

        ``exam`` matches the bank's ``exams`` list; ``domain`` is a domain id such as
        ``cpc.icd10cm``; ``bank`` is a bank id.
        """
        exam_u = exam.strip().upper() if exam else None
        domain_l = domain.strip().lower() if domain else None
        bank_l = bank.strip().lower() if bank else None
        out: list[Question] = []
        for b in self.banks:
            if bank_l and b.id != bank_l:
                continue
            if exam_u and exam_u not in b.exams:
                continue
            out.extend(q for q in b.questions if not domain_l or q.domain == domain_l)
        return out

    def overview(self) -> list[BankSummary]:
        return [BankSummary(b.id, b.title, b.exams, len(b.questions), b.domain_counts) for b in self.banks]

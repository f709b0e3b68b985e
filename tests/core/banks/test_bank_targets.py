"""The banks' size and shape against issue 10's targets, measured over the shipped banks.

- Questions per exam: CPC >= 700 (five full mock exams without a repeat), CCS >= 400, CCA >= 150,
  CRC >= 100, CIC >= 75, COC >= 75, and >= 1,500 in all.
- Each CPC area with a published exam count has at least five exams' worth (count x 5). AAPC's
  CPC exam FAQ gives counts for 13 of its 17 areas (docs/outlines.md).
- At least half the questions of every exam are application items (a scenario to code), and at
  least a quarter are difficulty 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.banks.domains import DOMAINS
from bot.core.banks.library import Question
from bot.core.banks.loader import load_banks

LIBRARY = load_banks(Path(__file__).resolve().parents[3] / "quizzes")

MIN_PER_EXAM = {"CPC": 700, "CCS": 400, "CCA": 150, "CRC": 100, "CIC": 75, "COC": 75}
MIN_TOTAL = 1500
MIN_APPLICATION = 0.50
MIN_LEVEL_3 = 0.25
MOCKS = 5
# Questions per CPC exam, from aapc.com/resources/cpc-exam-faqs (n.d., read 2026-11-28).
CPC_EXAM_COUNTS = {
    "cpc.integumentary": 6,
    "cpc.musculoskeletal": 6,
    "cpc.respiratory-cardiovascular": 6,
    "cpc.digestive": 6,
    "cpc.urinary-reproductive-endocrine": 6,
    "cpc.nervous": 6,
    "cpc.evaluation-management": 6,
    "cpc.anesthesia": 4,
    "cpc.radiology": 6,
    "cpc.lab-pathology": 6,
    "cpc.medicine": 6,
    "cpc.medical-terminology": 4,
    "cpc.anatomy": 4,
}


def _exam_questions(exam: str) -> list[Question]:
    return [q for q in LIBRARY.select() if DOMAINS[q.domain].exam == exam]


@pytest.mark.parametrize("exam", MIN_PER_EXAM)
def test_questions_per_exam(exam):
    have = len(_exam_questions(exam))
    assert have >= MIN_PER_EXAM[exam], f"{exam}: {have} questions, need {MIN_PER_EXAM[exam]}"


def test_questions_in_all():
    assert len(LIBRARY.select()) >= MIN_TOTAL


@pytest.mark.parametrize("domain", CPC_EXAM_COUNTS)
def test_each_cpc_area_holds_five_exams_worth(domain):
    have = sum(q.domain == domain for q in LIBRARY.select())
    need = CPC_EXAM_COUNTS[domain] * MOCKS
    assert have >= need, f"{domain}: {have} questions, need {need}"


def test_every_area_of_an_exam_with_a_bank_has_questions():
    exams = {DOMAINS[q.domain].exam for q in LIBRARY.select()} - {""}  # "": no exam (careers, drills)
    empty = [
        d.id
        for d in DOMAINS.values()
        if d.exam in exams and not any(q.domain == d.id for q in LIBRARY.select())
    ]
    assert not empty, f"areas with no questions: {empty}"


@pytest.mark.parametrize("exam", MIN_PER_EXAM)
def test_application_and_level_3_shares(exam):
    questions = _exam_questions(exam)
    application = sum(q.kind == "application" for q in questions) / len(questions)
    level_3 = sum(q.difficulty == 3 for q in questions) / len(questions)
    assert application >= MIN_APPLICATION, f"{exam}: {application:.0%} application items"
    assert level_3 >= MIN_LEVEL_3, f"{exam}: {level_3:.0%} at difficulty 3"

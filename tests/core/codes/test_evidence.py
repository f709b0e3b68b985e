"""The clinical-evidence signal over the FY2026 index: clinical words weigh for code search,
the knowledge base's words and unknown words against, qualifiers neither way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.codes.evidence import ClinicalEvidence
from bot.core.codes.synonyms import load_synonyms

ROOT = Path(__file__).resolve().parents[3]
KNOWLEDGE_WORDS = {"exam", "cpc", "salary", "study", "tips", "pain", "fracture"}
EVERYDAY = {"back", "same", "good", "room", "door", "break", "chest", "right", "coffee", "screen", "broken"}


def known(word: str) -> float:
    return 1.0 if word in KNOWLEDGE_WORDS else 0.5 if word in EVERYDAY else 0.0


@pytest.fixture(scope="module")
def evidence(code_data) -> ClinicalEvidence:
    return ClinicalEvidence(code_data.index, load_synonyms(ROOT / "knowledge"))


@pytest.mark.parametrize(
    "terms",
    [
        "hyperlipidemia",
        "htn",
        "gout",
        "copd unspecified",
        "acute mi",
        "migraine unspecified",
        "essential tremor",
    ],
)
def test_clinical_terms_are_strong_evidence(evidence, terms):
    assert evidence(terms, known) >= 0.75


@pytest.mark.parametrize("terms", ["chest pain, unspecified", "low back pain"])
def test_a_whole_index_entry_is_clinical_whatever_english_says_of_each_word(evidence, terms):
    assert evidence(terms, known) == 1.0


@pytest.mark.parametrize(
    "terms",
    ["cpc exam salary", "study tips", "same", "good morning", "pizza laptop", "", "2 3", "coffee break"],
)
def test_knowledge_everyday_and_unknown_words_are_weak_evidence(evidence, terms):
    assert evidence(terms, known) < 0.6


def test_qualifiers_neither_add_nor_take_away(evidence):
    assert evidence("left knee osteoarthritis", known) == pytest.approx(
        evidence("knee osteoarthritis", known)
    )


def test_without_the_index_only_the_synonym_list_counts(code_data):
    from bot.core.codes.index import SearchIndex

    early = ClinicalEvidence(SearchIndex(), load_synonyms(ROOT / "knowledge"))
    assert early("htn", known) == 1.0
    assert early("hyperlipidemia", known) == 0.0


def test_everyday_words_alone_stay_below_what_bare_terms_need(evidence):
    # "break" is a synonym (fracture) and "coffee" an index word, but both are everyday English.
    assert evidence("coffee break", known) <= 0.5
    assert evidence("broken laptop screen", known) <= 0.5

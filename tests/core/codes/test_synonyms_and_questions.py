"""The synonym list (validated like the rest of the content) and how the router recognises a
code question, a procedure-code question and someone's own case."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.codes.questions import CodeIntent, CodeQuestion, code_question, current_fiscal_year, is_personal
from bot.core.codes.synonyms import load_synonyms, read_synonyms, unknown_words
from bot.core.codes.words import words
from bot.core.content.problems import ContentError
from bot.core.router.matcher import Matcher
from bot.core.router.routes import RouteKind

ROOT = Path(__file__).resolve().parents[3]


def test_the_shipped_list_loads_and_expands_the_longest_phrase_first():
    synonyms = load_synonyms(ROOT / "knowledge")
    assert synonyms.expand(words("torn ACL left knee")) == [
        *words("sprain of anterior cruciate ligament of knee"),
        "left",
        "knee",
    ]
    assert synonyms.expand(words("sob")) == ["shortness", "of", "breath"]


def test_a_side_word_inside_a_phrase_is_kept_after_its_meaning():
    synonyms = load_synonyms(ROOT / "knowledge")
    ankle = words("sprain of unspecified ligament of ankle")
    assert synonyms.expand(words("sprained left ankle")) == [*ankle, "left"]
    assert synonyms.expand(words("left sprained ankle")) == ["left", *ankle]
    assert synonyms.expand(words("water on the right knee")) == [*words("effusion of knee"), "right"]


def test_problems_name_the_file_the_entry_and_the_problem(tmp_path):
    (tmp_path / "codes").mkdir()
    path = tmp_path / "codes" / "synonyms.yaml"
    path.write_text(
        "kind: code-synonyms\nentries:\n"
        "  - {term: sob, means: shortness of breath}\n"
        "  - {term: sob, means: sobbing}\n"
        "  - {term: htn, means: htn}\n"
        "  - {term: mi}\n"
        "  - {term: ckd, means: chronic kidney disease, colour: red}\n",
        encoding="utf-8",
    )
    _, problems = read_synonyms(path, tmp_path)
    lines = [str(p) for p in problems]
    assert lines == [
        "codes/synonyms.yaml: sob: duplicate term (also defined as 'shortness of breath')",
        "codes/synonyms.yaml: htn: means is the same as the term",
        "codes/synonyms.yaml: mi: missing required field 'means'",
        "codes/synonyms.yaml: ckd: unknown key 'colour' (allowed: term, means, note)",
    ]
    with pytest.raises(ContentError):
        load_synonyms(tmp_path)


def test_a_file_of_the_wrong_shape_is_one_problem(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    _, problems = read_synonyms(path, tmp_path)
    assert [p.message for p in problems] == [
        "the synonym list must be a mapping with 'kind: code-synonyms' and 'entries'"
    ]


@pytest.mark.parametrize(
    ("question", "intent", "codes", "terms"),
    [
        ("what does J45.909 mean", CodeIntent.LOOKUP, ("J45.909",), ""),
        ("what does j45909 mean?", CodeIntent.LOOKUP, ("J45.909",), ""),
        ("is R10.1 billable", CodeIntent.BILLABLE, ("R10.1",), ""),
        ("S72.001A", CodeIntent.LOOKUP, ("S72.001A",), ""),
        ("what's the code for mild intermittent asthma", CodeIntent.SEARCH, (), "mild intermittent asthma"),
        ("whats the icd-10 code for type 2 diabetes?", CodeIntent.SEARCH, (), "type 2 diabetes"),
        ("icd 10 code for broken wrist", CodeIntent.SEARCH, (), "broken wrist"),
    ],
)
def test_code_questions(question, intent, codes, terms):
    assert code_question(question) == CodeQuestion(intent, codes, terms)


@pytest.mark.parametrize(
    "question",
    [
        "what is a good a1c level",
        "how many CEUs do I need for the CPC?",
        "what is the cpt code for a total knee replacement",
        "what's the code for my grandma's diagnosis",
        "find a doctor near me",
    ],
)
def test_not_code_questions(question):
    assert code_question(question) is None


def test_someones_own_case_is_recognised():
    assert is_personal("can you code my patient's chart")
    assert is_personal("what should I bill on this claim")
    assert not is_personal("what's the code for asthma")


def test_the_fiscal_year_changes_on_october_first():
    from datetime import date

    assert current_fiscal_year(date(2026, 9, 30)) == 2026
    assert current_fiscal_year(date(2026, 10, 1)) == 2027
    assert current_fiscal_year(date(2026, 11, 28)) == 2027


@pytest.mark.parametrize(
    ("question", "kind", "reason"),
    [
        ("what does J45.909 mean", RouteKind.CODE, "code lookup"),
        ("is R10.1 billable?", RouteKind.CODE, "code billable"),
        ("what's the code for acute sinusitis", RouteKind.CODE, "code search"),
        ("can you code my patient's chart for me", RouteKind.NONE, "a specific patient or claim"),
        ("what does J45.909 mean on my patient's claim", RouteKind.NONE, "a specific patient or claim"),
    ],
)
def test_the_router_sends_code_questions_to_the_code_tools(kb, question, kind, reason):
    route = Matcher(kb).route(question)
    assert (route.kind, route.reason) == (kind, reason)
    assert (route.code is not None) == (kind == RouteKind.CODE)


def test_meanings_are_checked_against_the_tabulars_words(tmp_path, code_data):
    path = tmp_path / "synonyms.yaml"
    path.write_text(
        "kind: code-synonyms\nentries:\n"
        "  - {term: sob, means: shortnes of breath}\n"
        "  - {term: mi, means: acute myocardial infarction}\n",
        encoding="utf-8",
    )
    synonyms, problems = read_synonyms(path, tmp_path)
    assert problems == []
    found = unknown_words(synonyms, code_data.index.postings.__contains__, "synonyms.yaml")
    assert [str(p) for p in found] == [
        "synonyms.yaml: sob: means has words the ICD-10-CM tabular never uses: 'shortnes'"
    ]
    shipped = load_synonyms(ROOT / "knowledge")
    assert unknown_words(shipped, code_data.index.postings.__contains__, "synonyms.yaml") == []

"""The code tools as both adapters call them: look-up, search quality on the development set
(a floor, not a recorded result), autocomplete, children pages, free-form answers, and the
data's version against the fiscal year in force."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from benchmarks.eval_codes import rank
from bot.cards.codes import code_answer_card, lookup_card, search_card
from bot.core.codes.book import CodeEntry, CodeProblem
from bot.core.codes.questions import code_question
from bot.core.codes.synonyms import load_synonyms
from bot.services.codes import ChildrenPage, CodesService

ROOT = Path(__file__).resolve().parents[2]
# Share of queries with an expected code in the top five, per query set.
TOP5_FLOORS = {
    "codes_dev_queries.yaml": 0.95,  # the bar, on the development set
    # Held out: written by someone who saw neither the code nor the dev set; top-5 was 87.2%
    # when first scored, 93.8% after the synonym list grew.
    "codes_heldout_queries.yaml": 0.92,
}


def service_at(cache: Path, when: datetime) -> CodesService:
    return CodesService(cache, load_synonyms(ROOT / "knowledge"), clock=lambda: when)


@pytest.fixture
def codes(code_cache_dir):
    return service_at(code_cache_dir, datetime(2026, 11, 28, tzinfo=UTC))


@pytest.mark.parametrize("name", sorted(TOP5_FLOORS))
async def test_every_expected_code_in_the_query_sets_exists(codes, name):
    items = yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8"))
    assert len(items) >= 60
    for item in items:
        for code in item["expect"]:
            assert isinstance((await codes.lookup(code)).entry, CodeEntry), (item["query"], code)


@pytest.mark.parametrize("name", sorted(TOP5_FLOORS))
async def test_search_quality_floors(codes, name):
    items = yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8"))
    found = 0
    for item in items:
        result = await codes.search(item["query"], 5)
        found += rank([h.dotted for h in result.hits], item) is not None
    assert found / len(items) >= TOP5_FLOORS[name]


async def test_the_data_is_loaded_once_in_a_worker_thread(codes):
    assert not codes.loaded
    assert await codes.autocomplete("asth") == []  # not loaded yet: starts loading, answers at once
    await codes.ready()
    assert codes.loaded
    labels = await codes.autocomplete("J45.9")
    assert ("J45.909 Unspecified asthma, uncomplicated", "J45.909") in labels
    assert all(len(label) <= 100 for label, _ in await codes.autocomplete("fracture of femur"))


async def test_answers_name_the_code_set_and_say_it_is_older(code_cache_dir):
    november = service_at(code_cache_dir, datetime(2026, 11, 28, tzinfo=UTC))
    card = lookup_card(await november.lookup("J45.909"))
    assert "ICD-10-CM FY2026" in card.hint and "FY2027 has been in effect since October 1, 2026" in card.hint
    september = service_at(code_cache_dir, datetime(2026, 9, 30, tzinfo=UTC))
    card = search_card(await september.search("asthma"))
    assert "ICD-10-CM FY2026" in card.hint and "older" not in card.hint


async def test_a_code_typed_into_search_comes_first(codes):
    result = await codes.search("j45.2")
    assert [h.dotted for h in result.hits[:2]] == ["J45.2", "J45.20"]


async def test_children_are_paged(codes):
    first = await codes.children("S72.0", 1)
    assert isinstance(first, ChildrenPage) and first.pages > 1 and len(first.lines) == 15
    last = await codes.children("S72.0", 99)
    assert isinstance(last, ChildrenPage) and last.page == first.pages


async def test_malformed_lookup_offers_a_search(codes):
    result = await codes.lookup("asthma")
    assert isinstance(result.entry, CodeProblem) and result.entry.problem.startswith(
        "'asthma' is words, not a code"
    )
    assert "J45.909" in [line.code for line in result.entry.nearest]


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        ("is R10.1 billable", "No: R10.1 is a header"),
        ("is J45.909 billable?", "Yes: J45.909 can be reported"),
    ],
)
async def test_free_form_billable_questions(codes, question, first_line):
    card = code_answer_card(await codes.answer(code_question(question)))
    assert card.description.startswith(first_line)


async def test_free_form_search(codes):
    answer = await codes.answer(code_question("what's the code for mild intermittent asthma"))
    card = code_answer_card(answer)
    assert "J45.20" in str(card.fields[0][1])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("poisoning by aspirin", "T39.011A"),  # intent not stated: accidental
        ("poisoning by aspirin assault", "T39.013A"),
        ("bee sting", "T63.441A"),  # a header's default code is the accidental one too
        ("heart attack last week", "I21.9"),  # when it happened says nothing about the code
        ("broken right hip", "S72.001A"),  # a side word inside a lay phrase
    ],
)
async def test_lay_phrases_and_unstated_intent(codes, query, first):
    assert (await codes.search(query, 5)).hits[0].dotted == first


def _known(word: str) -> float:
    return 1.0 if word in {"exam", "cpc"} else 0.0


async def test_the_clinical_signal_never_waits_for_the_data(codes):
    # Before the data is loaded: the load starts, and the synonym list alone answers.
    assert codes.clinical_evidence("htn", _known) == 1.0
    assert codes.clinical_evidence("hyperlipidemia", _known) == 0.0
    await codes.ready()
    assert codes.clinical_evidence("hyperlipidemia", _known) == 1.0
    assert codes.clinical_evidence("cpc exam", _known) < 0.5


def test_command_line_tools_load_the_data_for_the_signal_in_their_thread(code_cache_dir):
    codes = service_at(code_cache_dir, datetime(2026, 11, 28, tzinfo=UTC))
    assert codes.blocking_evidence("hyperlipidemia", _known) == 1.0
    assert codes.loaded


async def test_a_bare_clinical_term_is_answered_by_code_search(kb, codes):
    from bot.services.knowledge import KnowledgeService

    await codes.ready()
    routed = KnowledgeService(kb, codes.clinical_evidence).ask("left knee osteoarthritis 🦵").route
    assert routed.code is not None
    answer = await codes.answer(routed.code)
    assert "M17.12" in [h.dotted for h in answer.results[0].hits]  # type: ignore[union-attr]

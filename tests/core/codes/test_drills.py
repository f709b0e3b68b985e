"""Generated ICD-10-CM drills: every item the FY2026 tabular yields has exactly one right answer.

Each kind is checked against the tabular by a rule written independently of the generator:
the sibling drill's key is the only choice whose title is the stem's; the seventh-character
drill's key is the only choice whose table meaning is the stem's; the Excludes1 drill's key is
the only choice in an Excludes1 note of the code (or above it); the sequencing drill's key is
the one order its note prescribes.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from bot.core.banks.domains import DOMAINS
from bot.core.banks.library import LETTERS
from bot.core.codes.drills import (
    DRILL_BANK,
    DRILL_DOMAIN,
    KINDS,
    drill_ids,
    drill_question,
    is_drill_id,
    sample_drill_ids,
)
from bot.core.codes.format import bare_code
from bot.core.codes.model import Tabular


@pytest.fixture(scope="module")
def tab(code_data) -> Tabular:
    return code_data.tab


@pytest.fixture(scope="module")
def ids(tab) -> dict[str, list[str]]:
    return drill_ids(tab)


def _node(tab: Tabular, code: str) -> int:
    return tab.by_code[bare_code(code)]


def _quoted(stem: str) -> str:
    return re.search(r'"(.+?)"', stem)[1]  # type: ignore[index]


def test_every_kind_yields_drills(ids):
    counts = {kind: len(found) for kind, found in ids.items()}
    assert set(counts) == set(KINDS)
    assert counts["sib"] > 10_000 and counts["7th"] > 10_000 and counts["ua"] > 1_000
    assert counts["cf"] > 1_000 and counts["x1"] > 50, counts


def test_every_drill_builds_and_is_well_formed(tab, ids):
    for qid in (q for found in ids.values() for q in found):
        q = drill_question(tab, qid)
        assert q is not None, qid
        assert is_drill_id(q.id) and q.bank_id == DRILL_BANK and q.domain == DRILL_DOMAIN in DOMAINS
        assert len(q.choices) == 4 and len({c.casefold() for c in q.choices}) == 4, qid
        assert q.explanation and q.source.startswith("ICD-10-CM Tabular List FY2026"), qid


def _sibling_keys(tab: Tabular, qid: str) -> list[int]:
    q = drill_question(tab, qid)
    assert q is not None
    title = _quoted(q.stem)
    return [i for i, c in enumerate(q.choices) if tab.descs[_node(tab, c)] == title]


def _seventh_keys(tab: Tabular, qid: str) -> list[int]:
    q = drill_question(tab, qid)
    assert q is not None
    base = _node(tab, qid.removeprefix("icd-7th-")[:6].upper().rstrip("X"))
    meanings = dict(tab.seventh_codes(base))
    stated = q.stem.split('", ', 1)[1].removesuffix(". Which code is reported?")
    assert all(bare_code(c) in meanings for c in q.choices), qid  # all one base's real codes
    return [i for i, c in enumerate(q.choices) if meanings[bare_code(c)] == stated]


def _excludes1_keys(tab: Tabular, qid: str) -> list[int]:
    q = drill_question(tab, qid)
    assert q is not None
    node = _node(tab, qid.split("-")[2].upper())
    excluded = {
        line
        for at in (node, *tab.ancestors(node))
        for kind, lines in tab.notes.get(at, ())
        if kind == "excludes1"
        for line in lines
    }
    return [i for i, c in enumerate(q.choices) if c in excluded]


def _sequence_keys(tab: Tabular, qid: str) -> list[int]:
    q = drill_question(tab, qid)
    assert q is not None
    code = re.search(r'" \(([A-Z0-9.]+)\) and the condition', q.stem)[1]  # type: ignore[index]
    right = f"The named code first, then {code}" if "-cf-" in qid else f"{code} first, then the named code"
    return [i for i, c in enumerate(q.choices) if c == right]


CHECKS = {
    "sib": _sibling_keys,
    "7th": _seventh_keys,
    "x1": _excludes1_keys,
    "cf": _sequence_keys,
    "ua": _sequence_keys,
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_drill_has_exactly_one_right_answer(tab, ids, kind):
    for qid in ids[kind]:
        q = drill_question(tab, qid)
        assert q is not None
        assert CHECKS[kind](tab, qid) == [q.answer], f"{qid}: {q.stem} {q.choices} key {q.answer_letter}"


def test_the_same_id_gives_the_same_question(tab, ids):
    for qid in random.Random(3).sample(ids["sib"] + ids["x1"], 50):
        assert drill_question(tab, qid) == drill_question(tab, qid)


def test_ids_that_name_no_drill(tab):
    for qid in ("icd-sib-zzz99", "icd-7th-e1165", "icd-x1-e11-99", "cpc-001", "icd-nope-e11", "icd-sib-"):
        assert drill_question(tab, qid) is None, qid


def test_the_key_position_is_balanced(tab, ids):
    sample = sample_drill_ids(ids, 400, random.Random(7))
    keys = Counter(drill_question(tab, qid).answer for qid in sample)  # type: ignore[union-attr]
    assert all(abs(keys[i] - len(sample) / 4) < 0.15 * len(sample) / 4 for i in range(4)), {
        LETTERS[i]: n for i, n in keys.items()
    }


def test_a_draw_offers_every_kind_alike(ids):
    sample = sample_drill_ids(ids, 40, random.Random(1))
    kinds = Counter(qid.split("-")[1] for qid in sample)
    assert kinds == dict.fromkeys(KINDS, 40)
    assert len(set(sample)) == len(sample)

"""Exam blueprints: the shipped ones load, add up and name a source for every figure; a bad
file is reported precisely; proportional counts for shorter mocks; the check against the banks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.banks.domains import DOMAINS
from bot.core.banks.loader import load_banks
from bot.core.blueprints.loader import check_against_banks, read_blueprints

ROOT = Path(__file__).resolve().parents[3]
SHIPPED, PROBLEMS = read_blueprints(ROOT / "blueprints")


def test_the_shipped_blueprints_load_without_problems():
    assert PROBLEMS == []
    assert set(SHIPPED) == {"CPC", "CCS", "CCA", "CIC", "COC", "CRC"}


@pytest.mark.parametrize("exam", sorted(SHIPPED))
def test_each_blueprint_covers_every_area_of_its_exam_with_sources(exam):
    bp = SHIPPED[exam]
    areas = {d.id for d in DOMAINS.values() if d.exam == exam}
    assert {a.domain for a in bp.areas} == areas
    assert sum(a.count for a in bp.areas) == bp.questions
    assert all(a.source for a in bp.areas) and bp.source


def test_cpc_matches_aapc():
    cpc = SHIPPED["CPC"]
    assert (cpc.questions, cpc.minutes, cpc.pass_percent) == (100, 240, 70)
    assert cpc.seconds_per_question == 144
    published = {a.domain: a.count for a in cpc.areas if not a.estimated}
    assert len(published) == 13 and sum(published.values()) == 72


@pytest.mark.parametrize("length", [1, 7, 25, 50, 99, 100])
def test_shorter_mocks_keep_the_proportions_and_add_up(length):
    cpc = SHIPPED["CPC"]
    counts = cpc.counts_for(length)
    assert sum(counts.values()) == length
    for area in cpc.areas:  # each within one question of its exact share
        assert abs(counts[area.domain] - area.count * length / 100) < 1


def test_time_scales_with_length_and_the_pass_mark():
    cpc = SHIPPED["CPC"]
    assert cpc.minutes_for(25) == 60
    assert cpc.passes(70, 100) and not cpc.passes(69, 100) and not cpc.passes(0, 0)


def test_every_shipped_blueprint_has_enough_questions_for_a_full_mock():
    library = load_banks(ROOT / "quizzes")
    assert check_against_banks(SHIPPED, library) == []


def _write(tmp_path: Path, data: object, name: str = "x.yaml") -> Path:
    (tmp_path / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    return tmp_path


def test_problems_name_the_file_the_area_and_what_is_wrong(tmp_path):
    bad = {
        "exam": "CPC",
        "title": "t",
        "questions": 10,
        "minutes": 20,
        "pass_percent": 70,
        "source": "s",
        "areas": [
            {"domain": "cpc.anatomy", "count": 4, "source": "a"},
            {"domain": "ccs.coding", "count": 3, "source": "b"},
            {"domain": "cpc.nowhere", "count": 3, "source": "c"},
            {"domain": "cpc.radiology", "count": 2},
        ],
    }
    found, problems = read_blueprints(_write(tmp_path, bad))
    text = "\n".join(str(p) for p in problems)
    assert found == {}
    assert "ccs.coding: belongs to the CCS exam, not CPC" in text
    assert "unknown area 'cpc.nowhere'" in text
    assert "cpc.radiology: every count needs a 'source'" in text
    assert all(p.file.endswith("x.yaml") for p in problems)


def test_a_short_bank_is_named_with_what_it_needs(tmp_path):
    small = {
        "exam": "CPC",
        "title": "t",
        "questions": 100,
        "minutes": 240,
        "pass_percent": 70,
        "source": "s",
        "areas": [{"domain": "cpc.anatomy", "count": 100, "source": "a"}],
    }
    found, problems = read_blueprints(_write(tmp_path, small))
    assert problems == []
    library = load_banks(ROOT / "quizzes")
    (short,) = check_against_banks(found, library)
    assert short.entry == "cpc.anatomy" and "one full CPC mock exam draws 100" in short.message

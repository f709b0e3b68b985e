"""Look-ups in the FY2026 tabular: billable or header, the notes that apply at each level
(includes, Excludes1/2, code first, use additional code, code also), the seventh-character
table and the placeholder X rule, and the nearest codes to a wrong one."""

from __future__ import annotations

import pytest

from bot.core.codes.book import CodeBook, CodeEntry, CodeProblem
from bot.core.codes.model import NodeKind


@pytest.fixture(scope="module")
def book(code_data):
    return CodeBook(code_data.tab)


def notes_of(entry: CodeEntry, kind: str) -> dict[str, tuple[str, ...]]:
    return {level.code: lines for level in entry.notes for k, lines in level.notes if k == kind}


def test_the_data_is_fy2026_with_every_reportable_code(code_data):
    assert code_data.tab.version.fiscal_year == 2026
    assert code_data.tab.count_billable() == 74_719  # the CDC code list's leaves, 7th characters included


def test_a_billable_code_with_its_hierarchy_and_notes_by_level(book):
    entry = book.lookup("j45909")
    assert isinstance(entry, CodeEntry)
    assert (entry.code, entry.description, entry.billable) == (
        "J45.909",
        "Unspecified asthma, uncomplicated",
        True,
    )
    assert (entry.chapter.code, entry.block.code, entry.category.code) == ("Chapter 10", "J40-J4A", "J45")
    assert "wheezing NOS (R06.2)" in notes_of(entry, "excludes1")["J45"]
    assert any("J44.89" in line for line in notes_of(entry, "excludes2")["J45"])
    assert "atopic asthma" in notes_of(entry, "includes")["J45"]
    assert "Asthma NOS" in notes_of(entry, "inclusionTerm")["J45.909"]
    assert any("Z77.22" in line for line in notes_of(entry, "useAdditionalCode")["J45"])


def test_code_first_and_code_also_notes(book):
    manifestation = book.lookup("G63")  # polyneuropathy in diseases classified elsewhere
    assert isinstance(manifestation, CodeEntry) and notes_of(manifestation, "codeFirst")
    assert notes_of(book.lookup("C25.0"), "codeAlso")["C25"]  # inherited from the category


def test_a_header_is_not_billable_and_lists_its_codes(book):
    entry = book.lookup("R10.1")
    assert isinstance(entry, CodeEntry) and not entry.billable and entry.kind == NodeKind.SUBCATEGORY
    assert [c.code for c in entry.children] == ["R10.10", "R10.11", "R10.12", "R10.13"]


def test_seventh_character_table_and_placeholder_x(book):
    base = book.lookup("S72.001")
    assert isinstance(base, CodeEntry) and not base.billable and base.needs_seventh
    assert base.seventh.defined_at == "S72" and dict(base.seventh.table)["D"].startswith(
        "subsequent encounter"
    )
    full = book.lookup("S72.001A")
    assert isinstance(full, CodeEntry) and full.billable and full.seventh.chosen == "A"
    assert full.description.endswith("initial encounter for closed fracture")
    padded = book.lookup("S72.8X9A")
    assert isinstance(padded, CodeEntry) and padded.billable
    short = book.lookup("T71.1")  # a header under a seventh-character category
    assert isinstance(short, CodeEntry) and short.seventh is not None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("S72.001Z", "not a seventh character"),
        ("J45.909A", "takes no seventh character"),
        ("S06.1X7D", "it takes A"),  # a death: no subsequent encounter
        ("T38.31A", "not an ICD-10-CM code"),
        ("J45.999", "not an ICD-10-CM code in this release"),
    ],
)
def test_wrong_codes_say_why_and_offer_the_nearest(book, typed, words):
    problem = book.lookup(typed)
    assert isinstance(problem, CodeProblem) and words in problem.problem
    assert problem.nearest, problem


def test_missing_placeholder_is_named(book):
    problem = book.lookup("T38.3X1A".replace("X", "Z"))
    assert isinstance(problem, CodeProblem)

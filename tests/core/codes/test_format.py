"""Code syntax: what a member types read as a code, and what is wrong with what cannot be one."""

from __future__ import annotations

import pytest

from bot.core.codes.format import codes_in, format_problem, parse_code, placeholder_form


@pytest.mark.parametrize(
    ("typed", "dotted"),
    [
        ("J45.909", "J45.909"),
        ("j45909", "J45.909"),
        (" s72.001a ", "S72.001A"),
        ("I10", "I10"),
        ("C7A.010", "C7A.010"),
    ],
)
def test_codes_are_normalised_with_their_dot(typed, dotted):
    parsed = parse_code(typed)
    assert parsed is not None and parsed.dotted == dotted and parsed.bare == dotted.replace(".", "")


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("99213", "starts with a digit"),
        ("J4", "too short"),
        ("S72.001AA", "too long"),
        ("JA5", "second character"),
        ("J4.5909", "dot in the wrong place"),
        ("J45_909", "characters a code never has"),
        ("", "empty"),
    ],
)
def test_malformed_codes_say_what_is_wrong(typed, words):
    problem = format_problem(typed)
    assert problem is not None and words in problem
    assert parse_code(typed) is None


def test_codes_are_found_in_sentences_but_not_in_words():
    assert codes_in("what does j45909 mean, and S72.001A?") == ["J45.909", "S72.001A"]
    assert codes_in("how hard is the CPC exam") == []
    assert codes_in("t2dm with an a1c of 9, c4a.0 and i1a.0") == ["C4A.0", "I1A.0"]


def test_placeholder_x_pads_to_six_characters_before_the_seventh():
    assert placeholder_form("T383X1", "A") == "T383X1A"
    assert placeholder_form("S729", "A") == "S729XXA"

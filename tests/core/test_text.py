"""Text helpers: the normaliser, its variant for typed answers, and compact names."""

from __future__ import annotations

import pytest

from bot.core.text import compact, normalise, normalise_answer, stem, tokens


class TestNormalise:
    def test_lowercases_and_straightens_typography(self):
        assert normalise("What’s the “CPC”—exam") == 'what the "cpc"-exam'

    def test_drops_discord_noise_urls_and_code(self):
        text = "<@123> <:wave:42> see https://x.y/z ```code``` ok"
        assert tokens(normalise(text)) == ["see", "ok"]

    def test_joins_dotted_abbreviations_and_drops_possessives(self):
        assert tokens(normalise("The C.P.C.'s exam, coders' tips")) == [
            "the",
            "cpc",
            "exam",
            "coders",
            "tips",
        ]


class TestNormaliseAnswer:
    """The variant keeps what routing throws away: answers are matched as written."""

    def test_keeps_apostrophes_dots_and_urls(self):
        assert normalise_answer("  I think it’s   E11.65 ") == "i think it's e11.65"
        assert normalise_answer("see https://x.y") == "see https://x.y"

    def test_backtick_is_an_apostrophe_and_mentions_go(self):
        assert normalise_answer("<@123> it`s B") == "it's b"

    def test_differs_from_routing(self):
        assert normalise("it's E11.65") == "it e11.65"
        assert normalise_answer("it's E11.65") == "it's e11.65"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CCS-P", "ccs p"),
        ("CCSP", "c.c.s.p"),
        ("Certified Coding Specialist – Physician", "certified coding specialist physician"),
    ],
)
def test_compact_makes_spelling_variants_equal(a, b):
    assert compact(a) == compact(b)


def test_compact_keeps_letters_of_any_script():
    assert compact("Café-Ünïcode 2") == "caféünïcode2"
    assert compact("!!") == ""


def test_stem_joins_word_forms():
    assert stem("coders") == stem("coder") == "coder"
    assert stem("studying") == stem("studied") == "study"


def test_strip_control_removes_escape_sequences_and_control_characters():
    from bot.core.text import strip_control

    evil = "a\x1b]0;title\x07b\x1b[2J\x1b[1;31mc\x9b1md\x1b\\e\x00\r\x7f\x85f"
    assert strip_control(evil) == "abcdef"
    assert strip_control("line one\n\tline two · é ✅") == "line one\n\tline two · é ✅"

"""Code answers as neutral cards: the billable line, the seventh-character table with the
placeholder X rule, notes titled by convention and level, the version line, the refusal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.cards.codes import REMINDER, lookup_card, personal_decline_card, search_card, version_text
from bot.console.render import render_card
from bot.services.codes import CodesService


@pytest.fixture
def codes(code_cache_dir):
    return CodesService(code_cache_dir, clock=lambda: datetime(2026, 11, 28, tzinfo=UTC))


async def test_a_base_that_needs_a_seventh_character_with_placeholders(codes):
    card = lookup_card(await codes.lookup("W54.0"))
    assert card.title == "W54.0: Bitten by dog"
    assert card.description.startswith("Billable: no, W54.0 needs a seventh character")
    seventh = next(value for name, value in card.fields if str(name).startswith("Seventh character"))
    assert "A: initial encounter" in seventh and "S: sequela" in seventh
    assert "Placeholder X" in seventh and "W54.0XXA" in seventh


async def test_notes_are_titled_by_convention_and_level(codes):
    card = lookup_card(await codes.lookup("E11.9"))
    names = [str(name) for name, _ in card.fields]
    assert "Use additional code (at E11)" in names
    assert any(n.startswith("Excludes1 (never code together) (at E11)") for n in names)
    assert card.hint == f"{version_text((await codes.lookup('E11.9')).status)}\n{REMINDER}"


async def test_a_header_lists_its_codes(codes):
    card = lookup_card(await codes.lookup("J45"))
    assert card.description.startswith("Billable: no, J45 is a header: report one of the 18 codes under it.")
    assert str(card.fields[0][0]) == "Codes under J45 (18)"


async def test_search_marks_headers_and_matched_terms(codes):
    text = render_card(search_card(await codes.search("high blood pressure")))
    assert "1. `I10` Essential (primary) hypertension [matched: high blood pressure]" in text


def test_the_refusal_says_what_the_bot_can_do():
    text = render_card(personal_decline_card())
    assert text.startswith("I can't code a real patient's record or claim")
    assert "`/code lookup J45.909`" in text and "`/code search mild intermittent asthma`" in text

"""The answer-position measure: where a labelled question's fact sits in the card a member gets."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.cards.answer_position import WINDOW, answer_positions, answer_text
from bot.cards.knowledge import fact_card, route_card
from bot.cards.model import Card, Strong
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteKind

PROBE = Path(__file__).resolve().parents[1] / "data" / "facts_probe.yaml"


def test_answer_text_reads_in_discords_order():
    card = Card(title=("CPC: ", Strong("exam")), description="Today: 100 questions", notes=["Confirm."])
    card.fields.append(("Later", "more"))
    assert answer_text(card) == "CPC: exam\nToday: 100 questions\nConfirm.\nLater\nmore"


def test_the_measure_counts_within_late_missing_and_skips_wrong_answers(kb):
    exam = Route(kind=RouteKind.FACT, entry_ids=("cpc",), facet="exam", score=90)
    text = answer_text(fact_card(kb, kb.credentials["cpc"], "exam"))
    late_fact = "Compliance and regulation"  # the last of the guide's twelve areas
    assert text.index(late_fact) > WINDOW
    items = [
        {"q": "early", "expect": "cpc", "facet": "exam", "fact": "100 MULTIPLE-choice"},  # case-insensitive
        {"q": "late", "expect": "cpc", "facet": "exam", "fact": late_fact},
        {"q": "missing", "expect": "cpc", "facet": "exam", "fact": "a fact the card lacks"},
        {"q": "wrong", "expect": "ccs", "fact": "100"},  # routed to the CPC: not a right answer
        {"q": "unlabelled", "expect": "cpc", "facet": "exam"},
    ]
    positions = answer_positions(kb, lambda q: exam, items)
    assert positions.right == 3
    assert positions.within == 1 / 3 and positions.anywhere == 2 / 3
    assert positions.late == ("late",) and positions.missing == ("missing",)
    assert "33.3% of 3 right answers" in positions.line("probe")


def test_on_the_probe_right_answers_state_their_fact_early(kb):
    items = yaml.safe_load(PROBE.read_text(encoding="utf-8"))
    assert len(items) >= 20 and all(item.get("fact") for item in items)
    positions = answer_positions(kb, Matcher(kb).route, items, route_card)
    assert positions.right >= len(items) * 3 // 4
    assert positions.anywhere == 1.0, positions.missing
    assert positions.within >= 0.65, positions.late

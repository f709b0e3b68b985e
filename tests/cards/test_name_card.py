"""The answer to "what does CCS stand for" / "who offers the CRC": the name facet's card."""

from __future__ import annotations

from bot.cards.knowledge import name_card, route_card
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteKind


def test_name_card_states_the_name_and_the_body_with_a_source(kb):
    card = name_card(kb, kb.credentials["ccs"])
    assert card.description.startswith(
        "CCS stands for Certified Coding Specialist, a credential offered by AHIMA ("
    )
    assert card.sources and all(s.id in kb.credentials["ccs"].sources for s in card.sources)
    assert "/cert CCS" in card.hint


def test_name_card_says_what_the_credential_is_for_and_a_former_name(kb):
    card = name_card(kb, kb.credentials["coc"])
    name, _, context = card.description.partition("\n\n")
    assert name.startswith("COC stands for Certified Outpatient Coder")
    assert "formerly CPC-H" in context and "outpatient" in context  # "was the COC called something else?"
    assert len(card.description) <= 400  # the name, then one short sentence: not the whole summary


def test_a_name_question_is_answered_with_the_name_card(kb):
    route = Matcher(kb).route("who offers the CRC?")
    assert (route.kind, route.facet) == (RouteKind.FACT, "name")
    card = route_card(kb, route)
    assert card.description.startswith(
        "CRC stands for Certified Risk Adjustment Coder, a credential offered by AAPC"
    )


def test_other_facts_keep_their_cards(kb):
    card = route_card(kb, Route(RouteKind.FACT, ("cpc",), facet="salary"))
    assert "stands for" not in card.description

"""A credential described rather than named: what its name says it covers, read only where the
intent model is sure a credential is meant; and a credential named as not meant."""

from __future__ import annotations

import pytest

from bot.core.router.arbiter import Arbiter
from bot.core.router.described import description_keys
from bot.core.router.intents import Intents
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteKind

from .test_router_arbiter import FixedModel


@pytest.fixture(scope="module")
def lexical(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize(
    ("question", "credential"),
    [
        ("does ahima have anything for health data analytics", "chda"),  # analytics ~ Analyst
        ("is there a cert just for E/M coding", "cemc"),  # "E/M" is one word, "em"
        ("our practice needs someone to own compliance. a cert my office manager could get?", "cpco"),
        ("is there a rheumatology one too", "crhc"),
        ("interventional radiology + cardio cert, what's the acronym", "circc"),
        ("want to move from coding into auditing eventually. which cert", "cpma"),  # auditing ~ Auditor
        ("what does a risk adjustment coder do all day", "crc"),
    ],
)
def test_the_credential_a_message_describes(lexical, question, credential):
    assert lexical.described(lexical.analyse(question)) == credential


@pytest.mark.parametrize(
    "question",
    [
        "how do i study for a medical coding exam",  # words every credential shares
        "is coding a good job for someone with a health background",  # one common word
        "derm or ortho, which specialty pays more",  # two areas: none leads
    ],
)
def test_no_credential_where_none_clearly_leads(lexical, question):
    assert lexical.described(lexical.analyse(question)) is None


def test_a_named_body_limits_the_candidates_to_its_credentials(lexical):
    # AAPC's CSFAC has "foot" in its name; "a foot in the door … from AHIMA" is none of AAPC's.
    question = "i just want to get my foot in the door. whats the beginner level cert from ahima called?"
    analysis = lexical.analyse(question)
    assert analysis.credentials == []
    assert lexical.described(analysis) == "cca"


def test_a_run_of_single_letters_is_one_word():
    assert "em" in description_keys(["e", "m", "coding"])
    assert "analy" in description_keys(["analytics"])


def _arbiter(kb, lexical, **shares: float) -> Arbiter:
    return Arbiter(
        FixedModel(**shares),
        set(kb.topics),
        set(),
        designations=lexical.designations,
        described=lexical.described,
        set_aside=Intents.set_aside,
    )


def test_the_model_s_card_goes_to_the_described_credential_only_when_it_is_sure(kb, lexical):
    question = "i like the data side more than coding. does ahima have anything for health data analytics"
    analysis = lexical.analyse(question)
    declined = Route(RouteKind.NONE, score=40, reason="low score")
    sure = _arbiter(kb, lexical, cred_card=0.8, none=0.2).review(declined, analysis, question)
    assert (sure.kind, sure.entry_ids) == (RouteKind.CREDENTIAL, ("chda",))
    unsure = _arbiter(kb, lexical, cred_card=0.4, none=0.6).review(declined, analysis, question)
    assert not unsure.matched


def test_a_credential_named_as_not_meant_is_set_aside(kb, lexical):
    question = "there is some aapc cert for hospital outpatient departments, not the cpc. which one is that"
    analysis = lexical.analyse(question)
    assert Intents.set_aside(analysis) == {"cpc"}
    assert not Intents.set_aside(lexical.analyse("is the cpc not the best one for beginners"))
    cpc_settings = Route(RouteKind.FACT, ("cpc",), facet="settings", score=84)
    routed = _arbiter(kb, lexical, cred_card=0.9, none=0.1).review(cpc_settings, analysis, question)
    assert (routed.kind, routed.entry_ids) == (RouteKind.CREDENTIAL, ("coc",))


def test_a_specialty_named_by_its_area_beside_another_credential_is_named_too(lexical):
    analysis = lexical.analyse("gastro specialty credential - how is it different from just having a cpc")
    assert analysis.credentials == ["cgic", "cpc"]
    # ... but only with a word for a credential right after the area: here radiology is a topic.
    assert lexical.analyse("is radiology on the cpc exam").credentials == ["cpc"]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("is the chps exam hard", "chps"),
        ("ase mechanic certification study tips", "mechanic"),
        ("does a third credential still raise pay", None),  # an ordinal says which, not whose
        ("ahima has some analytics cert right? what is it", None),  # the CHDA's word
    ],
)
def test_an_unknown_credential_is_a_word_we_never_read_before_certification(lexical, question, unknown):
    route = lexical.route(question)
    assert (
        (route.reason == f"unknown credential: {unknown}")
        if unknown
        else not route.reason.startswith("unknown")
    )

"""The router: routes, declines, robustness, and accuracy on the labelled question sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.router.evaluation import evaluate, summarise
from bot.core.router.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize(
    ("question", "kind", "entry", "facet"),
    [
        ("how many CEUs do I need for the CPC?", "fact", "cpc", "recertification"),
        ("cpc vs ccs", "compare", "compare:ccs,cpc", None),
        ("which is harder, the CIC or the CCS?", "compare", "compare:ccs,cic", None),
        ("what is the CRC", "credential", "crc", None),
        ("CRC", "credential", "crc", None),
        ("how much do CCS coders earn", "fact", "ccs", "salary"),
        ("ccs recert requirements", "fact", "ccs", "recertification"),
        ("how much is AAPC membership for the cpc", "fact", "cpc", "cost"),
        ("where do cpc holders work", "fact", "cpc", "settings"),
        ("is the ccs-p exam hard", "fact", "ccs-p", "difficulty"),
        ("tell me about the certifed profesional coder", "credential", "cpc", None),
        ("is there a dermatology coding certification", "credential", "cpcd", None),
        ("any tips for not cramming before my exam", "topic", "study-tips", None),
        ("exam day tips?? starting at the back of the test good idea", "topic", "exam-day", None),
        ("mnemonic for the cranial nerves", "topic", "memory-techniques", None),
        ("how much does an associate degree cost", "topic", "associate-degree", None),
        (
            "Hello, I am from Philippines, what is the requirement for take CPC exam?",
            "fact",
            "cpc",
            "eligibility",
        ),
        (
            "thinking of getting CCS-P instead of CPC since I work in a clinic",
            "compare",
            "compare:ccs-p,cpc",
            None,
        ),
        (
            "what certs does AAPC have for specialties like derm or ortho",
            "topic",
            "specialty-certifications",
            None,
        ),
    ],
)
def test_routes(matcher, question, kind, entry, facet):
    route = matcher.route(question)
    assert (route.kind, route.topic_id, route.facet) == (kind, entry, facet), route


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather in boston tomorrow",
        "who won the super bowl",
        "can you help with my python homework, my for loop is broken",
        "how do i renew my nursing license",
        "how much do software engineers make",
        "CDIP certification requirements",
        "best pizza recipe",
        "",
        "   ",
        "?!?!",
        "Is the CPC recognized in Australia",
        "what's the ICD-10 code for my grandma's diagnosis",
        "which modifier should I put on my patient's knee injection claim",
        "good night all",
        "how old do you have to be to drive",
        "how do i make sourdough bread",
        "how much does the CMA medical assistant certification cost",
        "Australian clinical coder course recommendations?",
    ],
)
def test_declines_off_topic(matcher, question):
    route = matcher.route(question)
    assert not route.matched, route
    assert route.topic_id is None or route.kind == "none"


def test_decline_offers_close_suggestions(matcher, kb):
    route = matcher.route("what about the hcc audit stuff")
    assert len(route.suggestions) <= 3
    assert all(s.id in kb.topics or s.id in kb.credentials for s in route.suggestions)


def test_long_chatty_message_is_answered(matcher):
    chat = "hey everyone, long story, " * 200 + "so how many ceus do i need for my cpc?"
    route = matcher.route(chat)
    assert (route.kind, route.topic_id, route.facet) == ("fact", "cpc", "recertification")


def test_mentions_and_markdown_are_ignored(matcher):
    route = matcher.route("<@123456789> **@everyone** what's the CRC? https://example.com/x")
    assert route.topic_id == "crc"


def test_credential_lookup_by_name(matcher):
    assert matcher.find_credential("cpc").id == "cpc"
    assert matcher.find_credential("Certified Coding Specialist").id == "ccs"
    assert matcher.find_credential("ccs-p").id == "ccs-p"
    assert matcher.find_credential("CCSP").id == "ccs-p"
    assert matcher.find_credential("cpc-a").id == "cpc"
    assert matcher.find_credential("xyz") is None
    suggestions = [c.id for c in matcher.credential_suggestions("cpcc")]
    assert "cpc" in suggestions


def test_autocomplete(matcher):
    assert [c.abbr for c in matcher.autocomplete("cc")][:3] == ["CCS", "CCA", "CCS-P"]
    assert len(matcher.autocomplete("")) == 25
    assert any(c.id == "ccc" for c in matcher.autocomplete("cardio"))


@pytest.mark.parametrize("name", ["devset.yaml", "holdout.yaml", "probe.yaml", "blind.yaml"])
def test_accuracy_on_question_sets(matcher, name):
    """Regression guard on the labelled sets; the figures themselves come from the benchmark."""
    items = yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8"))
    assert len(items) >= {"devset.yaml": 150, "holdout.yaml": 80, "probe.yaml": 100, "blind.yaml": 150}[name]
    result = summarise(evaluate(matcher, items))
    assert result.answered_correctly >= 0.90, result
    assert result.declined >= 0.90, result

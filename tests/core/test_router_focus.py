"""Which of several named credentials a question asks about (``focus``), and the asked sentence."""

from __future__ import annotations

import pytest

from bot.core.router.arbiter import Arbiter
from bot.core.router.focus import clauses, segments
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteKind

from .test_router_arbiter import FixedModel


@pytest.fixture(scope="module")
def lexical(kb) -> Matcher:
    return Matcher(kb)


def test_a_message_is_cut_at_its_punctuation_but_never_inside_a_name():
    assert clauses("crc eligibility - do i need a cpc first?") == ["crc eligibility", "do i need a cpc first"]
    asked = ["ccs-p renewal ceus", "and if i hold ccs too"]
    assert clauses("ccs-p renewal ceus? and if i hold ccs too?") == asked
    assert clauses("cpc-a here (2 yrs), e/m only") == ["cpc-a here", "2 yrs", "e/m only"]


def test_a_clause_naming_no_credential_joins_the_run_before_it():
    parts = [("price list", False), ("cpc", True), ("same number of questions", False), ("cca", True)]
    assert segments(parts) == ["price list", "cpc same number of questions", "cca"]


@pytest.mark.parametrize(
    ("question", "facet", "credential"),
    [
        ("crc eligibility - do i need a cpc first?", "eligibility", "crc"),
        ("how do i renew the cca, same as ccs?", "recertification", "cca"),
        ("been a cic for a while. what are the eligibility reqs for the ccs", "eligibility", "ccs"),
        ("I passed the CPC last year. How is the CRC exam set up, same number of questions?", "exam", "crc"),
    ],
)
def test_the_facet_is_asked_about_the_credential_its_clause_names(lexical, question, facet, credential):
    assert lexical.focus(question, lexical.analyse(question)).get(facet) == credential


@pytest.mark.parametrize(
    "question",
    [
        "how many ceus to keep my cpc and crc both",  # one clause, both named: the CEU topic
        "people keep saying ccs is brutal. is it harder than the cpc",  # "it" is the CCS: compared
        "how many ceus for the cpc",  # one credential: no choice to make
        "COC holders - what do they do that a CPC doesn't?",  # "they" are the COC holders
    ],
)
def test_no_focus_where_the_clauses_do_not_single_one_out(lexical, question):
    assert lexical.focus(question, lexical.analyse(question)) == {}


@pytest.mark.parametrize(
    ("question", "route"),
    [
        ("crc eligibility - do i need a cpc first?", ("crc", "eligibility")),
        ("trying to build a study plan. what subject areas does the cpc exam pull from?", ("cpc", "exam")),
        ("is crc an aapc thing or ahima? my employer is confused", ("crc", "name")),
        ("which is harder, the aapc one or the ahima one? cpc or ccs", ("cpc", None)),  # compared
    ],
)
def test_the_lexical_router_answers_the_credential_asked_about(lexical, question, route):
    routed = lexical.route(question)
    assert (routed.entry_ids[0], routed.facet) == route, routed
    if route[1] is None:
        assert routed.kind is RouteKind.COMPARE


def test_the_model_s_facet_is_carried_to_the_focused_credential(kb, lexical):
    """Two credentials named, a facet asked in the clause naming one: the model's facet reading
    is that credential's, where before it could not be carried at all."""
    question = "ccs-p renewal ceus? and if i hold ccs too?"
    arbiter = Arbiter(
        FixedModel(cred_recertification=0.9, study_tips=0.1), set(kb.topics), set(), designations={}
    )
    analysis = lexical.analyse(question)
    study = Route(RouteKind.TOPIC, ("study-tips",), score=60)
    text = lexical.model_text(analysis)
    assert arbiter.review(study, analysis, text) == study  # no focus: nothing to carry it to
    routed = arbiter.review(study, analysis, text, focus=lexical.focus(question, analysis))
    assert (routed.kind, routed.entry_ids, routed.facet) == (RouteKind.FACT, ("ccs-p",), "recertification")


def test_a_specialty_named_by_its_short_form_is_its_credential(lexical):
    routed = lexical.route("internal med coder here, is there an aapc specialty cred that matches what i do")
    assert routed.entry_ids == ("cimc",), routed


def test_credentials_named_side_by_side_are_each_their_own_name(lexical):
    """ "already have cpc + crc": punctuation gone, two names still, and both the member's own."""
    analysis = lexical.analyse("already have cpc + crc. is a 3rd credential worth it money wise?")
    assert analysis.masked.split().count("<credential>") == 2
    assert lexical.background(analysis) == {"cpc", "crc"}


@pytest.mark.parametrize(
    "question", ["is there a student discount on membership", "any promo code for the cpc exam"]
)
def test_a_word_that_makes_another_kind_of_code_needs_the_word_code_and_no_credential(lexical, question):
    assert lexical.route(question).matched, lexical.route(question)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "back in the workforce after 12 years raising kids. is remote coding a real thing or mostly"
            " scams on facebook?",
            "work-from-home",
        ),
        (
            "can someone give me a quick overview of all the code sets a coder uses? my textbook is"
            " confusing",
            "code-sets",
        ),
    ],
)
def test_background_that_dilutes_the_question_leaves_the_question_to_route(lexical, question, topic):
    assert lexical.route(question).topic_id == topic


def test_a_question_leaning_on_the_sentence_before_is_not_routed_alone(lexical):
    # "is coding realistic for that" alone would be the first-job topic; "that" is working from home.
    question = "pharm tech here w 2 little kids, i need wfh. is coding realistic for that"
    assert not lexical.route(question).matched

"""A real case behind a code question (claims, payers, patients, relatives' bills, ages with
findings) and what a message asks codes for once its cue and chat filler are stripped."""

from __future__ import annotations

import pytest

from bot.core.codes.cases import case_reason
from bot.core.codes.questions import CodeIntent, CodeQuestion, code_question
from bot.core.codes.requests import search_request
from bot.core.router.matcher import Matcher
from bot.core.router.routes import RouteKind


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("our claim with I10 got denied", "a claim or a payer's decision"),
        ("aetna rejected R05.9, should we appeal", "a claim or a payer's decision"),
        ("auditing charts that billed E11.9", "a claim or a payer's decision"),
        ("Mr. Lee has copd, which code", "a named or described patient"),
        ("pt w/ sob, code?", "a named or described patient"),
        ("[REDACTED] dx pneumonia what code", "a named or described patient"),
        ("do I code J44.1 or J44.0 for this guy", "a named or described patient"),
        ("she has diabetes and ckd what codes", "a named or described patient"),
        ("my grandma’s statement shows E11.65", "someone's own record or bill"),
        ("what's on my brother's chart, K21.9?", "someone's own record or bill"),
        ("45 yo female with chest pain icd 10", "an age or sex with findings"),
        ("67 y/o F cough and fever code pls", "an age or sex with findings"),
        ("patient Jane D. dx with uti, code?", "a named or described patient"),
        ("pt JD copd code", "a named or described patient"),
    ],
)
def test_a_real_case_is_recognised_by_general_cues(message, reason):
    assert case_reason(message) == reason


@pytest.mark.parametrize(
    "message",
    [
        "what's the code for type 2 diabetes",
        "a patient with type 2 diabetes and ckd 3, how is that coded",
        "is E11.9 billable",
        "can I bill M54.5 by itself",
        "excludes1 notes for K21.9",
        "what does this diagnosis mean: J45.909",
        "left knee osteoarthritis",
        "stage 2 pressure ulcer",
        "mri of the knee",
    ],
)
def test_a_study_question_is_not_a_case(message):
    assert case_reason(message) is None


@pytest.mark.parametrize(
    ("message", "terms", "cue"),
    [
        ("icd 10 for bronchitis", "bronchitis", True),
        ("low back pain icd code", "low back pain", True),
        ("anxiety dx code", "anxiety", True),
        ("what do I use for strep throat", "strep throat", True),
        ("obesity code pls", "obesity", True),
        ("vitamin d deficiency nos icd10", "vitamin d deficiency nos", True),
        ("whats the dx for pcos", "pcos", True),
        ("anyone know the code for sinusitis?", "sinusitis", True),
        ("how would you code acute bronchitis", "acute bronchitis", True),
        ("what code do I use for back pain", "back pain", True),
        ("does anyone have the code for vitamin b12 deficiency", "vitamin b12 deficiency", True),
        ("coding a patient with ckd 3 and htn, which codes", "ckd 3 and htn", True),
        ("a-fib w/ rvr", "afib w/ rvr", False),
        ("gout 👣", "gout", False),
        ("ckd stage 3", "ckd stage 3", False),
    ],
)
def test_the_cue_and_filler_are_stripped(message, terms, cue):
    request = search_request(message)
    assert (request.terms, request.cue, request.asks) == (terms, cue, False)


def test_a_question_or_ones_own_health_is_not_a_bare_term():
    assert search_request("how do I treat a migraine at home").asks
    assert search_request("when do I use the placeholder X in ICD-10-CM").asks
    # ... also where the question follows the term it is about.
    assert search_request("placeholder x in icd 10, when do i use it").asks
    assert search_request("i have a fever").first_person
    assert not search_request("fever unspecified").first_person
    # Whether something is safe to do is someone's own health, though no "I" is left.
    assert search_request(
        "is it ok to take antibiotics left over from last year for a sore throat"
    ).first_person
    assert not search_request("is it billable: acute bronchitis").first_person


def test_a_medication_safety_question_is_no_code_search(kb):
    clinical = Matcher(kb, clinical=lambda terms, known: 1.0)  # every word as clinical as can be
    route = clinical.route("is it ok to take antibiotics left over from last year for a sore throat")
    assert route.kind is not RouteKind.CODE, route


@pytest.mark.parametrize(
    ("message", "codes"),
    [
        ("E11.99999 what is this", ("E11.99999",)),
        ("what does J45.90999 mean", ("J45.90999",)),
        ("K21.99999", ("K21.99999",)),
    ],
)
def test_an_overlong_code_is_looked_up_as_typed(message, codes):
    # Not as the category its first characters spell: the look-up then says what is wrong.
    assert code_question(message) == CodeQuestion(CodeIntent.LOOKUP, codes)


@pytest.mark.parametrize("message", ["whats I10", "I10?", "tell me about Z23"])
def test_a_bare_category_with_only_asking_words_is_a_code(message):
    found = code_question(message)
    assert found is not None and found.intent == CodeIntent.LOOKUP


@pytest.mark.parametrize(
    "message", ["can E66.9 be reported", "is N18.3 billable or do I need a 5th character"]
)
def test_reporting_questions_are_billable_questions(message):
    found = code_question(message)
    assert found is not None and found.intent == CodeIntent.BILLABLE


def test_a_vitamin_is_not_a_category():
    assert code_question("does anyone have the code for vitamin b12 deficiency") is None
    assert code_question("what does B12 mean") == CodeQuestion(CodeIntent.LOOKUP, ("B12",))

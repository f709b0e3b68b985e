"""The arbiter: when the learned intent model's reading replaces the lexical router's route."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core.router.arbiter import Arbiter, Thresholds
from bot.core.router.intent_model import IntentModel
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteKind

LABELS = [
    "none",
    "compare",
    "cred:card",
    "cred:exam",
    "cred:recertification",
    "study-tips",
    "ceu-requirements",
    "exam-day",
]


class FixedModel(IntentModel):
    """A model that gives every question the same probabilities."""

    def __init__(self, **shares: float) -> None:
        features = ["w:x"]
        weights = np.zeros((1, len(LABELS)), dtype=np.float32)
        bias = np.zeros(len(LABELS), dtype=np.float32)
        super().__init__(features, np.ones(1), weights, bias, labels=LABELS, digest="test")
        self.shares = np.array(
            [shares.get(label.replace(":", "_").replace("-", "_"), 0.0) for label in LABELS]
        )

    def probabilities(self, text: str) -> np.ndarray:
        return self.shares / self.shares.sum()


DEFAULTS = Thresholds()


@pytest.fixture(scope="module")
def lexical(kb) -> Matcher:
    return Matcher(kb)


def review(
    kb, lexical, question: str, route: Route, thresholds: Thresholds = DEFAULTS, **shares: float
) -> Route:
    model = FixedModel(**shares)
    arbiter = Arbiter(
        model, set(kb.topics), {"cpc-vs-ccs"}, designations=lexical.designations, thresholds=thresholds
    )
    analysis = lexical.analyse(question)
    return arbiter.review(route, analysis, lexical.model_text(analysis))


STUDY = Route(RouteKind.TOPIC, ("study-tips",), score=70)
DECLINED = Route(RouteKind.NONE, score=40, reason="low score")


def test_a_likely_and_clearly_likelier_reading_replaces_the_route(kb, lexical):
    routed = review(kb, lexical, "what to do on the day", STUDY, exam_day=0.8, study_tips=0.1, none=0.1)
    assert (routed.kind, routed.entry_ids) == (RouteKind.TOPIC, ("exam-day",))


def test_a_reading_not_clearly_likelier_leaves_the_route(kb, lexical):
    routed = review(kb, lexical, "what to do on the day", STUDY, exam_day=0.45, study_tips=0.35, none=0.2)
    assert routed == STUDY


def test_a_soft_decline_is_rescued_but_a_decline_for_a_reason_never_is(kb, lexical):
    rescued = review(kb, lexical, "what to do on the day", DECLINED, exam_day=0.9, none=0.1)
    assert rescued.entry_ids == ("exam-day",)
    for reason in ("a specific patient or claim", "outside coding: nurse", "code lookup"):
        hard = Route(RouteKind.NONE, reason=reason)
        assert review(kb, lexical, "what to do on the day", hard, exam_day=1.0) == hard


def test_a_word_from_another_subject_is_a_guess_the_model_may_overrule(kb, lexical):
    """ "i study w netflix on in the background, is that why nothing sticks": study advice."""
    foreign = Route(RouteKind.NONE, reason="another subject: netflix")
    rescued = review(kb, lexical, "i study w netflix on", foreign, study_tips=0.9, none=0.1)
    assert rescued.entry_ids == ("study-tips",)
    assert review(kb, lexical, "netflix tonight", foreign, none=0.9, study_tips=0.1) == foreign


def test_a_code_route_is_never_reviewed(kb, lexical):
    code = Route(RouteKind.CODE, score=90, reason="code search")
    assert review(kb, lexical, "acute mi", code, none=1.0) == code


def test_a_clear_none_declines_an_answer_with_its_suggestions(kb, lexical):
    routed = review(kb, lexical, "sourdough starter", STUDY, none=0.9, study_tips=0.05, exam_day=0.05)
    assert (routed.kind, routed.reason) == (RouteKind.NONE, "intent model: not ours")


class ReadingModel(FixedModel):
    """A model that declines a whole message but reads its last sentence as ``asked``."""

    def __init__(self, asked: dict[str, float]) -> None:
        super().__init__(none=0.8, study_tips=0.1, exam_day=0.1)
        self.asked = FixedModel(**asked)

    def probabilities(self, text: str) -> np.ndarray:
        return self.asked.probabilities(text) if text.startswith("is the") else super().probabilities(text)


@pytest.mark.parametrize(
    ("asked", "declined"), [({"study_tips": 0.9, "none": 0.1}, False), ({"none": 1.0}, True)]
)
def test_a_message_is_declined_only_if_its_asked_sentence_would_be(kb, lexical, asked, declined):
    """ "I passed the NCLEX years ago. Is the CPC hard?": background from elsewhere, a question of ours."""
    question = "I passed the NCLEX years ago. is the CPC hard for a nurse?"
    arbiter = Arbiter(ReadingModel(asked), set(kb.topics), set(), designations={})
    analysis = lexical.analyse(question)
    asked = lexical.asked_text(question)
    assert asked is not None and asked.startswith("is the credx")
    routed = arbiter.review(STUDY, analysis, lexical.model_text(analysis), lambda: asked)
    assert (routed.kind is RouteKind.NONE) is declined, routed


def test_a_facet_or_comparison_needs_the_credentials_named(kb, lexical):
    # No credential named: the likeliest label cannot be carried, the next one is considered.
    routed = review(kb, lexical, "what is on it", STUDY, cred_exam=0.9, study_tips=0.1)
    assert routed == STUDY
    one = review(kb, lexical, "cpc study plan", STUDY, compare=0.9, study_tips=0.1)
    assert one == STUDY
    two = review(kb, lexical, "cpc or ccs study plan", STUDY, compare=0.9, study_tips=0.1)
    assert (two.kind, two.entry_ids) == (RouteKind.COMPARE, ("cpc", "ccs"))


def test_a_card_of_two_subjects_is_their_comparison(kb, lexical):
    """ "is the CIC as respected as the CCS for inpatient jobs": the credentials as a whole, and
    two of them: side by side. Beside the member's own credential, the other's card."""
    path = Route(RouteKind.TOPIC, ("path-outpatient",), score=84)
    question = "is the cic as respected as the ccs for inpatient jobs"
    both = review(kb, lexical, question, path, cred_card=0.9, study_tips=0.1)
    assert (both.kind, set(both.entry_ids)) == (RouteKind.COMPARE, {"cic", "ccs"})
    arbiter = Arbiter(
        FixedModel(cred_card=0.9, study_tips=0.1),
        set(kb.topics),
        set(),
        designations={},
        background=lexical.background,
    )
    question = "is the cpma worth it after my cpc"
    analysis = lexical.analyse(question)
    after = arbiter.review(path, analysis, lexical.model_text(analysis))
    assert (after.kind, after.entry_ids) == (RouteKind.CREDENTIAL, ("cpma",))


def test_with_one_credential_named_a_topic_its_card_answers_is_its_facet(kb, lexical):
    """ "how many CEUs for the CPC": the CEU topic and the CPC's recertification facet are one
    reading, and their shares add up against the route the router chose."""
    fact = Route(RouteKind.FACT, ("cpc",), facet="recertification", score=94)
    kept = review(
        kb,
        lexical,
        "how many ceus for the cpc",
        fact,
        ceu_requirements=0.7,
        cred_recertification=0.2,
        study_tips=0.1,
    )
    assert kept == fact
    wrong = Route(RouteKind.TOPIC, ("study-tips",), score=60)
    moved = review(
        kb,
        lexical,
        "how many ceus for the cpc",
        wrong,
        ceu_requirements=0.5,
        cred_recertification=0.4,
        study_tips=0.1,
    )
    assert (moved.kind, moved.entry_ids, moved.facet) == (RouteKind.FACT, ("cpc",), "recertification")


def test_a_credential_named_by_its_status_is_the_status_topic(kb, lexical):
    status = Route(RouteKind.TOPIC, ("cpc-apprentice",), score=90)
    assert review(kb, lexical, "what does cpc-a stand for", status, cred_card=0.9, none=0.1) == status


def test_the_card_never_replaces_the_facet_it_holds(kb, lexical):
    fact = Route(RouteKind.FACT, ("cpc",), facet="exam", score=80)
    assert review(kb, lexical, "cpc exam requirements", fact, cred_card=0.95, cred_exam=0.05) == fact


def test_thresholds_can_switch_the_model_off(kb, lexical):
    never = Thresholds(switch=1.01, rescue=1.01, veto=1.01, margin=1.0)
    off = Arbiter(FixedModel(exam_day=1.0), set(kb.topics), set(), designations={}, thresholds=never)
    analysis = lexical.analyse("what to do on the day")
    assert off.review(STUDY, analysis, "x") == STUDY


def test_with_two_credentials_named_no_single_card_or_facet_is_carried(kb, lexical):
    """ "CEUs for the CPC and the CRC": the CEU topic (or a comparison), never the CPC's facet."""
    ceu = Route(RouteKind.TOPIC, ("ceu-requirements",), score=80)
    question = "how many ceus to keep my cpc and crc both"
    assert review(kb, lexical, question, ceu, cred_recertification=0.9, ceu_requirements=0.1) == ceu


def test_a_facet_its_cues_decided_is_kept_when_asked(kb, lexical):
    """With ``decided`` at 94, facet cues of strength 3 or more ("how many CEUs") decide and
    weaker ones do not; by default (calibrated) no facet route is exempt."""
    sure = Route(RouteKind.FACT, ("cpc",), facet="recertification", score=94)
    question = "how many ceus for the cpc"
    shares = {"cred_exam": 0.9, "cred_recertification": 0.1}
    assert review(kb, lexical, question, sure, Thresholds(decided=94), **shares) == sure
    assert review(kb, lexical, question, sure, **shares).facet == "exam"
    unsure = Route(RouteKind.FACT, ("cpc",), facet="recertification", score=82)
    moved = review(kb, lexical, question, unsure, Thresholds(decided=94), **shares)
    assert (moved.kind, moved.facet) == (RouteKind.FACT, "exam")


def test_a_label_this_version_does_not_know_is_passed_over(kb, lexical):
    class Unknown(FixedModel):
        def __init__(self) -> None:
            super().__init__(study_tips=0.2, exam_day=0.8)
            self.labels = [label.replace("exam-day", "cred:shoe-size") for label in LABELS]

    analysis = lexical.analyse("cpc study plan")
    arbiter = Arbiter(Unknown(), set(kb.topics), set(), designations={})
    assert arbiter.review(STUDY, analysis, "x") == STUDY


def test_a_declined_answer_is_offered_as_a_suggestion(kb):
    """The model declines what the word scores answered: the member still sees that topic."""
    model = FixedModel(none=0.9, study_tips=0.1)
    matcher = Matcher(kb)
    matcher._arbiter = Arbiter(model, set(kb.topics), set(), designations={})
    route = matcher.route("any tips for not cramming before my exam")
    assert (route.kind, [s.id for s in route.suggestions]) == (RouteKind.NONE, ["study-tips"])


def test_with_the_members_own_credential_named_the_other_is_the_subject(kb):
    """ "do I need my CPC before I can take the CPMA": the CPMA's eligibility, read by the model."""
    matcher = Matcher(kb)
    matcher._arbiter = Arbiter(
        FixedModel(cred_exam=0.9, study_tips=0.1),
        set(kb.topics),
        set(),
        designations={},
        background=matcher.background,
    )
    route = matcher.route("do i need my cpc before i can take the cpma exam")
    assert (route.kind, route.entry_ids, route.facet) == (RouteKind.FACT, ("cpma",), "exam")


def test_a_topic_the_subjects_card_answers_becomes_its_fact_when_the_model_agrees(kb, lexical):
    arbiter = Arbiter(
        FixedModel(cred_recertification=0.9, none=0.1),
        set(kb.topics),
        set(),
        designations=lexical.designations,
        background=lexical.background,
    )
    ceus = Route(RouteKind.TOPIC, ("ceu-requirements",), score=79)

    def reviewed(question: str) -> Route:
        analysis = lexical.analyse(question)
        return arbiter.review(ceus, analysis, lexical.model_text(analysis))

    routed = reviewed("do i still have to do the annual coding self-reviews for ccs")
    assert (routed.kind, routed.entry_ids, routed.facet) == (RouteKind.FACT, ("ccs",), "recertification")
    # ... but not where the one credential named is the member's own: CEUs in general.
    assert reviewed("already have my cpc, how many ceus if i add another") == ceus

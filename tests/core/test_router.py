"""The router: routes, declines, robustness, and accuracy on the labelled question sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.router.analysis import negated_positions
from bot.core.router.evaluation import Outcome, evaluate, is_router_set, judge, summarise
from bot.core.router.intent_model import shipped_model
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteKind

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb, intents=shipped_model())  # as the bot routes (less the clinical signal)


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
        # Neighbouring credentials are answered (they were declined as unknown before).
        ("CDIP certification requirements", "fact", "cdip", "eligibility"),
        ("what is an RHIT", "credential", "rhit", None),
        ("how many questions on the cpb exam", "fact", "cpb", "exam"),
        ("rhit vs ccs", "compare", "compare:ccs,rhit", None),
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
    assert route.matched


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("what does CCS stand for", "ccs"),
        ("CCS-P stands for what?", "ccs-p"),
        ("who offers the CRC", "crc"),
        ("who runs the CIC certification", "cic"),
        ("is the COC an aapc or ahima credential", "coc"),
        ("what's the full name of the cca", "cca"),
    ],
)
def test_name_questions_get_the_name_facet(matcher, question, entry):
    route = matcher.route(question)
    assert (route.kind, route.topic_id, route.facet) == ("fact", entry, "name"), route


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Doing something around a named credential is the topic, not the credential's card.
        ("how long should I study for the CPC", "study-tips"),
        ("best way to study for cpc in 10 weeks?", "study-tips"),
        ("anyone want to study together for the cpc? is a partner helpful", "study-buddy"),
        ("how do i get the A removed from my CPC-A", "cpc-apprentice"),
        ("how many times can I retake the CCS", "exam-retakes"),
        ("what books can I bring to the CPC exam", "exam-books"),
    ],
)
def test_activity_topics_win_over_a_named_credential(matcher, question, topic):
    route = matcher.route(question)
    assert (route.kind, route.topic_id) == ("topic", topic), route


@pytest.mark.parametrize("question", ["what is a CPC-A", "what does CPC-A stand for", "cpc-a salary?"])
def test_a_designation_a_topic_explains_goes_to_that_topic(matcher, question):
    # CPC-A is an alias of the CPC, but the cpc-apprentice topic (keyword "cpc-a") explains it.
    route = matcher.route(question)
    assert (route.kind, route.topic_id) == ("topic", "cpc-apprentice"), route


def test_topics_about_credentials_in_general_leave_a_named_one_to_its_card(matcher):
    # choosing-a-certification explains "total beginners", but the CCA is what is asked about.
    route = matcher.route("whats the CCA and is it good for total beginners")
    assert (route.kind, route.topic_id) == ("credential", "cca"), route


def test_a_word_after_besides_or_other_than_is_not_the_subject():
    words = ["besides", "money", "what", "do", "you", "get", "out", "of", "it", "other", "than", "pay"]
    assert {words[i] for i in negated_positions(words)} == {"money", "pay"}


@pytest.mark.parametrize(
    ("question", "kind", "entry", "facet"),
    [
        # A credential after "after", "already", "without"... is the member's background.
        ("cpma worth it after the cpc?", "credential", "cpma", None),
        ("can i get the coc without having a cpc first?", "fact", "coc", "eligibility"),
        # One facet of several credentials at once: the topic that answers that facet.
        ("how many ceus do i need if i hold cpc and cic", "topic", "ceu-requirements", None),
        # A comparison word keeps the comparison.
        ("cpc vs crc salary", "compare", "compare:cpc,crc", None),
    ],
)
def test_two_credentials(matcher, question, kind, entry, facet):
    route = matcher.route(question)
    assert (route.kind, route.topic_id, route.facet) == (kind, entry, facet), route


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        # A strong facet cue keeps the credential's fact, even when a topic shares a word:
        # the topic must explain more the stronger the cue is.
        ("where do CPCs usually work? just doctor's offices or hospitals too?", "settings"),
        ("what does a CPC actually do day to day at a hospital", "duties"),
        (
            "do I need 2 years experience before I can sit for the CPC or can I take it out of my course?",
            "eligibility",
        ),
        # Topics that answer what a facet answers (exam fees, pass rates) yield to the credential.
        ("how much does the CPC exam cost", "cost"),
        ("what's the CPC pass rate", "difficulty"),
        # "is radiology on the CPC": what the exam covers.
        ("is radiology on the CPC", "exam"),
    ],
)
def test_facets_keep_credential_questions(matcher, question, facet):
    route = matcher.route(question)
    assert (route.kind, route.topic_id, route.facet) == ("fact", "cpc", facet), route


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # A definitional question whose subject is a topic's jargon keyword: that topic, even
        # with a claim mentioned beside it (what NCCI is is no advice on the claim).
        ("what is ncci and why does my claim keep getting denied bc of it", "ncci-edits"),
        ("what is cdi in a hospital? my coworker just moved to the cdi team", "cdi-basics"),
        # One facet of two organisations at once: the facet's topic, as for two credentials.
        ("how many ceus do aapc vs ahima want", "ceu-requirements"),
        ("are aapc or ahima stricter about ceus", "ceu-requirements"),
        # "more than 36" counts; it compares nothing, so two credentials' CEUs are the CEU topic.
        ("i have cpc + crc, do i need more than 36 ceus now", "ceu-requirements"),
    ],
)
def test_definitions_and_shared_facets(matcher, question, topic):
    route = matcher.route(question)
    assert (route.kind, route.topic_id) == ("topic", topic), route


def test_a_vague_hcc_question_gets_an_hcc_entry(matcher):
    # "the hcc audit stuff": HCCs and RADV audits, or the risk-adjustment path (HCC audits, the
    # CRC); both answer it. Never the CRC's card alone, nor a decline.
    route = matcher.route("what about the hcc audit stuff")
    assert route.topic_id in ("hcc-risk-adjustment", "path-risk-adjustment"), route


def test_a_code_asked_for_is_not_a_definition(matcher):
    route = matcher.route("what CPT code do I use for a knee arthroscopy with medial meniscectomy")
    assert not route.matched


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("what's the weather in boston tomorrow", "another subject: weather"),
        # Another field's exam: a word the knowledge base never uses before "exam"/"certification".
        ("series 7 exam pass rate", "unknown credential: series"),
        ("is the ASE mechanic certification test online or in person", "unknown credential: mechanic"),
        ("who won the super bowl", "low score"),  # "super" is in a paraphrase now: a weak topic word
        ("can you help with my python homework, my for loop is broken", "outside coding: python"),
        # A code-shaped compiler error is no ICD-10-CM code: a program's words come first.
        ("my c++ code wont compile, error C2065 undeclared identifier", "outside coding: compile"),
        ("QR code generator that's free?", "outside coding: qr"),
        ("hospital dress code q - can i wear acrylic nails as a nurse", "outside coding: dress code"),
        ("how do i renew my nursing license", "outside coding: nursing"),
        ("how much do software engineers make", "outside coding: software"),
        ("CHPS certification requirements", "unknown credential: chps"),
        ("best pizza recipe", "another subject: pizza"),
        ("", "empty"),
        ("   ", "empty"),
        ("?!?!", "no topic words"),
        ("Is the CPC recognized in Australia", "outside the US: australia"),
        ("what's the ICD-10 code for my grandma's diagnosis", "a specific patient or claim"),
        ("what is the cpt code for a total knee replacement", "code lookup"),
        ("which modifier should I put on my patient's knee injection claim", "a specific patient or claim"),
        ("good night all", "low score"),
        ("how old do you have to be to drive", "low score"),
        ("how do i make sourdough bread", "no topic words"),
        ("how much does the CMA medical assistant certification cost", "outside coding: assistant"),
        ("which medical scribe certification is best to get hired in an ER", "outside coding: scribe"),
        ("Australian clinical coder course recommendations?", "outside the US: australian"),
    ],
)
def test_declines_off_topic(matcher, question, reason):
    route = matcher.route(question)
    assert (route.kind, route.entry_ids, route.facet, route.reason) == (RouteKind.NONE, (), None, reason)
    assert not route.matched and route.topic_id is None


@pytest.mark.parametrize(
    ("question", "suggested"),
    [
        ("any advice", ["study-tips", "exam-day", "memory-techniques"]),
        ("tell me about salaries", ["cpc-vs-ccs", "coding-salary", "regional-demand"]),
    ],
)
def test_decline_offers_close_suggestions(matcher, kb, question, suggested):
    route = matcher.route(question)
    assert (route.kind, route.reason) == (RouteKind.NONE, "low score")
    assert [(s.id, s.title) for s in route.suggestions] == [(tid, kb.topics[tid].title) for tid in suggested]


def test_confident_routes_and_hard_declines_suggest_nothing(matcher):
    assert matcher.route("what is the CRC").suggestions == ()
    assert matcher.route("what's the ICD-10 code for my grandma's diagnosis").suggestions == ()


def test_route_kind_is_the_plain_name():
    route = Route(RouteKind.FACT, ("cpc",), facet="salary")
    assert route.kind == "fact" and str(route.kind) == "fact" and f"{route.kind}" == "fact"
    assert Route(RouteKind.COMPARE, ("cpc", "ccs")).topic_id == "compare:ccs,cpc"
    assert not Route(RouteKind.NONE).matched


def test_long_chatty_message_is_answered(matcher):
    chat = "hey everyone, long story, " * 200 + "so how many ceus do i need for my cpc?"
    route = matcher.route(chat)
    assert (route.kind, route.topic_id, route.facet) == ("fact", "cpc", "recertification")


def test_mentions_and_markdown_are_ignored(matcher):
    route = matcher.route("<@123456789> **@everyone** what's the CRC? https://example.com/x")
    assert (route.kind, route.topic_id) == ("credential", "crc")


def test_credential_lookup_by_name(matcher):
    assert matcher.find_credential("cpc").id == "cpc"
    assert matcher.find_credential("Certified Coding Specialist").id == "ccs"
    assert matcher.find_credential("ccs-p").id == "ccs-p"
    assert matcher.find_credential("CCSP").id == "ccs-p"
    assert matcher.find_credential("cpc-a").id == "cpc"
    assert matcher.find_credential("xyz") is None
    assert matcher.find_credential("") is None
    assert [c.id for c in matcher.credential_suggestions("cpcc")] == ["cpc", "ccc", "ccs"]
    assert matcher.credential_suggestions("  ") == []


def test_autocomplete(matcher, kb):
    assert [c.abbr for c in matcher.autocomplete("cc")][:3] == ["CCS", "CCA", "CCS-P"]
    everything = matcher.autocomplete("")
    assert len(everything) == 25
    # Core credentials first, then the specialty ones.
    assert [c.specialty for c in everything][: len(kb.core_credentials())] == [False] * len(
        kb.core_credentials()
    )
    assert any(c.id == "ccc" for c in matcher.autocomplete("cardio"))
    # Ours fill the unfiltered list; a neighbouring credential appears once typed.
    assert all(c.group != "neighbour" for c in everything)
    assert [c.abbr for c in matcher.autocomplete("rhi")][:2] == ["RHIT", "RHIA"]


class TestJudge:
    """How a labelled question is judged (the accuracy figures depend on it)."""

    def test_off_topic_is_correct_only_when_declined(self):
        assert judge({"q": "x", "expect": None}, Route(RouteKind.NONE))
        assert not judge({"q": "x", "expect": None}, Route(RouteKind.TOPIC, ("exam-day",)))

    def test_expected_or_also_accepted(self):
        item = {"q": "x", "expect": "exam-day", "also": ["exam-timing"]}
        assert judge(item, Route(RouteKind.TOPIC, ("exam-day",)))
        assert judge(item, Route(RouteKind.TOPIC, ("exam-timing",)))
        assert not judge(item, Route(RouteKind.TOPIC, ("study-tips",)))
        assert not judge(item, Route(RouteKind.NONE))

    def test_facet_must_match_for_a_fact_but_a_full_card_counts(self):
        item = {"q": "x", "expect": "cpc", "facet": "salary"}
        assert judge(item, Route(RouteKind.FACT, ("cpc",), facet="salary"))
        assert not judge(item, Route(RouteKind.FACT, ("cpc",), facet="cost"))
        assert judge(item, Route(RouteKind.CREDENTIAL, ("cpc",)))

    def test_a_comparison_answers_either_credential_or_the_topic_comparing_them(self):
        both = Route(RouteKind.COMPARE, ("ccs", "cpc"))
        assert judge({"q": "x", "expect": "cpc-vs-ccs"}, both)
        assert judge({"q": "x", "expect": "ccs", "facet": "difficulty"}, both)
        assert judge({"q": "x", "expect": "compare:ccs,cpc"}, both)
        assert not judge({"q": "x", "expect": "regional-demand"}, both)
        assert not judge({"q": "x", "expect": "cca-vs-ccs"}, both)

    def test_wrong_confident_is_an_answer_that_is_not_right(self):
        def outcome(correct: bool, answered: bool, group: str | None = None) -> Outcome:
            return Outcome("q", "x", None, None, None, correct, group=group, answered=answered)

        right, wrong, declined = outcome(True, True), outcome(False, True), outcome(False, False)
        assert (right.wrong_confident, wrong.wrong_confident, declined.wrong_confident) == (
            False,
            True,
            False,
        )
        summary = summarise([right, wrong, declined, outcome(True, False)])
        assert summary.wrong_confident == 0.25
        assert summary.groups == {}

    def test_grouped_sets_are_reported_per_group(self, matcher):
        items = [
            {"q": "what is the CRC", "expect": "crc", "group": "guide"},
            {"q": "how many CEUs do I need for the CPC?", "expect": "pass-rates", "group": "guide"},
            {"q": "who won the super bowl", "expect": None, "group": "off-topic"},
            {"q": "what does CCS stand for", "expect": "ccs", "facet": "name", "fact": "Specialist"},
        ]
        summary = summarise(evaluate(matcher, items))
        assert summary.groups == {"guide": (2, 0.5), "off-topic": (1, 1.0)}
        assert summary.wrong_confident == 0.25
        assert summary.accuracy == 0.75

    def test_router_sets_are_told_from_the_code_tools_sets(self):
        assert is_router_set([{"q": "x", "expect": "cpc"}, {"q": "y", "expect": None}])
        assert not is_router_set([{"q": "ESRD", "intent": "code_search", "codes": ["N18.6"]}])
        assert not is_router_set([{"query": "asthma", "expect": ["J45.909"]}])
        assert not is_router_set({"q": "x"})

    def test_comparison_ids_are_sorted(self):
        assert judge({"q": "x", "expect": "compare:ccs,cpc"}, Route(RouteKind.COMPARE, ("cpc", "ccs")))


# Correct answers per labelled set when this guard was last changed (session 6). Questions
# labelled "decline" that new entries answer were relabelled to those entries (CPB, RHIA, CDIP,
# medical biller pay, AAPC chapter meetings); questions a new entry answers more precisely
# (code sets, coder pay, removing the A, retake waits) accept it too. blind_set_a.yaml is
# blind set A of issue 14 (first run recorded in its header), guarded since the router's
# session 6 changes. A route lost on any set fails here. Raise the figures when the router
# improves.
# Raised with the nearest-example second opinion (router2) and with each change since; a floor
# lowered on purpose says why beside its figure.
ACCURACY_FLOORS = {
    # file: (minimum questions, on-topic answered correctly, off-topic declined), as the bot
    # routes (lexical router and intent model). The sets are the intent model's training data:
    # for figures on unseen questions see benchmarks/train_router.py --cross-validate.
    "devset.yaml": (189, 147, 42),
    "holdout.yaml": (120, 91, 29),
    "probe.yaml": (100, 40, 60),
    "blind.yaml": (150, 107, 43),
    "blind_set_a.yaml": (211, 164, 45),
    "blind_set_b.yaml": (249, 197, 48),
    "blind_set_c.yaml": (220, 171, 47),
    "blind_set_d.yaml": (256, 206, 48),
    "blind_set_e.yaml": (280, 221, 56),
    "blind_set_f.yaml": (264, 205, 58),
    "blind_set_g.yaml": (303, 239, 60),
    "blind_set_h.yaml": (291, 226, 60),
    "blind_set_i.yaml": (251, 193, 55),
    "blind_set_j.yaml": (269, 204, 62),
    "blind_set_k.yaml": (266, 200, 62),
    "blind_set_l.yaml": (201, 153, 47),
    "blind_set_m.yaml": (222, 173, 45),
    "blind_set_n.yaml": (224, 176, 47),
}


@pytest.mark.parametrize("name", sorted(ACCURACY_FLOORS))
def test_accuracy_on_question_sets(matcher, name):
    items = yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8"))
    min_items, min_answered, min_declined = ACCURACY_FLOORS[name]
    assert len(items) >= min_items
    outcomes = evaluate(matcher, items)
    answered = sum(o.correct for o in outcomes if o.expect is not None)
    declined = sum(o.correct for o in outcomes if o.expect is None)
    assert answered >= min_answered and declined >= min_declined, summarise(outcomes)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("i work in a urology clinic, is there a credential just for that?", "cuc"),
        ("what is the rheum specialty cert called", "crhc"),
        ("does aapc have a peds coding certification", "cpedc"),
        ("is there even a urology coding certification??", "cuc"),  # named by an alias
    ],
)
def test_a_specialty_credential_described_by_its_area_gets_its_card(matcher, question, entry):
    route = matcher.route(question)
    assert route.topic_id == entry, route


def test_several_areas_are_a_question_about_specialty_credentials_in_general(matcher):
    route = matcher.route("are there coding certifications for areas like urology or cardiology?")
    assert route.topic_id not in {"cuc", "ccc"}


@pytest.mark.parametrize(
    ("question", "spelled"),
    [
        ("is the crc certified rehabilitation counselor exam hard? im a counseling grad", "rehabilitation"),
        ("cpb certified public bookkeeper exam, how long", "public bookkeeper"),
        ("how hard is the certified rehabilitation counselor (CRC) exam", "rehabilitation"),
        ("how do i renew my Certified Nurse Educator CNE", None),  # not one of our letters: unknown
        ("do i need to bring the chain of custody (COC) form to my drug test", "chain of custody"),
        ("where do i get a COC certificate of compliance for an imported car", "of compliance"),
    ],
)
def test_our_letters_spelled_out_as_another_credential_are_declined(matcher, question, spelled):
    route = matcher.route(question)
    assert not route.matched, route
    if spelled:
        assert route.reason.startswith("another credential") and spelled in route.reason, route


@pytest.mark.parametrize(
    ("question", "credential"),
    [
        ("is the CIC (certified inpatient coding) hard", "cic"),  # the guide's name for it
        ("crc - certified risk adjustment coder exam length", "crc"),
        ("cpc certified professional coders exam fee", "cpc"),
        ("how hard is the cca certified coding associate", "cca"),
    ],
)
def test_our_own_names_spelled_out_stay_ours(matcher, question, credential):
    route = matcher.route(question)
    assert route.matched and route.entry_ids == (credential,), route


@pytest.mark.parametrize(
    "question",
    [
        "our google ads CPC went up, how do i bring the cost per click down",
        "how do i compute a CRC checksum for a network packet",
        "is CCS carbon capture actually good for the climate",
    ],
)
def test_a_credentials_letters_meaning_something_else_are_declined(matcher, question):
    route = matcher.route(question)
    assert not route.matched and route.reason.startswith("outside coding"), route


def test_the_same_letters_with_a_coding_word_are_still_the_credential(matcher):
    assert matcher.route("is the CPC coding exam about clicks and ads? lol no, how many questions").matched


@pytest.mark.parametrize(
    ("question", "nurse"),
    [
        ("need cheap study materials rn, any free ones?", False),  # "right now"
        ("broke rn lol", False),
        ("as an rn how much do coders earn", True),
        ("rn to coder, is that a thing", True),
    ],
)
def test_rn_is_right_now_unless_it_names_the_nurse(matcher, question, nurse):
    words = matcher._analyser.analyse(question).words
    assert ("rn" in words) is nurse and ("now" in words) is not nurse


def test_right_now_does_not_make_a_study_question_another_fields(matcher):
    assert matcher.route("need cheap study materials rn, any free ones?").topic_id == "study-resources"


def test_another_fields_words_must_not_be_what_matches_a_topic(matcher):
    # cdi-basics speaks of nurses moving into CDI; a question about nurses' pay is not about it
    route = matcher.route("as an rn how much do nurses earn")
    assert not route.matched and route.reason.startswith("another subject")


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("is the CPC a hard exam", None),  # "a" is the article: not the CPC-A
        ("is cpc a good choice for a beginner", None),
        ("what is a cpc-a", "cpc-apprentice"),
        ("im a cpc a now, what does that mean", "cpc-apprentice"),
        ("how long until the A comes off my CPC", "cpc-apprentice"),  # the letter named apart
    ],
)
def test_the_apprentice_letter_and_the_article(matcher, question, topic):
    route = matcher.route(question)
    if topic is None:
        assert route.topic_id != "cpc-apprentice", route
    else:
        assert route.topic_id == topic, route


@pytest.mark.parametrize(
    ("question", "entry", "facet"),
    [
        ("which org is behind the CRC", "crc", "name"),
        ("what do CCA coders do", "cca", "duties"),
    ],
)
def test_more_ways_to_ask_for_a_name_or_duties(matcher, question, entry, facet):
    route = matcher.route(question)
    assert (route.topic_id, route.facet) == (entry, facet), route


@pytest.mark.parametrize(
    "question",
    [
        "is the pmp exam harder than the cpc, whats the pmp format",  # another field's exam
        "write me python code for a discord bot please",  # a program, not a medical code
        "my engine light shows code P0171 what does it mean",  # a car's fault code
    ],
)
def test_another_fields_exam_or_code_is_declined(matcher, question):
    route = matcher.route(question)
    assert not route.matched and route.reason.startswith("outside coding"), route


def test_a_code_family_named_by_its_letter_is_a_word(matcher):
    assert matcher.route("what are G codes used for").topic_id == "hcpcs-level-ii"
    assert matcher.route("what is a cpt f code").topic_id == "cpt-basics"


def test_cat_is_a_category_only_before_its_number(matcher):
    assert not matcher.route("my cat is sick what should I do").matched
    assert matcher.route("what codes are in cpt cat ii").topic_id == "cpt-basics"


def test_a_cpt_category_named_alone_is_about_the_code_set_not_a_search(kb):
    clinical = Matcher(kb, clinical=lambda terms, known: 1.0)  # every word as clinical as can be
    route = clinical.route("cat III codes end in a T right? what r they for")
    assert route.kind is not RouteKind.CODE and route.topic_id == "cpt-basics", route


def test_a_job_title_names_a_credential_only_beside_a_credential_word(matcher):
    job = matcher.route("our job ad asks for a billing and coding specialist, is that one role or two")
    assert "ccs" not in job.entry_ids, job
    assert matcher.route("is the risk adjustment coder certification hard").topic_id == "crc"


def test_the_last_sentence_about_another_fields_exam_is_theirs(matcher):
    theirs = matcher.route(
        "my sister is studying for the mcat while i do the cpc. how many hours is the mcat"
    )
    assert not theirs.matched and theirs.reason.startswith("outside coding"), theirs
    assert matcher.route("I passed the NCLEX years ago. is the CPC hard?").topic_id == "cpc"


def test_a_job_title_word_is_no_activity_around_a_named_credential(matcher):
    # "specialist" names the kind of credential; it does not make this a CDI question
    assert matcher.route("cemc - is that for E/M specialists?").topic_id == "cemc"


@pytest.mark.parametrize(
    ("question", "entry", "facet"),
    [
        ("what does a coc actually do all week", "coc", "duties"),
        ("is a high school diploma enough to sit for the cca", "cca", "eligibility"),
    ],
)
def test_duties_and_eligibility_phrasings(matcher, question, entry, facet):
    route = matcher.route(question)
    assert (route.topic_id, route.facet) == (entry, facet), route

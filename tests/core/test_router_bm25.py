"""BM25 over the topics: field weights, paraphrases adding up, the share used for thresholds."""

from __future__ import annotations

from bot.core.knowledge.model import Section, Topic
from bot.core.router.bm25 import TopicBM25
from bot.core.router.scoring import EVERYDAY_WEIGHT


def topic(
    tid: str, title: str, *, questions: tuple[str, ...] = (), text: str = "", heading: str = ""
) -> Topic:
    sections = (Section(heading, "more words here"),) if heading else ()
    return Topic(
        tid, title, (), questions, text or "Plain answer text.", sections, None, (), ("s",), "t.yaml"
    )


def index(*topics: Topic) -> TopicBM25:
    return TopicBM25(topics, credential_words={"cpc"})


def test_a_title_word_outweighs_the_same_word_in_an_answer_text():
    bm = index(
        topic("retakes", "Retaking an exam"),
        topic("fees", "Exam fees", text="A retaking fee applies. Fees change yearly."),
        topic("other", "Something else"),
    )
    ranked = bm.ranked(["retak"])
    assert [tid for tid, _, _ in ranked] == ["retakes", "fees"]


def test_words_that_several_paraphrases_share_add_up():
    bm = index(
        topic("study", "Study advice", questions=("how long should I study", "how many weeks to study")),
        topic("timing", "Exam timing", questions=("how long is the exam",)),
    )
    best = bm.ranked(["long", "study"])[0]
    assert best[0] == "study"


def test_share_is_between_zero_and_one_and_unknown_words_lower_it():
    bm = index(topic("study", "Study advice", questions=("study plan",)), topic("x", "Other thing"))
    (_, _, known), *_ = bm.ranked(["study", "plan"])
    (_, _, diluted), *_ = bm.ranked(["study", "plan", "zebra", "violin"])
    assert 0 < diluted < known <= 1


def test_credential_names_are_not_topic_words():
    bm = index(topic("study", "Study for the CPC"), topic("x", "Other"))
    assert bm.ranked(["cpc"]) == []


def test_a_lower_weight_lowers_a_terms_contribution():
    bm = index(topic("study", "Study advice day"), topic("x", "Other"))
    full = bm.scores(["day", "study"])["study"]
    weighted = bm.scores(["day", "study"], {"day": EVERYDAY_WEIGHT})["study"]
    assert weighted < full
    assert bm.ranked([]) == []


def test_headings_count_more_than_answer_text():
    bm = index(
        topic("a", "First", heading="Guessing on hard questions"),
        topic("b", "Second", text="Guessing is sometimes mentioned."),
    )
    assert bm.ranked(["guess"])[0][0] == "a"


def test_best_is_the_first_ranked():
    bm = index(
        topic("a", "Study plan"),
        topic("b", "Study group", questions=("study together",)),
        topic("c", "Something else"),
    )
    for terms in (["study"], ["study", "plan"], ["together"], ["zebra"]):
        ranked = bm.ranked(terms)
        assert bm.best(terms) == (ranked[0] if ranked else None)

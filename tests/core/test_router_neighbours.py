"""Nearest example questions: TF-IDF cosine over words and word pairs, the vote, its uses."""

from __future__ import annotations

import pytest

from bot.core.knowledge.model import Credential, Topic
from bot.core.router import neighbours
from bot.core.router.neighbours import NeighbourIndex, Vote, agrees, features, over_card, rescues


def topic(tid: str, title: str, *questions: str) -> Topic:
    return Topic(tid, title, (), questions, "Plain answer text.", (), None, (), ("s",), "t.yaml")


def credential(cid: str, *questions: str) -> Credential:
    name = f"Certified {cid}"
    return Credential(cid, cid.upper(), name, "AAPC", "neighbour", (), "s", {}, (), (), "c.yaml", questions)


@pytest.fixture(scope="module")
def index() -> NeighbourIndex:
    topics = [
        topic("exam-day", "Exam day strategy", "should I guess when I have no idea", "how do I pace myself"),
        topic("study-tips", "How to study", "how long should I study for the cpc", "best way to study"),
        topic("exam-fees", "Exam fees", "how much does the exam cost", "exam price"),
    ]
    return NeighbourIndex(topics, [credential("cpb", "what is the cpb and who offers it")], {"cpc", "cpb"})


def test_features_are_words_and_neighbouring_pairs():
    assert features(["guess", "idea", "guess"]) == ["guess", "idea", "guess|idea", "idea|guess"]


def test_a_paraphrase_votes_for_its_topic(index):
    vote = index.vote(["guess", "idea"])
    assert vote is not None and vote.entry == "exam-day" and not vote.credential
    assert vote.similarity > 0.5 and vote.margin == vote.similarity and vote.share == 1.0


def test_credential_names_are_left_out_of_the_examples(index):
    # "how long should I study for the cpc" teaches "long study", whichever credential is named.
    vote = index.vote(["long", "study"])
    assert vote is not None and vote.entry == "study-tips"


def test_unknown_words_dilute_the_similarity(index):
    close = index.vote(["exam", "cost"])
    diluted = index.vote(["exam", "cost", "nclex", "bar"])
    assert close is not None and diluted is not None and close.entry == diluted.entry == "exam-fees"
    assert diluted.similarity < close.similarity


def test_word_order_adds_evidence(index):
    sims = index.similarities(["study", "better"])
    in_order = index.similarities(["better", "study"])  # "best way to study", as an example has it
    assert max(in_order.values()) > max(sims.values())


def test_excluded_entries_do_not_vote_and_nothing_shared_is_no_vote(index):
    vote = index.vote(["exam", "cost"], exclude={"exam-fees"})
    assert vote is None or vote.entry != "exam-fees"
    assert index.vote(["zebra"]) is None


def test_a_vote_for_a_credential_rescues_nothing(index):
    vote = index.vote(["offer"])
    assert vote is not None and vote.credential and vote.entry == "cpb"
    assert rescues(vote) is None and over_card(vote) is None


def test_the_uses_of_a_vote_follow_their_thresholds(monkeypatch):
    vote = Vote("exam-day", similarity=0.7, runner_up=0.3, share=0.9, credential=False)
    assert agrees(vote, "exam-day") and not agrees(vote, "exam-fees") and not agrees(None, "exam-day")
    assert rescues(vote) == "exam-day"
    weak = Vote("exam-day", similarity=0.45, runner_up=0.4, share=0.5, credential=False)
    assert rescues(weak) is None and agrees(weak, "exam-day", support=True)
    monkeypatch.setattr(neighbours, "OVER_CARD_SIMILARITY", 0.6)
    assert neighbours.over_card_enabled()
    assert over_card(vote) == "exam-day" and over_card(weak) is None

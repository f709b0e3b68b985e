"""The router's learned intent model: its features, its file, and that it is trained on today's corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.core.router.evaluation import is_router_set
from bot.core.router.intent_corpus import knowledge_examples, set_examples, set_label
from bot.core.router.intent_model import (
    FEATURE_VERSION,
    MODEL_PATH,
    IntentModel,
    asked_sentence,
    corpus_digest,
    model_text,
    raw_features,
    shipped_model,
    weighted,
)
from bot.core.router.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model() -> IntentModel:
    loaded = shipped_model()
    assert loaded is not None, f"{MODEL_PATH} is missing or unreadable"
    return loaded


def test_the_shipped_model_was_trained_on_todays_corpus(kb, model):
    """Changing example questions, a question set or the analyser changes the corpus: train again
    (``python -m benchmarks.train_router``, needs ``pip install -e '.[train]'``) and commit the model."""
    lexical = Matcher(kb)
    examples = knowledge_examples(kb, lexical)
    for path in sorted((ROOT / "tests/data").glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if is_router_set(items):
            examples += set_examples(items, kb, lexical)
    assert corpus_digest(examples) == model.digest, "retrain: python -m benchmarks.train_router"


def test_the_model_knows_every_label_the_knowledge_base_needs(kb, model):
    assert model.topic_labels() <= set(kb.topics)
    assert {"none", "compare", "cred:card", "cred:name", "cred:exam", "cred:salary"} <= set(model.labels)


def test_a_credential_name_is_masked_and_a_status_is_marked(kb):
    lexical = Matcher(kb)
    for question in ("how long to study for the CPC", "how long to study for the CRC"):
        assert lexical.model_text(lexical.analyse(question)) == "how long to study for the credx"
    assert lexical.model_text(lexical.analyse("what does CPC-A stand for")).endswith(" credstatus")


def test_features_are_words_pairs_and_character_ngrams():
    features = raw_features(model_text("how long to study for the <credential>"))
    assert {"w:study", "b:how long", "b:the credx", "c: st", "c:stud", "c:study"} <= set(features)


def test_a_repeated_word_weighs_what_it_weighs_once():
    index = {"w:story": 0, "w:ceu": 1}
    idf = np.array([1.0, 3.0])
    once = weighted(raw_features("story ceu"), index, idf)
    often = weighted(raw_features("story " * 200 + "ceu"), index, idf)
    assert once == pytest.approx(often)


def test_the_model_reads_intent_beyond_the_words_it_was_shown(kb, model):
    lexical = Matcher(kb)
    cases = {
        "what does CCS-P stand for?": "cred:name",
        "how many hrs should i study each week for the cic": "study-tips",
        "wat happens if i fail the exam, can i retake": "exam-retakes",
        "whats a good sourdough starter ratio": "none",
    }
    for question, label in cases.items():
        best = model.predict(lexical.model_text(lexical.analyse(question)), top=1)[0]
        assert best.label == label, (question, best)


def test_save_and_load_give_the_same_predictions(tmp_path, model):
    path = tmp_path / "m.npz"
    model.save(path)
    again = IntentModel.load(path)
    text = "how many ceu do i need for the credx"
    assert [p.label for p in again.predict(text)] == [p.label for p in model.predict(text)]
    assert again.probabilities(text) == pytest.approx(model.probabilities(text), abs=1e-3)


def test_a_model_of_other_features_is_refused(tmp_path, model):
    path = tmp_path / "old.npz"
    model.save(path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["version"] = np.array(FEATURE_VERSION + 1)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="features version"):
        IntentModel.load(path)


def test_a_model_trained_for_other_topics_is_not_used(kb, model):
    """A knowledge base without some of the model's topics (a test fixture, a topic removed):
    the model would point at entries that are not there, so the router answers alone."""
    smaller = type(kb)(
        sources=kb.sources, credentials=kb.credentials, topics=dict(list(kb.topics.items())[:5])
    )
    assert Matcher(smaller, intents=model)._arbiter is None
    assert Matcher(kb, intents=model)._arbiter is not None


def test_set_labels_read_as_the_judge_reads_them(kb):
    assert set_label({"q": "x", "expect": None}, kb) == "none"
    assert set_label({"q": "x", "expect": "compare:ccs,cpc"}, kb) == "compare"
    assert set_label({"q": "x", "expect": "cpc-vs-ccs"}, kb) == "compare"
    assert set_label({"q": "x", "expect": "cpc", "facet": "exam"}, kb) == "cred:exam"
    assert set_label({"q": "x", "expect": "cpc"}, kb) == "cred:card"
    assert set_label({"q": "x", "expect": "study-tips"}, kb) == "study-tips"
    assert set_label({"q": "x", "expect": "no-such-topic"}, kb) is None


def test_without_its_file_the_router_answers_alone(monkeypatch, tmp_path, kb):
    from bot.core.router import intent_model

    monkeypatch.setattr(intent_model, "MODEL_PATH", tmp_path / "missing.npz")
    assert intent_model.shipped_model.__wrapped__() is None
    assert Matcher(kb, intents=None).route("how many CEUs do I need for the CPC?").matched


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("I passed the NCLEX years ago. is the CPC hard?", "is the CPC hard"),
        ("ccs here!! anyone know a good pizza place in denver", "anyone know a good pizza place in denver"),
        ("how many ceus for the cpc", None),  # one sentence: the whole message is the question
        ("whats the cca? is it", "whats the cca"),  # the last asking: "is it" asks nothing
        ("any overview of the code sets? my textbook is confusing", "any overview of the code sets"),
        ("back to work after 12 years. is remote coding real? or scams", "is remote coding real"),
        ("MUE?? saw it on a denial", None),  # the question is too short to stand alone
        ("im 34. cool", None),  # ... and so is the last sentence
    ],
)
def test_the_asked_sentence_is_a_messages_last_asking_one_that_stands_alone(question, asked):
    assert asked_sentence(question) == asked

"""The intent model's training corpus: every labelled member question, as (model text, label).

Two sources: the knowledge base's own example questions (a topic's questions are that topic;
a credential's are the facet they ask about, or its card) and the labelled question sets
(``tests/data``: the development sets, the blind sets after their first run, and the
``train_*`` sets written to train the model). A set's
labels become intent labels the way ``evaluation.judge`` reads them: a credential with a facet
is ``cred:<facet>``, two credentials side by side (or a topic comparing exactly two, such as
cpc-vs-ccs) are ``compare``, an off-topic question is ``none``.

Used by the trainer (``benchmarks/train_router.py``) and by the test that checks the shipped
model was trained on today's corpus (``corpus_digest``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from bot.core.knowledge.model import KnowledgeBase

from .analysis import Analysis
from .intent_model import CARD_LABEL, COMPARE_LABEL, NONE_LABEL, facet_label
from .intents import FACET_MINIMUM
from .scoring import facet_of


class Reader(Protocol):
    """What the corpus needs of the router: its analysis, and the text the model reads."""

    def analyse(self, question: str) -> Analysis: ...

    def model_text(self, analysis: Analysis) -> str: ...


Example = tuple[str, str]  # (model text, label)
LabelledQuestion = Mapping[str, Any]  # as in ``evaluation`` (which imports the matcher, which imports this)


def pair_topics(kb: KnowledgeBase) -> set[str]:
    """Topics that compare two named credentials ("cpc-vs-ccs"): with the names masked they
    read like any comparison, so they are learned as one."""
    return {
        tid
        for tid in kb.topics
        if len(parts := tid.split("-vs-")) == 2 and all(p in kb.credentials for p in parts)
    }


def set_label(item: LabelledQuestion, kb: KnowledgeBase) -> str | None:
    """The intent label of a labelled question's ``expect``, or None when its entry no longer
    exists."""
    expect = item.get("expect")
    if expect is None:
        return NONE_LABEL
    if expect.startswith("compare:") or expect in pair_topics(kb):
        return COMPARE_LABEL
    if expect in kb.credentials:
        facet = item.get("facet")
        return facet_label(facet) if facet else CARD_LABEL
    return expect if expect in kb.topics else None


def knowledge_examples(kb: KnowledgeBase, reader: Reader) -> list[Example]:
    pairs = pair_topics(kb)
    out: list[Example] = []
    for topic in kb.topics.values():
        label = COMPARE_LABEL if topic.id in pairs else topic.id
        out.extend((reader.model_text(reader.analyse(q)), label) for q in topic.questions)
    for credential in kb.credentials.values():
        for question in credential.questions:
            analysis = reader.analyse(question)
            facet, strength = facet_of(analysis)
            label = facet_label(facet) if facet and strength >= FACET_MINIMUM else CARD_LABEL
            out.append((reader.model_text(analysis), label))
    return out


def set_examples(items: Iterable[LabelledQuestion], kb: KnowledgeBase, reader: Reader) -> list[Example]:
    """A question teaches its ``expect`` alone: teaching each of its ``also`` answers too, at
    a share of the weight, made the model less sure where it was right (out-of-fold cost 171
    against 158)."""
    out: list[Example] = []
    for item in items:
        label = set_label(item, kb)
        if label is not None:
            out.append((reader.model_text(reader.analyse(item["q"])), label))
    return out

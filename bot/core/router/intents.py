"""What a question asks beyond the entry it names: intents the matcher checks before a card.

With a credential named, the question may ask for its name ("what does CCS stand for"), for
one facet of several credentials at once (CEUs for the CPC and the CIC: the CEU topic), or
about something done around it (studying for it, retaking it, taking it online: a topic,
whose answer can mention the credential). A credential named after "after" or "without" is
the member's background, not the subject. BM25 over the topics' own text and paraphrases
is the second opinion a mid-score topic answer needs (``bm25_agrees``).

The thresholds were chosen with ``python -m benchmarks.calibrate_router`` on the dev sets,
a wrong confident answer costing three declines.
"""

from __future__ import annotations

from bot.core.text import stem

from .analysis import CREDENTIAL_MARK, Analysis, designated, negated_positions
from .bm25 import TopicBM25
from .routes import NAME_FACET, Route, RouteFacet, RouteKind
from .scoring import COMPARE_TERMS, EVERYDAY_WEIGHT, TopicIndex
from .vocabulary import (
    BACKGROUND_CUES,
    CARD_TOPICS,
    COMPARE_CUES,
    FACET_CUES,
    FACET_TOPICS,
    JOB_TITLE_ENDINGS,
    SPECIALTY_CONTEXT,
)

# Words that name a credential rather than do something around it ("the derm coding
# credential"): no evidence of an activity topic.
_CREDENTIAL_NOUNS = frozenset(stem(w) for w in SPECIALTY_CONTEXT | JOB_TITLE_ENDINGS)

FACET_DECIDES = 2.5  # facet strength that decides the route on its own
FACET_MINIMUM = 1.5  # facet strength needed for a fact route


def facet_score(strength: float) -> int:
    """A facet route's score (0-99) for cues of ``strength``: 1.5 scores 82, 3 scores 94."""
    return round(min(99, 70 + 8 * strength))


# An activity topic (studying, retakes...) wins over a named credential's card or facet when
# its BM25 score covers this share of the question's remaining terms, and scores this much.
ACTIVITY_SHARE = 0.5
ACTIVITY_MIN_SCORE = 2.0
ACTIVITY_PER_FACET = 0.6  # score the topic needs per unit of facet strength, on top
# BM25's second opinion on a middling topic answer: the same topic first, with a raw BM25
# score of at least this (real evidence in the topic's own words, not a lone common word).
AGREE_SCORE = 5.0


def _everyday_weights(analysis: Analysis) -> dict[str, float]:
    return dict.fromkeys(analysis.everyday, EVERYDAY_WEIGHT)


class Intents:
    """The intent checks over one knowledge base's topic index and BM25 index."""

    def __init__(self, topics: TopicIndex, bm25: TopicBM25, designations: dict[str, str]) -> None:
        self._topics = topics
        self._bm25 = bm25
        # A credential named by a designation derived from it ("CPC-A") -> the topic whose
        # keywords name that designation (cpc-apprentice): what the member asks about.
        self._designations = designations

    def background(self, analysis: Analysis) -> set[str]:
        """Credentials named up to three words after a background cue ("after my CPC")."""
        out: set[str] = set()
        seen = 0
        words = analysis.masked.split()
        for i, word in enumerate(words):
            if word == CREDENTIAL_MARK:
                if seen < len(analysis.credentials) and BACKGROUND_CUES & set(words[max(0, i - 3) : i]):
                    out.add(analysis.credentials[seen])
                seen += 1
        return out

    @staticmethod
    def set_aside(analysis: Analysis) -> set[str]:
        """Credentials named right after a negation ("some AAPC cert for outpatient
        departments, not the CPC"): not what the member asks about."""
        words = analysis.masked.split()
        negated = negated_positions(words)
        marks = [i for i, word in enumerate(words) if word == CREDENTIAL_MARK]
        return {cred for cred, i in zip(analysis.credentials, marks, strict=False) if i in negated}

    def route(
        self, analysis: Analysis, creds: list[str], facet: RouteFacet | None, strength: float
    ) -> Route | None:
        """What the question asks about the named credentials before their card: a designation
        a topic explains (CPC-A), the name, one facet of several of them (its topic), or an
        activity around them (a topic)."""
        compared = len(creds) >= 2 and bool(analysis.raw & COMPARE_CUES)
        named_status = designated(analysis, self._designations)
        if named_status and not compared:
            return Route(RouteKind.TOPIC, (named_status[0],), score=90)
        if facet == NAME_FACET and strength >= FACET_DECIDES:
            return Route(RouteKind.FACT, (creds[0],), facet=facet, score=facet_score(strength))
        if len(creds) >= 2 and not compared and facet and strength >= FACET_MINIMUM:
            shared = self.facet_topic(analysis, facet)
            if shared:  # one facet of several credentials at once: the facet's own topic
                return Route(RouteKind.TOPIC, (shared,), score=facet_score(strength))
        # A credential described by its specialty is the question's subject, not its scene.
        activity = None if analysis.by_area else self.activity_topic(analysis, facet, strength)
        if activity and not compared:
            return Route(RouteKind.TOPIC, (activity[0],), score=round(100 * activity[1]))
        return None

    def facet_topic(self, analysis: Analysis, facet: RouteFacet) -> str | None:
        """The topic that answers ``facet`` (``FACET_TOPICS``) that the topic scorer ranks best."""
        ranked = self._topics.ranked(analysis)
        return next((tid for tid, _ in ranked if FACET_TOPICS.get(tid) == facet), None)

    def activity_topic(
        self, analysis: Analysis, facet: RouteFacet | None, strength: float
    ) -> tuple[str, float] | None:
        """A topic about doing something around the named credential (studying for it, retaking
        it, taking it online), when it explains what the facet cue does not.

        The question's terms, less generic words and the detected facet's own cues, are
        ranked by BM25; the best topic wins if it is no topic a credential's facet answers
        (``FACET_TOPICS``), covers most of those terms and is specific to them.
        """
        facet_cues = {stem(c) for c in FACET_CUES.get(facet, {})} if facet else set()
        rest = [
            t
            for t in analysis.content
            if t not in self._topics.generic
            and t not in facet_cues
            and t not in COMPARE_TERMS
            and t not in _CREDENTIAL_NOUNS
            and t.isalpha()
        ]
        found = self._bm25.best(rest, _everyday_weights(analysis)) if rest else None
        if found is None:
            return None
        best, raw, share = found
        # The stronger the facet cue, the more the topic must explain to take the question.
        needed = ACTIVITY_MIN_SCORE + ACTIVITY_PER_FACET * strength
        if best in FACET_TOPICS or best in CARD_TOPICS or share < ACTIVITY_SHARE or raw < needed:
            return None
        # A word of its title, keywords or example questions, not only of its answer text.
        if not any(self._topics.strong_for(t, best) for t in rest):
            return None
        return best, share

    def bm25_agrees(self, topic_id: str, analysis: Analysis) -> bool:
        """BM25 over the topics' own text and paraphrases ranks ``topic_id`` first too, with
        at least ``AGREE_SCORE``."""
        terms = [t for t in analysis.content if t.isalpha()]
        best = self._bm25.best(terms, _everyday_weights(analysis)) if terms else None
        return best is not None and best[0] == topic_id and best[1] >= AGREE_SCORE

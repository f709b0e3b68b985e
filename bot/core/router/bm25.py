"""BM25 ranking of the topics over their own text and their many paraphrases.

Each topic is one document made of weighted fields: its title and keywords count most, each
example question (``questions``: the paraphrases members ask) counts as one more mention of
its words, section headings less, the answer text least. A word that many paraphrases share
("study", "long") therefore weighs more than one that a single answer sentence uses, and
BM25's saturation keeps a word repeated in a long text from drowning the rest.

Built once; a question costs one dictionary look-up per term plus a pass over its postings.
The score is returned both raw (for ranking) and as a share of what a perfect document would
score for the question (0-1, for thresholds).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable

from bot.core.knowledge.model import Topic

from .analysis import canonical_words, content_terms

# BM25 parameters: k1 saturates a term's frequency, b normalises by document length.
K1 = 1.2
B = 0.4
# Field weights: how many mentions one occurrence of a word in that field is worth.
TITLE_WEIGHT = 4.0
KEYWORD_WEIGHT = 3.0
QUESTION_WEIGHT = 1.5  # per example question: words several paraphrases share add up
HEADING_WEIGHT = 1.0
TEXT_WEIGHT = 0.3
UNKNOWN_IDF_SHARE = 0.5  # an unknown question word counts as this share of the rarest term


def _terms(text: str, drop: set[str]) -> list[str]:
    return [t for t in content_terms(canonical_words(text)) if t not in drop]


class TopicBM25:
    """BM25 over the topics (see the module docstring)."""

    def __init__(self, topics: Collection[Topic], credential_words: set[str]) -> None:
        freqs: dict[str, dict[str, float]] = {}
        for topic in topics:
            freqs[topic.id] = self._document(topic, credential_words)
        lengths = {tid: sum(tf.values()) for tid, tf in freqs.items()}
        avg = sum(lengths.values()) / max(1, len(lengths))
        df: dict[str, int] = defaultdict(int)
        for tf in freqs.values():
            for term in tf:
                df[term] += 1
        n = max(1, len(freqs))
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.max_idf = max(self.idf.values(), default=1.0)
        # term -> [(topic id, saturated term weight)], precomputed so a query only adds up.
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for tid, tf in freqs.items():
            norm = K1 * (1 - B + B * lengths[tid] / max(avg, 1e-9))
            for term, f in tf.items():
                self.postings[term].append((tid, f * (K1 + 1) / (f + norm)))

    @staticmethod
    def _document(topic: Topic, credential_words: set[str]) -> dict[str, float]:
        tf: dict[str, float] = defaultdict(float)
        fields: list[tuple[Iterable[str], float]] = [
            ([topic.title], TITLE_WEIGHT),
            (topic.keywords, KEYWORD_WEIGHT),
            (topic.questions, QUESTION_WEIGHT),
            ((s.heading for s in topic.sections), HEADING_WEIGHT),
            ([topic.text, *(s.text for s in topic.sections)], TEXT_WEIGHT),
        ]
        for texts, weight in fields:
            for text in texts:
                # Credential names are matched as credentials, not as topic words.
                for term in dict.fromkeys(_terms(text, credential_words)):
                    tf[term] += weight
        return tf

    def scores(self, terms: Iterable[str], weights: dict[str, float] | None = None) -> dict[str, float]:
        """Topic id -> BM25 score of the question's (stemmed, content) terms."""
        out: dict[str, float] = defaultdict(float)
        for term in dict.fromkeys(terms):
            idf = self.idf.get(term)
            if idf is None:
                continue
            w = idf * (weights.get(term, 1.0) if weights else 1.0)
            for tid, sat in self.postings[term]:
                out[tid] += w * sat
        return out

    def ceiling(self, terms: Iterable[str], weights: dict[str, float] | None = None) -> float:
        """What a document matching every term at saturation would score (unknown words count)."""
        total = 0.0
        for term in dict.fromkeys(terms):
            idf = self.idf.get(term, UNKNOWN_IDF_SHARE * self.max_idf)
            total += idf * (weights.get(term, 1.0) if weights else 1.0) * (K1 + 1)
        return total

    def best(
        self, terms: list[str], weights: dict[str, float] | None = None
    ) -> tuple[str, float, float] | None:
        """The first of :meth:`ranked` without sorting the rest (None when nothing matches)."""
        raw = self.scores(terms, weights)
        if not raw:
            return None
        tid, score = min(raw.items(), key=lambda kv: (-kv[1], kv[0]))
        return tid, score, score / (self.ceiling(terms, weights) or 1.0)

    def ranked(
        self, terms: list[str], weights: dict[str, float] | None = None
    ) -> list[tuple[str, float, float]]:
        """(topic id, raw score, share of the ceiling 0-1), best first (ties by id)."""
        raw = self.scores(terms, weights)
        top = self.ceiling(terms, weights) or 1.0
        return sorted(((tid, s, s / top) for tid, s in raw.items()), key=lambda x: (-x[1], x[0]))

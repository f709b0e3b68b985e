"""Nearest example questions: which entry's members' phrasings a question reads most like.

Every topic's example questions and title, and every credential's optional example questions,
are indexed as TF-IDF vectors over stemmed content words and word bigrams (credential names
are left out: they are matched as credentials, so a topic's "how long should I study for the
CPC" teaches "study long"). A question is compared with all of them by cosine through an
inverted index, and the nearest few vote for their entries.

This is evidence of a different kind from the topic scorer (share of the question's words a
topic explains) and BM25 (a topic's pooled words): a whole phrasing close to one members
already asked. The matcher uses it as a second opinion, to rescue a decline when the nearest
examples agree clearly, and to tell a question about a named credential's card from one about
a topic around it. Pure Python; built once, a question costs one pass over its terms' postings.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.core.knowledge.model import Credential, Topic

from .analysis import canonical_words, content_terms

NEIGHBOURS = 5  # nearest examples that vote
BIGRAM_WEIGHT = 0.7  # a word pair counts this share of its IDF: order adds evidence, not all of it
UNKNOWN_IDF_SHARE = 1.0  # an unknown question word counts as the rarest term: it is unexplained


@dataclass(frozen=True, slots=True)
class Vote:
    """The nearest examples' verdict on a question."""

    entry: str  # the entry they vote for most (a topic or credential id)
    similarity: float  # cosine (0-1) of that entry's nearest example
    runner_up: float  # cosine of the nearest example of any other entry
    share: float  # that entry's share of the nearest examples' summed similarity
    credential: bool  # the entry is a credential (a question about a credential's card)

    @property
    def margin(self) -> float:
        return self.similarity - self.runner_up


def features(terms: Sequence[str]) -> list[str]:
    """The words and the pairs of neighbouring words ("ceu|requir") of a question's terms."""
    unique = list(dict.fromkeys(terms))
    return unique + [f"{a}|{b}" for a, b in pairwise(terms) if a != b]


class NeighbourIndex:
    """TF-IDF cosine over the knowledge base's example questions (see the module docstring)."""

    def __init__(
        self, topics: Collection[Topic], credentials: Collection[Credential], credential_words: set[str]
    ) -> None:
        examples: list[tuple[str, list[str]]] = []
        for topic in topics:
            for text in (topic.title, *topic.questions):
                examples.append((topic.id, self._terms(text, credential_words)))
        for cred in credentials:
            for text in cred.questions:
                examples.append((cred.id, self._terms(text, credential_words)))
        examples = [(entry, terms) for entry, terms in examples if terms]
        self._credentials = {cred.id for cred in credentials}
        self.entries = [entry for entry, _ in examples]
        df: dict[str, int] = defaultdict(int)
        feats = [features(terms) for _, terms in examples]
        for fs in feats:
            for f in set(fs):
                df[f] += 1
        n = max(1, len(examples))
        self.idf = {f: math.log(1 + n / d) * (BIGRAM_WEIGHT if "|" in f else 1.0) for f, d in df.items()}
        self.max_idf = max((v for f, v in self.idf.items() if "|" not in f), default=1.0)
        # feature -> [(example index, normalised weight)]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, fs in enumerate(feats):
            unique = set(fs)
            norm = math.sqrt(sum(self.idf[f] ** 2 for f in unique)) or 1.0
            for f in unique:
                self.postings[f].append((i, self.idf[f] / norm))

    @staticmethod
    def _terms(text: str, credential_words: set[str]) -> list[str]:
        return [t for t in content_terms(canonical_words(text)) if t not in credential_words]

    def similarities(self, terms: Sequence[str]) -> dict[int, float]:
        """Example index -> cosine with the question's terms (unknown words dilute it)."""
        query: dict[str, float] = {}
        for f in features(terms):
            query[f] = self.idf.get(f, 0.0 if "|" in f else UNKNOWN_IDF_SHARE * self.max_idf)
        norm = math.sqrt(sum(w * w for w in query.values())) or 1.0
        out: dict[int, float] = defaultdict(float)
        for f, w in query.items():
            for i, weight in self.postings.get(f, ()):
                out[i] += weight * w / norm
        return out

    def vote(self, terms: Sequence[str], exclude: Collection[str] = ()) -> Vote | None:
        """The entry the nearest examples vote for (None when no example shares a word).

        ``exclude`` drops entries that cannot be the answer (say, topics a named credential's
        card answers) before the vote."""
        sims = self.similarities(terms)
        if exclude:
            sims = {i: s for i, s in sims.items() if self.entries[i] not in exclude}
        if not sims:
            return None
        nearest = heapq.nlargest(NEIGHBOURS, sims.items(), key=lambda kv: (kv[1], -kv[0]))
        votes: dict[str, float] = defaultdict(float)
        best: dict[str, float] = {}
        for i, s in nearest:
            votes[self.entries[i]] += s
            best.setdefault(self.entries[i], s)
        entry = max(votes, key=lambda e: (votes[e], best[e], e))
        others = [s for i, s in sims.items() if self.entries[i] != entry]
        return Vote(
            entry=entry,
            similarity=best[entry],
            runner_up=max(others, default=0.0),
            share=votes[entry] / (sum(votes.values()) or 1.0),
            credential=entry in self._credentials,
        )


# How the matcher uses a vote, chosen with benchmarks/calibrate_router.py (see matcher.py).
AGREE_SIMILARITY = 0.5  # a middling topic answer is confident when its nearest example is this close
SUPPORT_SIMILARITY = 0.4  # ... or backs BM25's agreement when this close
AGREE_SHARE = 0.5  # ... or when half the nearest examples' weight votes for it,
SHARE_SIMILARITY = 0.3  # the nearest of them at least this close
RESCUE_SIMILARITY = 0.65  # a declined question is answered when the nearest examples are this close,
RESCUE_MARGIN = 0.2  # clearly closer than any other entry's,
RESCUE_SHARE = 0.6  # and hold most of the nearest examples' votes
OVER_CARD_SIMILARITY = (
    1.01  # a topic beats a named credential's card or facet when this close (off: see matcher.py)
)
OVER_CARD_MARGIN = 0.2  # and this much closer than any credential's own example question


def agrees(vote: Vote | None, topic_id: str, *, support: bool = False) -> bool:
    """The nearest examples vote for ``topic_id`` and the nearest of them is close (``support``:
    close enough to back another ranker's agreement)."""
    needed = SUPPORT_SIMILARITY if support else AGREE_SIMILARITY
    if vote is None or vote.entry != topic_id:
        return False
    return vote.similarity >= needed or (vote.share >= AGREE_SHARE and vote.similarity >= SHARE_SIMILARITY)


def rescues(vote: Vote | None) -> str | None:
    """The topic a declined question reads like, when the nearest examples agree clearly.

    A vote for a credential's example question rescues nothing: the question is shaped like one
    about a credential, and none the router knows was named (another field's, most likely)."""
    if vote is None or vote.credential:
        return None
    if vote.similarity >= RESCUE_SIMILARITY and vote.margin >= RESCUE_MARGIN and vote.share >= RESCUE_SHARE:
        return vote.entry
    return None


def over_card_enabled() -> bool:
    """Whether the card override is on at all (a similarity above 1 turns it off)."""
    return OVER_CARD_SIMILARITY <= 1.0


def over_card(vote: Vote | None) -> str | None:
    """The topic that beats a named credential's card: its examples are close and clearly
    closer than any other entry's, credentials' own example questions included."""
    if vote is None or vote.credential:
        return None
    if vote.similarity >= OVER_CARD_SIMILARITY and vote.margin >= OVER_CARD_MARGIN:
        return vote.entry
    return None

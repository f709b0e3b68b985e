"""How clinical a message's words are, from the code index itself: the router's signal for
sending bare clinical terms ("left knee osteoarthritis", "copd unspecified", "gout 👣") and
code requests ("anxiety dx code") to code search instead of declining them.

Each content word is one of: clinical (a lay term or abbreviation of the synonym list, or a
word of the ICD-10-CM descriptions and inclusion terms), neutral (laterality, stage, severity,
"unspecified": they qualify a condition but name none; "unspecified" and "nos" are coding's
own words and count as clinical) or unknown (neither side has it:
"pizza", "laptop"). The caller says how much of a word the knowledge base or everyday English
claims (``known``: 1 for "exam" or "cpc", a half for "same" or "back", 0 for "gout"; a word
the index uses too is at most half the knowledge base's); the
rest of an index word counts as clinical in proportion to its rarity in the index (a word in
most entries, such as "care" or "status", names no condition). The evidence is the clinical
share of the words, unknown words counting half against. Words that are a whole index entry
together ("chest pain", "low back pain") are clinical whatever English says of each.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .index import SearchIndex
from .synonyms import NO_SYNONYMS, Synonyms
from .words import STOPWORDS, UNSPECIFIC, stem, words

# Words that qualify a condition without naming one.
NEUTRAL = (
    frozenset(
        [
            "left",
            "right",
            "bilateral",
            "unilateral",
            "both",
            "side",
            "stage",
            "grade",
            "type",
            "acute",
            "chronic",
            "mild",
            "moderate",
            "severe",
            "single",
            "recurrent",
            "episode",
            "initial",
            "subsequent",
            "sequela",
            "primary",
            "secondary",
            "other",
            "w",
            "o",
            "wo",
            "hx",
            "h",
            "current",
            "early",
            "late",
            "upper",
            "lower",
        ]
    )
    | UNSPECIFIC
)
# Words only coding speaks: they mark a message as a code request however plain the rest is.
CODING_MARKERS = frozenset(["unspecified", "unsp", "nos", "sequela", "subsequent", "encounter", "laterality"])
# A word in more entries than this share of the index is too common to name a condition on
# its own: it counts in proportion (an index word in one entry in 20 or fewer counts fully).
FULL_RARITY = 20.0
UNKNOWN_WEIGHT = 0.5
SHARED_CLAIM = 0.5  # at most this much of a word both sides use is the knowledge base's
STRONG_WEIGHT = 0.5  # an unclaimed index word this rare is one only a clinical reading explains
WEAK_CAP = 0.5  # the most evidence without such a word (or a synonym, a marker, a whole entry)


class ClinicalEvidence:
    """``evidence(terms, known) -> 0..1``; ``known(word) -> 0..1`` is how much the knowledge base
    or everyday English claims a word."""

    def __init__(self, index: SearchIndex, synonyms: Synonyms = NO_SYNONYMS) -> None:
        self._index = index
        self._postings = index.postings
        self._synonyms = synonyms
        self._full = math.log(FULL_RARITY)
        self._n = max(1, len(index))

    def _weight(self, word: str) -> float:
        """How much an index word speaks for a condition: 1 for a rare one, less for common ones."""
        found = self._postings.get(stem(word))
        if found is None:
            return 0.0
        return min(1.0, math.log(self._n / len(found)) / self._full)

    def __call__(self, terms: str, known: Callable[[str], float]) -> float:
        query = [w for w in words(terms) if w not in STOPWORDS]
        essential = [stem(w) for w in query if w not in UNSPECIFIC]
        if len(essential) >= 2 and self._index.exactly(essential):
            return 1.0
        clinical = against = 0.0
        strong = False  # a word only a clinical reading explains
        phrases = self._synonyms.phrases
        longest = self._synonyms.longest
        i = 0
        while i < len(query):
            size = next(
                (n for n in range(min(longest, len(query) - i), 0, -1) if tuple(query[i : i + n]) in phrases),
                0,
            )
            # A lay term or abbreviation the list knows ("htn", "broken wrist"); one everyday
            # word ("break", "broken") only as far as English does not claim it.
            claimed = known(query[i]) if size == 1 else 0.0
            if size and claimed < 1.0:
                clinical += 1.0 - claimed
                against += claimed
                strong = strong or claimed == 0.0
                i += size
                continue
            word = query[i]
            i += 1
            if word in CODING_MARKERS:
                clinical += 1.0
                strong = True
                continue
            if word in NEUTRAL or word.isdigit():
                continue
            # A word both sides use ("pain", "ankle", "fracture") is half the knowledge base's.
            claimed = known(word)
            if claimed >= 1.0 and stem(word) in self._postings:
                claimed = SHARED_CLAIM
            weight = self._weight(word) * (1.0 - claimed)
            strong = strong or (claimed == 0.0 and weight >= STRONG_WEIGHT)
            clinical += weight
            against += claimed + (1.0 - claimed - weight) * (UNKNOWN_WEIGHT if weight == 0.0 else 1.0)
        total = clinical + against
        evidence = clinical / total if clinical and total else 0.0
        # Everyday words that the index happens to use ("coffee break", "back to back classes")
        # are chat, not a condition: without one word only a clinical reading explains, the
        # evidence stays at what a code-request cue needs and below what bare terms need.
        return evidence if strong else min(evidence, WEAK_CAP)

"""Ranked search over the index: a member's words -> codes, best first.

Each query word (after the synonym list) is looked up in the inverted index; a word the index
does not know is replaced by indexed words it begins (``diabet``) or, failing that, by the
nearest spellings (one or two edits). Entries score by the share of the query they cover (rare
words weigh more), how much of the entry the query covers (whole-term matches win), and the
query read as a phrase; an entry that is exactly the query (nonessential modifiers aside) wins
outright. A code takes its best entry; billable codes rank above headers, "unspecified" ones
above specific ones, the plain condition above its variants (stress fracture, screening,
history) unless the query names them. A header that ranks also brings its default reportable
code (the "unspecified" one), and a code that takes a seventh character is returned with the
character the query asks for (initial encounter when it says nothing).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .format import add_dot
from .index import SearchIndex
from .model import Tabular
from .synonyms import NO_SYNONYMS, Synonyms
from .words import (
    EXTENSION_WORDS,
    STOPWORDS,
    UNSPECIFIC,
    VARIANT_WORDS,
    essential_terms,
    plainness,
    stem,
    words,
)

COMMON = 1500  # past the first SEEDS words, a word this common only re-scores entries found
SEEDS = 2
SHORTLIST = 60  # codes re-scored with the phrase and billable rules
_KIND_BONUS = (3.0, 2.0, 1.0)  # description, inclusion term, Includes line
# Score parts, tuned on tests/data/codes_dev_queries.yaml (the query's coverage weighs 100).
BILLABLE_BONUS = 6.0
PHRASE_BONUS = 2.0  # the query's words in order
EXACT_BONUS = 16.0  # the whole term (on top of the phrase bonus)
UNSPECIFIED_BONUS = 2.5
DEPTH_COST = 0.1  # per level: between equals, the more general code
VARIANT_COST = 3.0
HEADER_REACH = 25.0  # headers this close to the best score bring their default code


@dataclass(frozen=True, slots=True)
class Hit:
    code: str  # bare (``J45909``); :attr:`dotted` for display
    node: int  # the tabular node (a seventh-character code's base)
    description: str
    billable: bool
    score: float
    matched: str = ""  # the inclusion term or Includes line that matched, when not the description

    @property
    def dotted(self) -> str:
        return add_dot(self.code)


@dataclass(slots=True)
class _Query:
    terms: list[list[str]]  # per query word, the indexed words standing for it
    weights: list[float]
    words: set[str]  # every word, for choosing a seventh character
    phrase: list[str]


def entry_node(index: SearchIndex, entry: int) -> int:
    return index.entry_node[entry]


class Searcher:
    def __init__(self, tab: Tabular, index: SearchIndex, synonyms: Synonyms = NO_SYNONYMS) -> None:
        self.tab = tab
        self.index = index
        self.synonyms = synonyms
        self._n = max(1, len(index))

    # ------------------------------------------------------------------ query words

    def _idf(self, word: str) -> float:
        return math.log(1 + self._n / max(1, len(self.index.postings.get(word, ()))))

    def _alternatives(self, word: str, prefix: bool) -> list[str]:
        postings = self.index.postings
        if word in postings:
            return [word]
        if len(word) >= 3 and (prefix or len(word) >= 5):
            found = self.index.with_prefix(word, limit=8)
            if found:
                return found
        if len(word) < 4 or word.isdigit():
            return []
        return self._near(word)

    def _near(self, word: str) -> list[str]:
        """Indexed words one or two edits away (two from seven letters), the closest and most
        frequent first; a final "s" the plural fold left on ("diabetis") is tried off too."""
        edits = 1 if len(word) <= 6 else 2
        found: dict[str, float] = {}
        for form in {word, word[:-1] if word.endswith("s") else word}:
            for near, distance, _ in process.extract(
                form, self.index.vocab, scorer=Levenshtein.distance, score_cutoff=edits, limit=8
            ):
                key = distance - 0.1 * math.log1p(len(self.index.postings[near]))
                found[near] = min(key, found.get(near, key))
        return sorted(found, key=found.__getitem__)[:3]

    def _query(self, text: str, *, prefix_last: bool = False) -> _Query:
        raw = self.synonyms.expand(words(text))
        content: list[str] = []
        for w in raw:
            if w in STOPWORDS or w in EXTENSION_WORDS:
                continue
            s = stem(w)
            if s not in content:
                content.append(s)
        alts = [self._alternatives(w, prefix_last and i == len(content) - 1) for i, w in enumerate(content)]
        weights = [max((self._idf(a) for a in alt), default=math.log(1 + self._n)) for alt in alts]
        return _Query(alts, weights, set(raw), content)

    # ------------------------------------------------------------------ scoring

    def _entries(self, query: _Query) -> tuple[dict[int, float], dict[int, int]]:
        """Entry -> the weight of the query words it has, and how many (two flat dicts: no
        per-entry objects for the garbage collector to walk)."""
        postings = self.index.postings
        weights: dict[int, float] = {}
        counts: dict[int, int] = {}
        order = sorted(range(len(query.terms)), key=lambda i: sum(len(postings[a]) for a in query.terms[i]))
        seeded = 0
        for i in order:
            alts = query.terms[i]
            if not alts:
                continue
            # The two rarest words find the candidates; a common word after them only re-scores.
            restrict = seeded >= SEEDS and bool(weights) and sum(len(postings[a]) for a in alts) > COMMON
            seeded += 1
            seen: set[int] = set()
            for alt in alts:
                w = min(query.weights[i], self._idf(alt)) * (1.0 if alt == alts[0] else 0.75)
                for entry in postings[alt]:
                    if entry in seen or (restrict and entry not in weights):
                        continue
                    seen.add(entry)
                    weights[entry] = weights.get(entry, 0.0) + w
                    counts[entry] = counts.get(entry, 0) + 1
        return weights, counts

    def _best_per_node(
        self, query: _Query, weights: dict[int, float], counts: dict[int, int], exact: set[int]
    ) -> tuple[dict[int, float], dict[int, int]]:
        """Node -> its best entry's score, and that entry."""
        total = sum(query.weights) or 1.0
        idx = self.index
        scores: dict[int, float] = {}
        entries: dict[int, int] = {}
        for entry, weight in weights.items():
            cover = min(1.0, counts[entry] / max(1, idx.entry_len[entry]))
            score = 100 * weight / total + 12 * cover + _KIND_BONUS[idx.entry_kind[entry]]
            if entry in exact:
                score += PHRASE_BONUS + EXACT_BONUS  # the whole term, nonessential modifiers aside
            node = idx.entry_node[entry]
            if score > scores.get(node, -1.0):
                scores[node] = score
                entries[node] = entry
        return scores, entries

    @staticmethod
    def _wanted(query: _Query) -> list[str]:
        """The query's words as the index knows them, without the ones that add nothing."""
        return [alt[0] for alt in query.terms if alt and alt[0] not in UNSPECIFIC]

    def _phrase_bonus(self, query: _Query, entry: int) -> float:
        found = essential_terms(self.index.entry_text[entry])
        wanted = self._wanted(query)
        n = len(wanted)
        if not wanted or sorted(set(found)) == sorted(set(wanted)):
            return 0.0  # exact matches got theirs with the entry's score
        if n > 1 and any(found[i : i + n] == wanted for i in range(len(found) - n + 1)):
            return PHRASE_BONUS
        return 0.0

    def search(self, text: str, limit: int = 10, *, prefix_last: bool = False) -> list[Hit]:
        query = self._query(text, prefix_last=prefix_last)
        weights, counts = self._entries(query)
        if not weights:
            return []
        exact = set(self.index.exactly(self._wanted(query)))
        scores, entries = self._best_per_node(query, weights, counts, exact)
        top = heapq.nlargest(SHORTLIST, scores, key=scores.__getitem__)
        shortlist = [(node, (scores[node], entries[node])) for node in top]
        scored: list[tuple[float, int, int]] = []
        for node, (base, entry) in shortlist:
            score = base + self._phrase_bonus(query, entry)
            score += UNSPECIFIED_BONUS * plainness(
                self.index.entry_text[entry], with_asked="with" in query.words
            )
            if VARIANT_WORDS.intersection(words(self.index.entry_text[entry])) - query.words:
                score -= VARIANT_COST  # a variant the query does not name
            if self.tab.is_leaf(node):
                # Billable first; between equals, the more general code (R55 before R05.4).
                score += BILLABLE_BONUS - DEPTH_COST * self.tab.depth(node)
            elif score >= shortlist[0][1][0] - HEADER_REACH:
                # A header stands for its default code, which competes as a billable code.
                default = self.default_code(node)
                if default is not None:
                    scored.append((score + BILLABLE_BONUS - 0.5, default, entry))
            scored.append((score, node, entry))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return self._hits(query, scored, limit)

    # ------------------------------------------------------------------ results

    def _hits(self, query: _Query, scored: list[tuple[float, int, int]], limit: int) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[int] = set()
        tab = self.tab
        for score, node, entry in scored:
            if len(hits) >= limit:
                break
            if node in seen:
                continue
            seen.add(node)
            text = self.index.entry_text[entry]
            matched = "" if text == tab.descs[node] or entry_node(self.index, entry) != node else text
            hits.append(self._hit(query, node, score, matched))
            if not tab.is_leaf(node):
                default = self.default_code(node)
                if default is not None and default not in seen and len(hits) < limit:
                    seen.add(default)
                    hits.append(self._hit(query, default, score - 0.5, ""))
        return hits

    def _hit(self, query: _Query, node: int, score: float, matched: str) -> Hit:
        tab = self.tab
        derived = tab.seventh_codes(node)
        if derived:
            code, meaning = max(
                derived, key=lambda d: (len(query.words & set(words(d[1]))), -derived.index(d))
            )
            return Hit(code, node, f"{tab.descs[node]}, {meaning}", True, score, matched)
        return Hit(tab.codes[node], node, tab.descs[node], tab.billable(node), score, matched)

    def default_code(self, node: int) -> int | None:
        """The reportable code a header stands for when nothing more is said (built with the index)."""
        found = self.index.defaults[node] if node < len(self.index.defaults) else -1
        return found if found >= 0 else None

"""How well each topic explains a question, and which facet of a credential it asks about.

:class:`TopicIndex` is built once from the topics: term weights per topic (title, example
questions and keywords weigh most), inverse document frequencies, keyword phrases and the
example questions' terms. A question then costs one pass over its terms plus a comparison
with the example questions of the best few topics.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Collection

from bot.core.knowledge.model import Topic
from bot.core.text import stem

from .analysis import Analysis, canonical_words, content_terms
from .routes import NAME_FACET, ROUTE_FACETS, RouteFacet
from .vocabulary import (
    COMMON_RANK,
    COMPARE_CUES,
    DOMAIN_ANCHORS,
    DOMAIN_EVERYDAY,
    FACET_CUES,
    FACET_PHRASES,
    GENERIC_WORDS,
    SYNONYMS,
    english_ranks,
)

# "vs", "which", "difference": a comparison, which the compare route answers; no topic's subject.
COMPARE_TERMS = frozenset(stem(SYNONYMS.get(w, w)) for w in COMPARE_CUES)

UNKNOWN_WEIGHT = 0.4  # share of the rarest term's weight that an unknown word costs
SIMILARITY_CANDIDATES = 12  # topics whose example questions are compared with a question
CLOSE_EXAMPLE = 0.6  # overlap with an example question that counts as a paraphrase of it
EVERYDAY_WEIGHT = 0.35  # weight of an everyday English word that is not a domain keyword
KEYWORD_WEIGHT = 1.25  # a topic keyword: above every field weight, which earns a bonus
STRONG = 1.0  # the weight of a title or example-question word: it speaks for the topic
# A term strong in more than this share of the topics is generic.
GENERIC_SHARE = 0.25

# A definitional question: "what (is|are) (a|an|the) <subject>".
DEFINING = frozenset({"what", "whats"})
# "what's" is normalised to "what", so "what's an HCC" keeps only its article.
DEFINING_MARKS = frozenset({"is", "are", "s", "a", "an"})
DEFINING_FILLER = DEFINING_MARKS | {"the", "exactly", "even"}

# Both certifying bodies named beside one credential: a question which of them offers it, as strong
# as "which organization" (naming none, it is a topic's: CEU rules, dues of AAPC vs AHIMA; naming
# two, "the aapc one or the ahima one? cpc or ccs", a comparison).
BODIES = frozenset(["aapc", "ahima"])
BODIES_WEIGHT = 3.0

# Topic id -> (score 0-100 for thresholds, rank key for ordering).
Scores = dict[str, tuple[float, float]]


def facet_of(analysis: Analysis, exclude: RouteFacet | None = None) -> tuple[RouteFacet | None, float]:
    """The facet the question asks about most strongly, and how strongly (0 = none)."""
    scores = facet_scores(analysis)
    scores.pop(exclude, None)  # type: ignore[arg-type]
    if not scores:
        return None, 0.0
    best = max(ROUTE_FACETS, key=lambda f: (scores.get(f, 0.0), -ROUTE_FACETS.index(f)))
    return best, scores[best]


def facet_scores(analysis: Analysis) -> dict[RouteFacet, float]:
    """How strongly the question's cues ask about each facet they name."""
    scores: dict[RouteFacet, float] = defaultdict(float)
    present = set(analysis.words)
    for facet, cues in FACET_CUES.items():
        for cue, weight in cues.items():
            if cue in present:
                scores[facet] += weight
    padded = f" {analysis.masked} "
    for phrase, facet, weight in FACET_PHRASES:
        if f" {phrase} " in padded:
            scores[facet] += weight
    if present >= BODIES and len(set(analysis.credentials)) == 1:  # "is crc an aapc thing or ahima"
        scores[NAME_FACET] += BODIES_WEIGHT
    return dict(scores)


def _ranked(scores: Scores) -> list[tuple[str, float]]:
    """(topic id, score), best first by rank key, ties by id."""
    return [(tid, sc[0]) for tid, sc in sorted(scores.items(), key=lambda kv: (-kv[1][1], kv[0]))]


class TopicIndex:
    def __init__(self, topics: Collection[Topic], credential_words: set[str]) -> None:
        self.term_weights: dict[str, dict[str, float]] = {}  # term -> topic id -> field weight
        # Keyword phrases of two or more different terms, per topic.
        self.phrases: dict[str, list[frozenset[str]]] = defaultdict(list)
        self.questions: dict[str, list[frozenset[str]]] = defaultdict(list)
        self.title_terms: dict[str, set[str]] = {}
        # Domain words: uncommon single-word keywords, plus the everyday words that are the
        # point of a question here ("study", "cost").
        self.domain_terms: set[str] = {stem(w) for w in DOMAIN_EVERYDAY | DOMAIN_ANCHORS}
        self.strong_vocab: set[str] = set()  # words of titles, example questions and keywords
        # Uncommon one-word keywords ("ncci", "cdi") -> the topics that have them.
        self.rare_keywords: dict[str, set[str]] = defaultdict(set)
        for topic in topics:
            self._add_examples(topic, credential_words)
            self._add_fields(topic)
            self._add_keywords(topic)
        n_topics = max(1, len(topics))
        self.idf = {
            term: math.log(1 + n_topics / (1 + len(weights))) + 0.2
            for term, weights in self.term_weights.items()
        }
        self.max_idf = max(self.idf.values(), default=1.0)
        self.facet_terms = {stem(cue) for cues in FACET_CUES.values() for cue in cues}
        self.generic_word_stems = {stem(w) for w in GENERIC_WORDS}
        self.lone = self.lone_example_terms()
        self.generic = {stem(SYNONYMS.get(w, w)) for w in GENERIC_WORDS} | {
            term
            for term, weights in self.term_weights.items()
            if sum(1 for w in weights.values() if w >= STRONG) > GENERIC_SHARE * n_topics
        }

    # ------------------------------------------------------------------ building

    def _add_examples(self, topic: Topic, credential_words: set[str]) -> None:
        # Credential names in example questions ("how should I study for the CPC?") are
        # matched as credentials, so the topic evidence is the rest of the question.
        for question in topic.questions:
            terms = frozenset(
                t for t in content_terms(canonical_words(question)) if t not in credential_words
            )
            if terms:
                self.questions[topic.id].append(terms)
        self.strong_vocab |= set(canonical_words(topic.title + " " + " ".join(topic.questions)))

    def _add_fields(self, topic: Topic) -> None:
        body = topic.text + " " + " ".join(s.heading + " " + s.text for s in topic.sections)
        for text, weight in ((topic.title, STRONG), (" ".join(topic.questions), STRONG), (body, 0.35)):
            for term in content_terms(canonical_words(text)):
                current = self.term_weights.setdefault(term, {}).get(topic.id, 0.0)
                self.term_weights[term][topic.id] = max(current, weight)
        self.title_terms[topic.id] = set(content_terms(canonical_words(topic.title)))

    def _add_keywords(self, topic: Topic) -> None:
        for keyword in topic.keywords:
            words = canonical_words(keyword)
            self.strong_vocab |= set(words)
            single = content_terms(words)
            if len(single) == 1 and english_ranks().get(words[-1], COMMON_RANK) >= COMMON_RANK:
                self.domain_terms.add(single[0])
                self.rare_keywords[single[0]].add(topic.id)
            terms = list(dict.fromkeys(content_terms(words)))
            for term in terms:
                self.term_weights.setdefault(term, {})[topic.id] = KEYWORD_WEIGHT
            if len(terms) > 1:  # a phrase of two different words ("day to day" is one word)
                self.phrases[topic.id].append(frozenset(terms))

    # ------------------------------------------------------------------ scoring

    def scores(self, analysis: Analysis, *, specific_only: bool = False, drop_facets: bool = False) -> Scores:
        """Topic id -> (score 0-100 for thresholds, rank key for ordering).

        The score is the share of the question's weighted terms that the topic explains;
        the rank adds small bonuses (keyword and phrase hits) so that ties at the same
        share go to the topic the question names most precisely.
        """
        terms = list(dict.fromkeys(analysis.content))
        if specific_only:
            # With a credential named, "vs" or "which" asks for a comparison, not a topic.
            terms = [t for t in terms if t not in self.generic and t not in COMPARE_TERMS]
        if drop_facets:
            # With a credential named, "pay" or "work" asks about that credential's facet.
            terms = [t for t in terms if t not in self.facet_terms]
        if not terms:
            return {}
        total, matched, bonus = self._matches(terms, analysis.everyday)
        term_set = set(terms)
        self._add_phrase_bonus(matched, bonus, term_set)
        similar = self._similarity(matched, bonus, term_set)
        out: Scores = {}
        for topic_id, score in matched.items():
            share = min(100.0, 100.0 * score / total)
            closeness = 100.0 * similar[topic_id]
            out[topic_id] = (max(share, closeness), share + bonus[topic_id] + 0.5 * closeness)
        return out

    def _matches(
        self, terms: list[str], everyday: set[str]
    ) -> tuple[float, dict[str, float], dict[str, float]]:
        """The question's total term weight, the weight each topic explains, and keyword bonuses."""
        total = 0.0
        matched: dict[str, float] = defaultdict(float)
        bonus: dict[str, float] = defaultdict(float)
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                # A word no topic uses counts against every topic (off-topic signal).
                total += UNKNOWN_WEIGHT * self.max_idf
                continue
            if term in everyday:
                idf *= EVERYDAY_WEIGHT
            total += idf
            for topic_id, weight in self.term_weights[term].items():
                matched[topic_id] += idf * min(weight, STRONG)
                if weight > STRONG:
                    bonus[topic_id] += 2.0 * idf
        return total, matched, bonus

    def _add_phrase_bonus(self, matched: dict[str, float], bonus: dict[str, float], terms: set[str]) -> None:
        for topic_id, phrases in self.phrases.items():
            if topic_id not in matched:
                continue
            for phrase in phrases:
                if phrase <= terms:
                    bonus[topic_id] += 4.0 * len(phrase)

    def _similarity(
        self, matched: dict[str, float], bonus: dict[str, float], terms: set[str]
    ) -> dict[str, float]:
        """Nearest example question per topic: a close paraphrase of a topic's example is strong
        evidence. Only the best candidates can win, so only they are compared (keeps big
        bases fast)."""
        similar: dict[str, float] = defaultdict(float)
        candidates = heapq.nlargest(SIMILARITY_CANDIDATES, matched, key=lambda t: matched[t] + bonus[t])
        for topic_id in candidates:
            for example in self.questions.get(topic_id, ()):
                shared = example & terms
                if shared:
                    union = example | terms
                    overlap = sum(self.idf.get(t, self.max_idf) for t in shared) / sum(
                        self.idf.get(t, 0.5 * self.max_idf) for t in union
                    )
                    similar[topic_id] = max(similar[topic_id], overlap)
        return similar

    def ranked(
        self, analysis: Analysis, *, specific_only: bool = False, drop_facets: bool = False
    ) -> list[tuple[str, float]]:
        """(topic id, score), best first (ties by id)."""
        return _ranked(self.scores(analysis, specific_only=specific_only, drop_facets=drop_facets))

    # ------------------------------------------------------------------ evidence

    def strong_for(self, term: str, topic_id: str) -> bool:
        """The term is one of the topic's title, keyword or example-question words."""
        return self.term_weights.get(term, {}).get(topic_id, 0.0) >= STRONG

    def phrase_hit(self, topic_id: str, terms: set[str]) -> bool:
        """One of the topic's keyword phrases appears whole among the question's terms."""
        return any(phrase <= terms for phrase in self.phrases.get(topic_id, ()))

    def strong_evidence(self, topic_id: str, analysis: Analysis) -> bool:
        """More than one word's worth: two specific terms, a keyword phrase, or a close example."""
        terms = {t for t in analysis.content if t not in self.generic and t not in self.facet_terms}
        if sum(1 for t in terms if self.strong_for(t, topic_id)) >= 2:
            return True
        if self.phrase_hit(topic_id, terms):
            return True
        return any(example <= terms for example in self.questions.get(topic_id, ()))

    def closeness(self, topic_id: str, analysis: Analysis) -> float:
        """Best weighted overlap (0-1) between the question and one of the topic's examples."""
        terms = set(analysis.content)

        def weight(t: str) -> float:
            w = self.idf.get(t, UNKNOWN_WEIGHT * self.max_idf)
            return w * EVERYDAY_WEIGHT if t in analysis.everyday else w

        best = 0.0
        for example in self.questions.get(topic_id, ()):
            shared = example & terms
            if len(shared) >= 2:  # one shared word is a coincidence, not a paraphrase
                best = max(best, sum(map(weight, shared)) / sum(map(weight, example | terms)))
        return best

    def is_specific(self, topic_id: str, analysis: Analysis) -> bool:
        """At least one matched term must be distinctive for this topic (not a generic word),
        or one of its keyword phrases ("medical coding") must appear whole."""
        terms = set(analysis.content)
        if self.phrase_hit(topic_id, terms):
            return True
        if terms & self.title_terms.get(topic_id, set()) - analysis.everyday - self.generic_word_stems:
            return True  # the topic's own name ("what is AAPC")
        if self.closeness(topic_id, analysis) >= CLOSE_EXAMPLE:
            return True  # a close paraphrase of one of the topic's example questions
        # Everyday words only, but several of them and all explained by this topic
        # ("how much time should I spend on each question").
        specific = terms - self.generic
        own = [t for t in specific if self.strong_for(t, topic_id)]
        if len(own) >= 2 and len(own) == len(specific):
            return True
        # A word that one paraphrase alone uses ("knee") is too thin to be distinctive.
        thin = analysis.everyday | self.lone
        return any(t not in thin and self.strong_for(t, topic_id) for t in specific)

    def defined_topic(self, analysis: Analysis, ranked: list[tuple[str, float]]) -> str | None:
        """The topic a definitional question ("what is NCCI and why…", "what's CDI in a
        hospital") asks for: its subject is an uncommon keyword (a jargon word, no English one)
        of that topic; among several such topics, the one whose title and example questions
        name it most often, then the one ranked best."""
        words = analysis.words
        for i, word in enumerate(words[:-1]):
            if word not in DEFINING:
                continue
            j = i + 1
            while j < len(words) - 1 and words[j] in DEFINING_FILLER:
                j += 1
            if word == "what" and not DEFINING_MARKS & set(words[i + 1 : j]):
                continue  # "what CPT code do I use": not what CPT is ("what's an HCC" is)
            subject = stem(words[j])
            owners = self.rare_keywords.get(subject, set())
            if owners and words[j] not in english_ranks():
                order = {tid: n for n, (tid, _) in enumerate(ranked)}
                return min(
                    owners, key=lambda t: (-self._asked_about(subject, t), order.get(t, len(order)), t)
                )
        return None

    def named_topics(self, analysis: Analysis) -> set[str]:
        """Topics the question names by their own name: a jargon keyword of that topic alone
        that is also in its title ("AAPC", "AHIMA", "CEU")."""
        return {
            tid
            for term in analysis.content
            if len(owners := self.rare_keywords.get(term, set())) == 1
            and term in self.title_terms.get(tid := next(iter(owners)), set())
        }

    def lone_example_terms(self) -> set[str]:
        """Terms that one example question uses and no title, keyword or other example does."""
        counts: dict[str, int] = defaultdict(int)
        for examples in self.questions.values():
            for example in examples:
                for term in example:
                    counts[term] += 1
        titled = set().union(*self.title_terms.values()) if self.title_terms else set()
        return {
            term
            for term, n in counts.items()
            if n == 1 and term not in titled and max(self.term_weights[term].values()) <= STRONG
        }

    def _asked_about(self, term: str, topic_id: str) -> int:
        """How many of the topic's example questions (and its title) use ``term``."""
        examples = self.questions.get(topic_id, [])
        return sum(term in example for example in examples) + (term in self.title_terms.get(topic_id, set()))

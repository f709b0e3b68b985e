"""Routes a member's free-form question to an answer in the knowledge base, or declines.

The route is one of:

* ``compare``: two credentials are named (``cpc vs ccs``, ``which is harder, cic or ccs``);
* ``fact``: one credential and one thing about it (``how much do CCS coders earn``);
* ``credential``: one credential and nothing more specific (``what is the CRC``);
* ``topic``: a topic entry (study tips, exam day, education paths…);
* ``none``: nothing confident. A wrong confident answer is worse than no answer, so the
  matcher declines and offers up to three "did you mean" suggestions instead.

Everything is indexed once in :class:`Matcher`'s constructor; a question costs a few
dictionary look-ups per token plus one inverted-index pass over the topics.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .knowledge.model import FACETS, Credential, KnowledgeBase
from .text import clip_for_matching, normalise, stem, tokens
from .vocabulary import (
    COMMON_RANK,
    COMPARE_CUES,
    DOMAIN_EVERYDAY,
    FACET_CUES,
    FACET_PHRASES,
    FOREIGN_TERMS,
    SPECIALTY_AREA_SYNONYMS,
    STOPWORDS,
    SYNONYMS,
    english_ranks,
)

ANSWER_THRESHOLD = 45  # topic score needed to answer
SUGGEST_THRESHOLD = 25  # topic score needed to be suggested
MAX_SUGGESTIONS = 3
UNKNOWN_WEIGHT = 0.4  # share of the rarest term's weight that an unknown word costs
FOREIGN_OVERRIDE = 80  # topic score that outweighs a word from another field
SIMILARITY_CANDIDATES = 12  # topics whose example questions are compared with a question
CLOSE_EXAMPLE = 0.6  # overlap with an example question that counts as a paraphrase of it
EVERYDAY_WEIGHT = 0.35  # weight of an everyday English word that is not a domain keyword

# Words that place a message inside medical coding even with no credential named.
DOMAIN_ANCHORS: frozenset[str] = frozenset(
    [
        "coding",
        "coder",
        "aapc",
        "ahima",
        "icd",
        "cpt",
        "hcpcs",
        "modifier",
        "modifiers",
        "drg",
        "hcc",
        "billing",
        "biller",
        "apprentice",
        "inpatient",
        "outpatient",
        "payer",
    ]
)

# Words too common in this domain to decide a topic on their own.
GENERIC_WORDS: tuple[str, ...] = (
    "certification",
    "exam",
    "coder",
    "coding",
    "code",
    "medical",
    "get",
    "take",
    "become",
    "good",
    "start",
    "best",
    "better",
    "career",
    "job",
)

# Words that, next to a specialty's area ("cardiology coding cert"), mean its credential.
SPECIALTY_CONTEXT: frozenset[str] = frozenset(["coder", "coding", "certification", "exam", "specialty"])
# Stems of the words every credential name shares: they name no credential in particular.
_NAME_GENERIC: frozenset[str] = frozenset(stem(w) for w in ("certification", "coder", "coding"))
_NAME_FILLER: frozenset[str] = frozenset(
    ["certification", "coder", "coding", "professional", "specialist", "and", "of", "the", "in"]
)
# Words of specialty names too common to name the specialty on their own.
_AREA_STOPWORDS: frozenset[str] = frozenset(
    [
        "center",
        "centers",
        "pain",
        "department",
        "family",
        "practice",
        "general",
        "internal",
        "medicine",
        "surgical",
        "surgery",
    ]
)
# Places outside the US: the credentials here are US ones, so a question about another
# country is declined rather than answered with the US facts.
COUNTRIES: frozenset[str] = frozenset(
    [
        "canada",
        "canadian",
        "australia",
        "australian",
        "uk",
        "england",
        "britain",
        "british",
        "ireland",
        "irish",
        "india",
        "indian",
        "philippines",
        "filipino",
        "pakistan",
        "nigeria",
        "germany",
        "europe",
        "european",
        "mexico",
        "dubai",
        "uae",
        "singapore",
    ]
)
COUNTRY_ADJECTIVES: frozenset[str] = frozenset(
    ["canadian", "australian", "british", "irish", "indian", "filipino", "european"]
)
# Words that, right after an unknown word, mean the member asks about a credential we don't
# have ("CDIP certification", "CMA exam").
_CREDENTIAL_NOUNS: frozenset[str] = frozenset(["certification", "exam", "license", "licence"])


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Route:
    kind: str  # compare | fact | credential | topic | none
    entry_ids: tuple[str, ...] = ()
    facet: str | None = None
    score: int = 0
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""  # why it declined, for logs and tests

    @property
    def matched(self) -> bool:
        return self.kind != "none"

    @property
    def topic_id(self) -> str | None:
        """The single entry id a route points at (``compare`` gives ``compare:a,b``)."""
        if self.kind == "compare":
            return "compare:" + ",".join(sorted(self.entry_ids))
        return self.entry_ids[0] if self.entry_ids else None


@dataclass
class _Analysis:
    text: str
    words: list[str]  # canonical words, typo-corrected, with stopwords
    raw: set[str] = field(default_factory=set)  # tokens as typed
    credentials: list[str] = field(default_factory=list)  # ids in order of mention
    credential_spans: set[int] = field(default_factory=set)  # word positions used by them
    content: list[str] = field(default_factory=list)  # stemmed content terms (no creds)
    everyday: set[str] = field(default_factory=set)  # terms from everyday English words


class Matcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._alias_index: dict[tuple[str, ...], str] = {}
        self._alias_max_len = 1
        self._build_aliases(kb.credentials.values())
        self._term_weights: dict[str, dict[str, float]] = {}  # term -> topic id -> field weight
        # Keyword phrases of two or more different terms, per topic.
        self._phrases: dict[str, list[frozenset[str]]] = defaultdict(list)
        self._build_topic_index(kb.topics.values())
        self._english = english_ranks()
        self._idf = self._compute_idf()
        self._max_idf = max(self._idf.values(), default=1.0)
        n_topics = max(1, len(kb.topics))
        # Words of each credential's own names: "orthopaedic" in a COSC question is the
        # credential speaking, not a topic.
        self._name_terms: dict[str, set[str]] = {}
        for cred in kb.credentials.values():
            terms: set[str] = set()
            for form in (cred.name, *cred.aliases):
                terms |= set(self._content_terms(self._canonical_words(form)))
            self._name_terms[cred.id] = terms - _NAME_GENERIC
        self._facet_terms = {stem(cue) for cues in FACET_CUES.values() for cue in cues}
        self._generic_word_stems = {stem(w) for w in GENERIC_WORDS}
        self._generic = {stem(SYNONYMS.get(w, w)) for w in GENERIC_WORDS} | {
            term
            for term, topics in self._term_weights.items()
            if sum(1 for w in topics.values() if w >= 1.0) > 0.25 * n_topics
        }
        # Specialty area words unique to one specialty ("dermatology", "ankle"), so that
        # "derm coding credential" finds the CPCD.
        area_owners: dict[str, set[str]] = defaultdict(set)
        for cred in kb.credentials.values():
            if cred.specialty:
                for w in self._canonical_words(cred.name):
                    if w not in _NAME_FILLER and w not in _AREA_STOPWORDS and len(w) > 2:
                        area_owners[stem(w)].add(cred.id)
        self._area_words = {w: next(iter(ids)) for w, ids in area_owners.items() if len(ids) == 1}
        self._area_phrases: dict[tuple[str, ...], str] = {}
        for cred in kb.credentials.values():
            if cred.specialty:
                phrase = tuple(stem(w) for w in self._canonical_words(cred.name) if w not in _NAME_FILLER)
                if len(phrase) > 1:
                    self._area_phrases[phrase] = cred.id
        # Typo targets are the words members are expected to type (titles, keywords, example
        # questions, names), not every word of the answer texts: "meant" must stay "meant".
        vocab = set(self._strong_vocab) | set(SYNONYMS) | set(SYNONYMS.values())
        for cues in FACET_CUES.values():
            vocab |= set(cues)
        for alias in self._alias_index:
            vocab |= set(alias)
        vocab |= DOMAIN_ANCHORS
        # Typo correction targets: words long enough that one edit is still meaningful.
        # Real English words are never "corrected": "bread" must not become "read".
        self._vocab = {w for w in vocab if len(w) >= 4 and w.isalpha()}
        self._vocab_list = sorted(self._vocab)
        self._known = vocab | STOPWORDS | FOREIGN_TERMS

    # ------------------------------------------------------------------ indexing

    def _build_aliases(self, credentials) -> None:
        for cred in credentials:
            forms = {cred.abbr, cred.name, *cred.aliases}
            abbr_words = tuple(self._canonical_words(cred.abbr))
            if abbr_words:
                forms.add("".join(abbr_words))  # "ccs-p" -> "ccsp"
                forms.add(" ".join(abbr_words) + "s")  # plural "cpcs"
            for form in forms:
                key = tuple(self._canonical_words(form))
                if key:
                    self._alias_index.setdefault(key, cred.id)
                    self._alias_max_len = max(self._alias_max_len, len(key))

    def _build_topic_index(self, topics) -> None:
        # Credential names in example questions ("how should I study for the CPC?") are
        # matched as credentials, so the topic evidence is the rest of the question.
        cred_words = {stem(k[0]) for k in self._alias_index if len(k) == 1}
        vocab: set[str] = set()
        strong: set[str] = set()
        # Domain words: uncommon single-word keywords, plus the everyday words that are the
        # point of a question here ("study", "cost").
        self._domain_terms: set[str] = {stem(w) for w in DOMAIN_EVERYDAY | DOMAIN_ANCHORS}
        self._title_terms: dict[str, set[str]] = {}
        self._questions: dict[str, list[frozenset[str]]] = defaultdict(list)
        for topic in topics:
            for question in topic.questions:
                terms = frozenset(
                    t for t in self._content_terms(self._canonical_words(question)) if t not in cred_words
                )
                if terms:
                    self._questions[topic.id].append(terms)
            strong |= set(self._canonical_words(topic.title + " " + " ".join(topic.questions)))
            fields = [
                (topic.title, 1.0),
                (" ".join(topic.questions), 1.0),
                (topic.text + " " + " ".join(s.heading + " " + s.text for s in topic.sections), 0.35),
            ]
            for text, weight in fields:
                words = self._canonical_words(text)
                vocab |= set(words)
                for term in self._content_terms(words):
                    current = self._term_weights.setdefault(term, {}).get(topic.id, 0.0)
                    self._term_weights[term][topic.id] = max(current, weight)
            self._title_terms[topic.id] = set(self._content_terms(self._canonical_words(topic.title)))
            for keyword in topic.keywords:
                words = self._canonical_words(keyword)
                vocab |= set(words)
                strong |= set(words)
                single = self._content_terms(words)
                if len(single) == 1 and english_ranks().get(words[-1], COMMON_RANK) >= COMMON_RANK:
                    self._domain_terms.add(single[0])
                terms = list(dict.fromkeys(self._content_terms(words)))
                for term in terms:
                    self._term_weights.setdefault(term, {})[topic.id] = 1.25
                if len(terms) > 1:  # a phrase of two different words ("day to day" is one word)
                    self._phrases[topic.id].append(frozenset(terms))
        self._term_vocab = vocab
        self._strong_vocab = strong

    def _compute_idf(self) -> dict[str, float]:
        n = max(1, len(self.kb.topics))
        return {
            term: math.log(1 + n / (1 + len(topics))) + 0.2 for term, topics in self._term_weights.items()
        }

    # ------------------------------------------------------------------ analysis

    @staticmethod
    def _canonical_words(text: str) -> list[str]:
        return [SYNONYMS.get(t, t) for t in tokens(normalise(text))]

    @staticmethod
    def _content_terms(words: list[str]) -> list[str]:
        return [stem(w) for w in words if w not in STOPWORDS and len(w) > 1]

    @lru_cache(maxsize=8192)
    def _correct(self, word: str) -> str:
        """Fix a typo in a word the knowledge base knows; leave unknown words alone."""
        if word in self._known or len(word) < 5 or not word.isalpha() or word in self._english:
            return word
        # Two edits only for long words: "separate" must not become "separately".
        limit = 1 if len(word) < 10 else 2
        found = process.extractOne(word, self._vocab_list, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return word
        return found[0]

    def _analyse(self, question: str) -> _Analysis:
        text = normalise(clip_for_matching(question))
        words = [self._correct(SYNONYMS.get(t, t)) for t in tokens(text)]
        words = [SYNONYMS.get(w, w) for w in words]
        analysis = _Analysis(text=" ".join(words), words=words, raw=set(tokens(text)))
        # Longest alias first, so "cpc p" is the CPC-P and not the CPC followed by "p".
        i = 0
        while i < len(words):
            for n in range(min(self._alias_max_len, len(words) - i), 0, -1):
                cred = self._alias_index.get(tuple(words[i : i + n]))
                if cred:
                    if cred not in analysis.credentials:
                        analysis.credentials.append(cred)
                    analysis.credential_spans.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1
        if not analysis.credentials and set(words) & SPECIALTY_CONTEXT:
            self._find_specialty_area(words, analysis)
        negated = _negated_positions(words)
        rest = [w for j, w in enumerate(words) if j not in analysis.credential_spans and j not in negated]
        own = set()
        for cred_id in analysis.credentials:
            own |= self._name_terms.get(cred_id, set())
        analysis.content = [t for t in self._content_terms(rest) if t not in own]
        ranks = self._english
        analysis.everyday = {
            stem(w) for w in rest if ranks.get(w, COMMON_RANK) < COMMON_RANK
        } - self._domain_terms
        return analysis

    def _find_specialty_area(self, words: list[str], analysis: _Analysis) -> None:
        """ "the derm coding credential" names the CPCD without its abbreviation."""
        stems = [stem(SPECIALTY_AREA_SYNONYMS.get(w, w)) for w in words]
        for phrase, cred_id in self._area_phrases.items():
            n = len(phrase)
            for i in range(len(stems) - n + 1):
                if tuple(stems[i : i + n]) == phrase:
                    analysis.credentials.append(cred_id)
                    analysis.credential_spans.update(range(i, i + n))
                    return
        found = [
            (i, self._area_words[area])
            for i, area in enumerate(stem(SPECIALTY_AREA_SYNONYMS.get(w, w)) for w in words)
            if area in self._area_words
        ]
        # One area names its credential; several ("like derm or ortho") are a question about
        # the specialty credentials in general, which a topic answers.
        if len({cred_id for _, cred_id in found}) == 1:
            i, cred_id = found[0]
            analysis.credentials.append(cred_id)
            analysis.credential_spans.add(i)

    # ------------------------------------------------------------------ scoring

    def _facet(self, analysis: _Analysis) -> tuple[str | None, float]:
        scores: dict[str, float] = defaultdict(float)
        present = set(analysis.words)
        for facet, cues in FACET_CUES.items():
            for cue, weight in cues.items():
                if cue in present:
                    scores[facet] += weight
        padded = f" {analysis.text} "
        for phrase, facet, weight in FACET_PHRASES:
            if f" {phrase} " in padded:
                scores[facet] += weight
        if not scores:
            return None, 0.0
        best = max(FACETS, key=lambda f: (scores.get(f, 0.0), -FACETS.index(f)))
        return best, scores[best]

    def topic_scores(
        self, analysis: _Analysis, *, specific_only: bool = False, drop_facets: bool = False
    ) -> dict[str, tuple[float, float]]:
        """Topic id -> (score 0-100 for thresholds, rank key for ordering).

        The score is the share of the question's weighted terms that the topic explains;
        the rank adds small bonuses (keyword and phrase hits) so that ties at the same
        share go to the topic the question names most precisely.
        """
        terms = list(dict.fromkeys(analysis.content))
        if specific_only:
            terms = [t for t in terms if t not in self._generic]
        if drop_facets:
            # With a credential named, "pay" or "work" asks about that credential's facet.
            terms = [t for t in terms if t not in self._facet_terms]
        if not terms:
            return {}
        total = 0.0
        matched: dict[str, float] = defaultdict(float)
        bonus: dict[str, float] = defaultdict(float)
        similar: dict[str, float] = defaultdict(float)
        for term in terms:
            idf = self._idf.get(term)
            if idf is None:
                # A word no topic uses counts against every topic (off-topic signal).
                total += UNKNOWN_WEIGHT * self._max_idf
                continue
            if term in analysis.everyday:
                idf *= EVERYDAY_WEIGHT
            total += idf
            for topic_id, weight in self._term_weights[term].items():
                matched[topic_id] += idf * min(weight, 1.0)
                if weight > 1.0:
                    bonus[topic_id] += 2.0 * idf
        term_set = set(terms)
        for topic_id, phrases in self._phrases.items():
            if topic_id not in matched:
                continue
            for phrase in phrases:
                if phrase <= term_set:
                    bonus[topic_id] += 4.0 * len(phrase)
        # Nearest example question: a close paraphrase of a topic's example is strong evidence.
        # Only the best candidates can win, so only they are compared (keeps big bases fast).
        candidates = heapq.nlargest(SIMILARITY_CANDIDATES, matched, key=lambda t: matched[t] + bonus[t])
        for topic_id in candidates:
            for example in self._questions.get(topic_id, ()):
                shared = example & term_set
                if shared:
                    union = example | term_set
                    overlap = sum(self._idf.get(t, self._max_idf) for t in shared) / sum(
                        self._idf.get(t, 0.5 * self._max_idf) for t in union
                    )
                    similar[topic_id] = max(similar[topic_id], overlap)
        out = {}
        for topic_id, score in matched.items():
            share = min(100.0, 100.0 * score / total)
            closeness = 100.0 * similar[topic_id]
            out[topic_id] = (max(share, closeness), share + bonus[topic_id] + 0.5 * closeness)
        return out

    def _ranked(self, scores: dict[str, tuple[float, float]]) -> list[tuple[str, float]]:
        return [(tid, sc[0]) for tid, sc in sorted(scores.items(), key=lambda kv: (-kv[1][1], kv[0]))]

    # ------------------------------------------------------------------ routing

    def route(self, question: str) -> Route:
        if not question or not question.strip():
            return Route("none", reason="empty")
        analysis = self._analyse(question)
        creds = analysis.credentials
        words = set(analysis.words)
        ranked = self._ranked(self.topic_scores(analysis))
        specific = self._ranked(self.topic_scores(analysis, specific_only=True, drop_facets=bool(creds)))
        best_specific, specific_score = specific[0] if specific else (None, 0.0)

        if _CODE_LOOKUP.search(analysis.text):
            return Route("none", reason="code lookup")
        if _CASE_SPECIFIC.search(analysis.text):
            return Route("none", reason="a specific patient or claim")
        place = _place_asked_about(analysis.words)
        if place:
            return Route("none", suggestions=self._suggestions(ranked), reason=f"outside the US: {place}")
        if not creds:
            other = self._unknown_credential(analysis)
            if other:
                return Route("none", reason=f"unknown credential: {other}")

        if creds:
            facet, strength = self._facet(analysis)
            # A topic that explains the rest of the question (study tips for the CPC, CEUs for
            # two credentials…) wins over a weak facet cue such as the bare word "exam".
            topic_wins = (
                best_specific is not None
                and specific_score >= 70
                and strength < 2.5
                and self._topic_is_specific(best_specific, analysis)
                and self._strong_evidence(best_specific, analysis)
            )
            if len(creds) >= 2:
                if analysis.raw & COMPARE_CUES or not (topic_wins or strength >= 2.5):
                    return Route("compare", (creds[0], creds[1]), score=95)
            if topic_wins:
                return Route("topic", (best_specific,), score=round(specific_score))
            if facet and strength >= 1.5:
                return Route("fact", (creds[0],), facet=facet, score=round(min(99, 70 + 8 * strength)))
            return Route("credential", (creds[0],), score=90)

        # No credential named: topics only.
        foreign = words & FOREIGN_TERMS
        anchored = bool(words & DOMAIN_ANCHORS)
        suggestions = self._suggestions(ranked)
        if foreign and not anchored:
            # Another field is named. Only a strong, specific coding topic can outweigh it
            # ("former teacher here, which cert should I start with?").
            best = ranked[0] if ranked else None
            if not (best and best[1] >= FOREIGN_OVERRIDE and self._topic_is_specific(best[0], analysis)):
                return Route("none", reason=f"outside coding: {sorted(foreign)[0]}")
        if not ranked:
            return Route("none", suggestions=suggestions, reason="no topic words")
        best_topic, best_score = ranked[0]
        if best_score >= ANSWER_THRESHOLD and self._topic_is_specific(best_topic, analysis):
            return Route("topic", (best_topic,), score=round(best_score))
        return Route("none", suggestions=suggestions, score=round(best_score), reason="low score")

    def _phrase_hit(self, topic_id: str, terms: set[str]) -> bool:
        """One of the topic's keyword phrases appears whole among the question's terms."""
        return any(phrase <= terms for phrase in self._phrases.get(topic_id, ()))

    def _strong_evidence(self, topic_id: str, analysis: _Analysis) -> bool:
        """More than one word's worth: two specific terms, a keyword phrase, or a close example."""
        terms = {t for t in analysis.content if t not in self._generic and t not in self._facet_terms}
        hits = [t for t in terms if self._term_weights.get(t, {}).get(topic_id, 0.0) >= 1.0]
        if len(hits) >= 2:
            return True
        if self._phrase_hit(topic_id, terms):
            return True
        return any(example <= terms for example in self._questions.get(topic_id, ()))

    def _closeness(self, topic_id: str, analysis: _Analysis) -> float:
        """Best weighted overlap (0-1) between the question and one of the topic's examples."""
        terms = set(analysis.content)

        def weight(t: str) -> float:
            w = self._idf.get(t, UNKNOWN_WEIGHT * self._max_idf)
            return w * EVERYDAY_WEIGHT if t in analysis.everyday else w

        best = 0.0
        for example in self._questions.get(topic_id, ()):
            shared = example & terms
            if len(shared) >= 2:  # one shared word is a coincidence, not a paraphrase
                best = max(best, sum(map(weight, shared)) / sum(map(weight, example | terms)))
        return best

    def _unknown_credential(self, analysis: _Analysis) -> str | None:
        """An unknown short word right before "certification"/"exam": a credential we don't cover."""
        words = analysis.words
        for i in range(len(words) - 1):
            word = words[i]
            if (
                words[i + 1] in _CREDENTIAL_NOUNS
                and 2 <= len(word) <= 6
                and word not in self._known
                and not word.isdigit()
            ):
                return word
        return None

    def _topic_is_specific(self, topic_id: str, analysis: _Analysis) -> bool:
        """At least one matched term must be distinctive for this topic (not a generic word),
        or one of its keyword phrases ("medical coding") must appear whole."""
        terms = set(analysis.content)
        if self._phrase_hit(topic_id, terms):
            return True
        if terms & self._title_terms.get(topic_id, set()) - analysis.everyday - self._generic_word_stems:
            return True  # the topic's own name ("what is AAPC")
        if self._closeness(topic_id, analysis) >= CLOSE_EXAMPLE:
            return True  # a close paraphrase of one of the topic's example questions
        # Everyday words only, but several of them and all explained by this topic
        # ("how much time should I spend on each question").
        own = [t for t in terms - self._generic if self._term_weights.get(t, {}).get(topic_id, 0.0) >= 1.0]
        if len(own) >= 2 and len(own) == len(terms - self._generic):
            return True
        for term in terms:
            if term in self._generic or term in analysis.everyday:
                continue
            weights = self._term_weights.get(term)
            if weights and weights.get(topic_id, 0.0) >= 1.0:
                return True
        return False

    def _suggestions(self, ranked: list[tuple[str, float]]) -> tuple[Suggestion, ...]:
        out = [
            Suggestion(tid, self.kb.title_of(tid))
            for tid, score in ranked[:MAX_SUGGESTIONS]
            if score >= SUGGEST_THRESHOLD
        ]
        return tuple(out)

    # ------------------------------------------------------------------ credentials by name

    def find_credential(self, name: str) -> Credential | None:
        """A credential from a name typed in a command option (abbreviation, alias, typo)."""
        words = tuple(self._canonical_words(name))
        if not words:
            return None
        cred_id = self._alias_index.get(words)
        if cred_id is None:
            analysis = self._analyse(name)
            if len(analysis.credentials) == 1:
                cred_id = analysis.credentials[0]
        return self.kb.credentials.get(cred_id) if cred_id else None

    def credential_suggestions(self, name: str, limit: int = 3) -> list[Credential]:
        """Credentials whose abbreviation or name looks like ``name`` (for unknown names)."""
        query = normalise(name).strip()
        if not query:
            return []
        choices = {c.id: f"{c.abbr.lower()} {c.name.lower()}" for c in self.kb.credentials.values()}
        from rapidfuzz import fuzz

        found = process.extract(query, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return [self.kb.credentials[key] for _, _, key in found]

    def autocomplete(self, current: str, limit: int = 25) -> list[Credential]:
        """Credentials for a slash-command option as the member types."""
        creds = list(self.kb.credentials.values())
        query = normalise(current).strip()
        if not query:
            core = [c for c in creds if not c.specialty]
            return (core + [c for c in creds if c.specialty])[:limit]
        starts = [c for c in creds if c.abbr.lower().startswith(query)]
        contains = [
            c
            for c in creds
            if c not in starts and (query in c.name.lower() or any(query in a.lower() for a in c.aliases))
        ]
        fuzzy = [c for c in self.credential_suggestions(current, limit=limit) if c not in starts + contains]
        return (starts + contains + fuzzy)[:limit]


# "what's the ICD code for …": the bot teaches about codes but does not look them up.
_CODE_LOOKUP = re.compile(
    r"\b(?:what|which|whats)\b(?: is| are)?(?: the| a)?(?: right| correct)?"
    r"(?: icd(?: ?10)?(?: cm| pcs)?| cpt| hcpcs| dx| diagnosis| procedure| billing)? codes? (?:for|of) "
)

# A real patient's case or claim: not something a study bot should advise on (and no PHI).
_CASE_SPECIFIC = re.compile(
    r"\b(?:my|our|her|his|their|this) (?:patient|patients|claim|claims|eob|chart|bill)\b|\beob\b"
)

_NEGATORS: tuple[tuple[str, ...], ...] = (
    ("not", "a"),
    ("not", "an"),
    ("not", "the"),
    ("not", "in", "a"),
    ("not", "at", "a"),
    ("rather", "than"),
    ("rather", "than", "the"),
    ("rather", "than", "a"),
    ("instead", "of"),
    ("instead", "of", "the"),
    ("instead", "of", "a"),
)


def _place_asked_about(words: list[str]) -> str | None:
    """A country the question is about ("recognized in Australia"), not where the member is
    from ("I am from the Philippines, what are the CPC requirements?")."""
    for i, word in enumerate(words):
        if word not in COUNTRIES:
            continue
        before = [w for w in words[max(0, i - 2) : i] if w != "the"]
        if word in COUNTRY_ADJECTIVES or i == 0 or (before and before[-1] in ("in", "for", "to")):
            return word
    return None


def _negated_positions(words: list[str]) -> set[int]:
    """Positions of the word right after "not a", "rather than", "instead of": a clinic job
    "not a hospital" one is not a question about hospitals."""
    out: set[int] = set()
    for i in range(len(words)):
        for pattern in _NEGATORS:
            n = len(pattern)
            if tuple(words[i : i + n]) == pattern and i + n < len(words):
                out.add(i + n)
    return out


def is_question_like(text: str) -> bool:
    """Cheap check used for ask channels: is there anything to route at all?"""
    return bool(re.search(r"[a-z]{2,}", text.lower()))

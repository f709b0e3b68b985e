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

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .knowledge import FACETS, Credential, KnowledgeBase, Topic
from .text import clip_for_matching, normalise, stem, tokens
from .vocabulary import (
    COMPARE_CUES,
    FACET_CUES,
    FACET_PHRASES,
    FOREIGN_TERMS,
    STOPWORDS,
    SYNONYMS,
)

ANSWER_THRESHOLD = 55  # topic score needed to answer
SUGGEST_THRESHOLD = 25  # topic score needed to be suggested
MAX_SUGGESTIONS = 3

# Words that place a message inside medical coding even with no credential named.
DOMAIN_ANCHORS: frozenset[str] = frozenset(
    """
    coding coder aapc ahima icd cpt hcpcs ceu modifier modifiers drg hcc billing biller
    medical certification recertification apprentice inpatient outpatient payer
    """.split()
)


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
    credentials: list[str] = field(default_factory=list)  # ids in order of mention
    credential_spans: set[int] = field(default_factory=set)  # word positions used by them
    content: list[str] = field(default_factory=list)  # stemmed content terms (no creds)


class Matcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._alias_index: dict[tuple[str, ...], str] = {}
        self._alias_max_len = 1
        self._build_aliases(kb.credentials.values())
        self._term_weights: dict[str, dict[str, float]] = {}  # term -> topic id -> field weight
        self._phrases: dict[str, list[tuple[tuple[str, ...], float]]] = defaultdict(list)
        self._build_topic_index(kb.topics.values())
        self._idf = self._compute_idf()
        self._max_idf = max(self._idf.values(), default=1.0)
        vocab = set(self._term_vocab) | set(SYNONYMS) | set(SYNONYMS.values())
        for cues in FACET_CUES.values():
            vocab |= set(cues)
        for alias in self._alias_index:
            vocab |= set(alias)
        vocab |= DOMAIN_ANCHORS
        # Typo correction targets: words long enough that one edit is still meaningful.
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
        vocab: set[str] = set()
        for topic in topics:
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
            for keyword in topic.keywords:
                words = self._canonical_words(keyword)
                vocab |= set(words)
                terms = self._content_terms(words)
                for term in terms:
                    self._term_weights.setdefault(term, {})[topic.id] = 1.25
                if len(terms) > 1:
                    self._phrases[topic.id].append((tuple(terms), 1.0))
        self._term_vocab = vocab

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
        if word in self._known or len(word) < 5 or not word.isalpha():
            return word
        limit = 1 if len(word) < 8 else 2
        found = process.extractOne(word, self._vocab_list, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return word
        return found[0]

    def _analyse(self, question: str) -> _Analysis:
        text = normalise(clip_for_matching(question))
        words = [self._correct(SYNONYMS.get(t, t)) for t in tokens(text)]
        words = [SYNONYMS.get(w, w) for w in words]
        analysis = _Analysis(text=" ".join(words), words=words)
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
        rest = [w for j, w in enumerate(words) if j not in analysis.credential_spans]
        analysis.content = self._content_terms(rest)
        return analysis

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

    def topic_scores(self, analysis: _Analysis) -> dict[str, float]:
        """Share (0-100) of the question's weighted terms that each topic explains."""
        terms = list(dict.fromkeys(analysis.content))
        if not terms:
            return {}
        total = 0.0
        matched: dict[str, float] = defaultdict(float)
        for term in terms:
            idf = self._idf.get(term)
            if idf is None:
                # A word no topic uses counts against every topic (off-topic signal).
                total += 0.8 * self._max_idf
                continue
            total += idf
            for topic_id, weight in self._term_weights[term].items():
                matched[topic_id] += idf * min(weight, 1.0) + (idf * 0.15 if weight > 1.0 else 0.0)
        term_set = set(terms)
        for topic_id, phrases in self._phrases.items():
            for phrase, bonus in phrases:
                if set(phrase) <= term_set and topic_id in matched:
                    matched[topic_id] += bonus
        return {tid: min(100.0, 100.0 * score / total) for tid, score in matched.items()}

    # ------------------------------------------------------------------ routing

    def route(self, question: str) -> Route:
        if not question or not question.strip():
            return Route("none", reason="empty")
        analysis = self._analyse(question)
        creds = analysis.credentials
        words = set(analysis.words)
        topic_scores = self.topic_scores(analysis)
        ranked = sorted(topic_scores.items(), key=lambda kv: (-kv[1], kv[0]))

        if len(creds) >= 2:
            return Route("compare", (creds[0], creds[1]), score=95)

        if len(creds) == 1:
            cred = creds[0]
            facet, strength = self._facet(analysis)
            best_topic, best_score = ranked[0] if ranked else (None, 0.0)
            # A strongly matching topic (study tips for the CPC, exam-day advice…) wins over
            # a weak facet cue such as the bare word "exam".
            if best_topic and best_score >= 70 and strength < 2.5 and self._topic_is_specific(best_topic, analysis):
                return Route("topic", (best_topic,), score=round(best_score))
            if facet and strength >= 1.5:
                return Route("fact", (cred,), facet=facet, score=round(min(99, 70 + 8 * strength)))
            return Route("credential", (cred,), score=90)

        # No credential named: topics only.
        foreign = words & FOREIGN_TERMS
        anchored = bool(words & DOMAIN_ANCHORS)
        suggestions = self._suggestions(ranked, analysis)
        if foreign and not anchored:
            return Route("none", suggestions=(), reason=f"outside coding: {sorted(foreign)[0]}")
        if not ranked:
            return Route("none", suggestions=suggestions, reason="no topic words")
        best_topic, best_score = ranked[0]
        if best_score >= ANSWER_THRESHOLD and self._topic_is_specific(best_topic, analysis):
            return Route("topic", (best_topic,), score=round(best_score))
        return Route("none", suggestions=suggestions, score=round(best_score), reason="low score")

    def _topic_is_specific(self, topic_id: str, analysis: _Analysis) -> bool:
        """At least one matched term must be distinctive for this topic (not a generic word)."""
        for term in set(analysis.content):
            weights = self._term_weights.get(term)
            if weights and weights.get(topic_id, 0.0) >= 1.0 and self._idf[term] >= 0.9:
                return True
        return False

    def _suggestions(self, ranked: list[tuple[str, float]], analysis: _Analysis) -> tuple[Suggestion, ...]:
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
            if c not in starts
            and (query in c.name.lower() or any(query in a.lower() for a in c.aliases))
        ]
        fuzzy = [c for c in self.credential_suggestions(current, limit=limit) if c not in starts + contains]
        return (starts + contains + fuzzy)[:limit]


def is_question_like(text: str) -> bool:
    """Cheap check used for ask channels: is there anything to route at all?"""
    return bool(re.search(r"[a-z]{2,}", text.lower()))

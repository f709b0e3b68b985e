"""A question taken apart for routing: canonical words, the credentials it names, its content terms.

:class:`CredentialIndex` knows every name of every credential; :class:`Analyser` corrects typos
against the words members are expected to type and produces an :class:`Analysis`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.knowledge.model import Credential
from bot.core.text import TOKEN, clip_for_matching, normalise, stem, tokens

from .vocabulary import (
    AREA_STOPWORDS,
    COMMON_RANK,
    CREDENTIAL_CUES,
    CREDENTIAL_NOUNS,
    DOMAIN_ANCHORS,
    FACET_CUES,
    FOREIGN_TERMS,
    JOB_TITLE_ENDINGS,
    LETTER_REMOVAL,
    NAME_FILLER,
    NAME_GENERIC_WORDS,
    NEGATORS,
    RN_NURSE_AFTER,
    RN_NURSE_BEFORE,
    SPECIALTY_AREA_SYNONYMS,
    SPECIALTY_CONTEXT,
    STATUS_FOLLOWERS,
    STOPWORDS,
    SYNONYMS,
    english_ranks,
)

CREDENTIAL_MARK = "<credential>"  # stands for a credential's name in facet phrases
_NAME_GENERIC = frozenset(stem(w) for w in NAME_GENERIC_WORDS)
_TYPO_CACHE_SIZE = 8192  # typo corrections are cached per word


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str  # the canonical words joined by spaces
    masked: str  # the same with each credential's name replaced by "<credential>"
    named_as: tuple[str, ...]  # each credential's name as typed, in canonical words ("cpc a")
    words: list[str]  # canonical words, typo-corrected, with stopwords
    raw: set[str]  # tokens as typed, less a word right before a number ("than 36" counts, not compares)
    credentials: list[str]  # ids in order of mention
    content: list[str]  # stemmed content terms (no credentials, nothing negated)
    everyday: set[str]  # terms from everyday English words
    by_area: bool = False  # the credential was named by its specialty ("the derm credential")
    bodies: frozenset[str] = frozenset()  # the certifying bodies named ("aapc", "ahima")


def designated(analysis: Analysis, designations: Mapping[str, str]) -> list[str]:
    """The topics explaining the statuses a question names, in order ("CPC-A" -> cpc-apprentice;
    ``designations``: a status's name -> its topic, ``Matcher.designations``)."""
    return [designations[name] for name in analysis.named_as if name in designations]


def canonical_words(text: str) -> list[str]:
    """The tokens of ``text`` with synonyms and slang replaced by their canonical word."""
    return _letter_codes([SYNONYMS.get(t, t) for t in tokens(normalise(text))])


def _letter_codes(words: list[str]) -> list[str]:
    """A code family named by its letter ("J codes", "G code") as one word, "jcode", so that
    the letter is not dropped as too short to mean anything ("a" and "i" are words)."""
    out: list[str] = []
    for w, nxt in zip(words, [*words[1:], ""], strict=False):
        if len(w) == 1 and w.isalpha() and w not in "ai" and nxt in ("code", "codes"):
            out.append(f"{w}code")
        elif w == "cat" and nxt in _NUMBERED:  # "cat II codes": a CPT category, not a pet
            out.append("category")
        else:
            out.append(w)
    return out


_NUMBERED = frozenset(["1", "2", "3", "i", "ii", "iii", "one", "two", "three"])


def content_terms(words: list[str]) -> list[str]:
    """Stems of the words that can carry a topic (no stopwords, no single letters)."""
    return [stem(w) for w in words if w not in STOPWORDS and len(w) > 1]


def negated_positions(words: list[str]) -> set[int]:
    """Positions of the word right after "not a", "rather than", "instead of": a clinic job
    "not a hospital" one is not a question about hospitals."""
    out: set[int] = set()
    for i in range(len(words)):
        for pattern in NEGATORS:
            n = len(pattern)
            if tuple(words[i : i + n]) == pattern and i + n < len(words):
                out.add(i + n)
    return out


class CredentialIndex:
    """Every name of every credential (abbreviation, name, aliases, specialty area) -> its id."""

    def __init__(self, credentials: Iterable[Credential]) -> None:
        creds = list(credentials)
        self.aliases: dict[tuple[str, ...], str] = {}
        self._status_aliases: set[str] = set()
        # Aliases that are also job titles ("coding specialist", "inpatient coder"): without a
        # word for a credential beside them they describe a job, not the credential.
        self.job_titles: set[tuple[str, ...]] = set()
        self.max_alias_len = 1
        for cred in creds:
            self._add_aliases(cred)
        # Words of each credential's own names: "orthopaedic" in a COSC question is the
        # credential speaking, not a topic.
        self.name_terms: dict[str, set[str]] = {cred.id: _name_terms(cred) for cred in creds}
        self.bodies = {cred.id: cred.body.lower() for cred in creds}
        self._body_names = frozenset(self.bodies.values())
        specialties = [cred for cred in creds if cred.specialty]
        self.specialty_ids = frozenset(cred.id for cred in specialties)
        self.area_words = _area_words(specialties)
        self.area_phrases = _area_phrases(specialties)

    def _add_aliases(self, cred: Credential) -> None:
        forms = {cred.abbr, cred.name, *cred.aliases}
        abbr_words = tuple(canonical_words(cred.abbr))
        if abbr_words:
            forms.add("".join(abbr_words))  # "ccs-p" -> "ccsp"
            forms.add(" ".join(abbr_words) + "s")  # plural "cpcs"
        for alias in cred.aliases:
            key = tuple(canonical_words(alias))
            suffix = key[len(abbr_words) :]
            if abbr_words and key[: len(abbr_words)] == abbr_words and suffix and max(map(len, suffix)) <= 2:
                self._status_aliases.add(" ".join(key))
        for form in forms:
            key = tuple(canonical_words(form))
            if key:
                self.aliases.setdefault(key, cred.id)
                if key[-1] in JOB_TITLE_ENDINGS and not set(key) & (set(abbr_words) | CREDENTIAL_CUES):
                    self.job_titles.add(key)
                self.max_alias_len = max(self.max_alias_len, len(key))

    def status_aliases(self) -> set[str]:
        """Aliases that are the abbreviation with a letter added: another designation, such as
        a status ("cpc a", the CPC's apprentice status), in canonical words."""
        return set(self._status_aliases)

    def alias_words(self) -> set[str]:
        return {word for alias in self.aliases for word in alias}

    def single_word_stems(self) -> set[str]:
        """Stems of the one-word names ("cpc", "crc"): credential names, not topic words."""
        return {stem(alias[0]) for alias in self.aliases if len(alias) == 1}

    def name_runs(
        self, words: list[str], articles: frozenset[int] = frozenset()
    ) -> list[tuple[int, tuple[str, ...]]]:
        """The aliases named in ``words``: (position, alias words), in order.

        Longest alias first, so "cpc p" is the CPC-P and not the CPC followed by "p". A word at
        one of ``articles`` ("is the CPC a good choice") is no part of a longer name.
        """
        runs: list[tuple[int, tuple[str, ...]]] = []
        i = 0
        while i < len(words):
            for n in range(min(self.max_alias_len, len(words) - i), 0, -1):
                if n > 1 and articles & set(range(i + 1, i + n)):
                    continue
                run = tuple(words[i : i + n])
                if run in self.aliases:
                    runs.append((i, run))
                    i += n
                    break
            else:
                i += 1
        return runs

    def described(self, cred_id: str, words: list[str], spans: set[int]) -> bool:
        """A specialty credential named by a description ("anesthesia coding certification"),
        not by its letters: the words naming it include a credential noun."""
        return cred_id in self.specialty_ids and any(words[i] in SPECIALTY_CONTEXT for i in spans)

    def bodies_named(self, words: list[str]) -> frozenset[str]:
        """The certifying bodies ``words`` name ("aapc", "ahima")."""
        return self._body_names.intersection(words)

    def find_area(self, words: list[str], bodies: frozenset[str]) -> tuple[str, set[int]] | None:
        """The specialty credential "the derm coding credential" names without its abbreviation
        (one of the ``bodies`` the message names, if it names one: "a foot in the door… from
        AHIMA" is no AAPC foot and ankle credential)."""
        stems = [stem(SPECIALTY_AREA_SYNONYMS.get(w, w)) for w in words]
        for phrase, cred_id in self.area_phrases.items():
            n = len(phrase)
            for i in range(len(stems) - n + 1):
                if tuple(stems[i : i + n]) == phrase:
                    return cred_id, set(range(i, i + n))
        found = [
            (i, self.area_words[area])
            for i, area in enumerate(stems)
            if area in self.area_words and (not bodies or self.bodies[self.area_words[area]] in bodies)
        ]
        # One area names its credential; several ("like derm or ortho") are a question about
        # the specialty credentials in general, which a topic answers.
        if len({cred_id for _, cred_id in found}) == 1:
            i, cred_id = found[0]
            return cred_id, {i}
        return None


def _name_terms(cred: Credential) -> set[str]:
    terms: set[str] = set()
    for form in (cred.name, *cred.aliases):
        terms |= set(content_terms(canonical_words(form)))
    return terms - _NAME_GENERIC


def _area_words(specialties: list[Credential]) -> dict[str, str]:
    """Specialty area words unique to one specialty ("dermatology", "ankle"), so that "derm
    coding credential" finds the CPCD."""
    owners: dict[str, set[str]] = defaultdict(set)
    for cred in specialties:
        for w in canonical_words(cred.name):
            if w not in NAME_FILLER and w not in AREA_STOPWORDS and len(w) > 2:
                owners[stem(w)].add(cred.id)
    return {w: next(iter(ids)) for w, ids in owners.items() if len(ids) == 1}


def _area_phrases(specialties: list[Credential]) -> dict[tuple[str, ...], str]:
    phrases: dict[tuple[str, ...], str] = {}
    for cred in specialties:
        phrase = tuple(stem(w) for w in canonical_words(cred.name) if w not in NAME_FILLER)
        if len(phrase) > 1:
            phrases[phrase] = cred.id
    return phrases


def _credential_noun_after(words: list[str], end: int) -> bool:
    """A word for a credential within two words after ``end`` ("gastro specialty credential",
    not "cardiology coding job")."""
    return bool(set(words[end + 1 : end + 3]) & CREDENTIAL_NOUNS)


def _articles(text: str, words: list[str]) -> frozenset[int]:
    """Positions of an "a" that is the article, not a status letter: "is the CPC a good
    choice" (a word follows) against "CPC-A", "cpc a now", "am i a cpc a?"."""
    hyphened = [m.start() > 0 and text[m.start() - 1] == "-" for m in TOKEN.finditer(text)]
    out: set[int] = set()
    for i, word in enumerate(words):
        if word != "a" or i == 0 or i + 1 >= len(words) or i >= len(hyphened) or hyphened[i]:
            continue
        if words[i + 1] not in STATUS_FOLLOWERS:
            out.add(i)
    return frozenset(out)


def _slang(words: list[str]) -> list[str]:
    """Chat slang that looks like a word from another field: "broke rn" is "right now", not a
    registered nurse ("as an rn", "rn to coder" keep the nurse)."""
    out = list(words)
    for i, word in enumerate(words):
        if word != "rn":
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before not in RN_NURSE_BEFORE and after not in RN_NURSE_AFTER:
            out[i] = "now"
    return out


def _masked(words: list[str], spans: set[int], starts: set[int]) -> str:
    """The words with each run naming a credential replaced by one "<credential>" (``starts``:
    where each name begins, so that "cpc + crc", punctuation gone, is still two)."""
    out: list[str] = []
    for i, word in enumerate(words):
        if i not in spans:
            out.append(word)
        elif i in starts or i - 1 not in spans:
            out.append(CREDENTIAL_MARK)
    return " ".join(out)


def _named_as(words: list[str], spans: set[int], starts: set[int]) -> tuple[str, ...]:
    """The runs of words naming credentials, each joined by spaces."""
    runs: list[list[str]] = []
    for i, word in enumerate(words):
        if i in spans:
            if i - 1 in spans and runs and i not in starts:
                runs[-1].append(word)
            else:
                runs.append([word])
    return tuple(" ".join(run) for run in runs)


class Analyser:
    """Turns a question into an :class:`Analysis`."""

    def __init__(self, credentials: CredentialIndex, strong_vocab: set[str], domain_terms: set[str]) -> None:
        self._credentials = credentials
        self._domain_terms = domain_terms
        self._english = english_ranks()
        # Typo targets are the words members are expected to type (titles, keywords, example
        # questions, names), not every word of the answer texts: "meant" must stay "meant".
        vocab = strong_vocab | set(SYNONYMS) | set(SYNONYMS.values())
        for cues in FACET_CUES.values():
            vocab |= set(cues)
        vocab |= credentials.alias_words() | DOMAIN_ANCHORS
        # Only words long enough that one edit is still meaningful.
        self._typo_targets = sorted(w for w in vocab if len(w) >= 4 and w.isalpha())
        self._known = vocab | STOPWORDS | FOREIGN_TERMS
        # Per instance (not lru_cache on the method, which would keep every Analyser alive).
        self.correct: Callable[[str], str] = lru_cache(maxsize=_TYPO_CACHE_SIZE)(self._correct)

    def knows(self, word: str) -> bool:
        """Whether ``word`` is one the router has a use for (a known word is never corrected)."""
        return word in self._known

    def _correct(self, word: str) -> str:
        """Fix a typo in a word the knowledge base knows; leave unknown words alone."""
        # Real English words are never "corrected": "bread" must not become "read".
        if word in self._known or len(word) < 5 or not word.isalpha() or word in self._english:
            return word
        # Two edits only for long words: "separate" must not become "separately".
        limit = 1 if len(word) < 10 else 2
        found = process.extractOne(word, self._typo_targets, scorer=OSA.distance, score_cutoff=limit)
        return word if found is None else found[0]

    def _designations(self, named: tuple[str, ...], words: list[str]) -> tuple[str, ...]:
        """``named`` plus "cpc a" when the apprentice letter is named apart ("get the A taken
        off my CPC"): the question is about that status, as if "CPC-A" had been typed."""
        if not (set(words) & LETTER_REMOVAL and any(a == "the" and b == "a" for a, b in pairwise(words))):
            return named
        status = self._credentials.status_aliases()
        return named + tuple(f"{n} a" for n in named if f"{n} a" in status and f"{n} a" not in named)

    def analyse(self, question: str) -> Analysis:
        text = normalise(clip_for_matching(question))
        raw = tokens(text)
        words = _letter_codes(
            _slang([SYNONYMS.get(w, w) for w in (self.correct(SYNONYMS.get(t, t)) for t in raw)])
        )
        articles = _articles(text, words)
        runs = self._credentials.name_runs(words, articles)
        if not set(words) & CREDENTIAL_CUES and all(run in self._credentials.job_titles for _, run in runs):
            runs = []  # "a billing and coding specialist job": a job, not the CCS
        credentials = list(dict.fromkeys(self._credentials.aliases[run] for _, run in runs))
        spans = {i + k for i, run in runs for k in range(len(run))}
        starts = {i for i, _ in runs}
        bodies = self._credentials.bodies_named(words)
        # "anesthesia coding cert": a specialty credential named by what it covers, like an area.
        by_area = len(credentials) == 1 and self._credentials.described(credentials[0], words, spans)
        if set(words) & SPECIALTY_CONTEXT:
            area = self._credentials.find_area(words, bodies)
            if area and not credentials:
                credentials, spans, by_area = [area[0]], area[1], True
                starts = {min(spans)}
            elif area and area[0] not in credentials and _credential_noun_after(words, max(area[1])):
                # "gastro specialty credential - how is it different from just having a cpc": named too
                before = sum(1 for i in starts if i < min(area[1]))
                credentials.insert(before, area[0])
                spans |= area[1]
                starts.add(min(area[1]))
        negated = negated_positions(words)
        rest = [w for j, w in enumerate(words) if j not in spans and j not in negated]
        own: set[str] = set()
        for cred_id in credentials:
            own |= self._credentials.name_terms.get(cred_id, set())
        everyday = {stem(w) for w in rest if self._english.get(w, COMMON_RANK) < COMMON_RANK}
        return Analysis(
            text=" ".join(words),
            masked=_masked(words, spans, starts),
            named_as=self._designations(_named_as(words, spans, starts), words),
            words=words,
            raw={t for t, after in zip(raw, [*raw[1:], ""], strict=False) if not after.isdigit()},
            credentials=credentials,
            content=[t for t in content_terms(rest) if t not in own],
            everyday=everyday - self._domain_terms,
            by_area=by_area,
            bodies=bodies,
        )

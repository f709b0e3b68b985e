"""Words the router routes with: synonyms and slang, stopwords, facet cues, other subjects, places.

Kept apart from the algorithm so that a reader can see (and a moderator can suggest) the words
without reading the scoring code. The lists are data files in ``bot/data/`` (each file says
its format at the top), read once when this module is imported.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from .routes import ROUTE_FACETS, RouteFacet

# Words this common in everyday English ("night", "time", "old", "near") cannot carry a
# topic on their own: "good night all" is not a question about the night before the exam.
COMMON_RANK = 3000


def _read(name: str) -> str:
    return (files("bot") / "data" / name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    """The lines of a data file with comments and blank lines left out."""
    stripped = (line.split("#", 1)[0].strip() for line in _read(name).splitlines())
    return [line for line in stripped if line]


def _words(name: str) -> frozenset[str]:
    """A file of whitespace-separated words."""
    return frozenset(word for line in _lines(name) for word in line.split())


def _headed(name: str) -> list[tuple[str, list[str]]]:
    """A file of ``head: item item ...`` lines, as (head, items)."""
    out: list[tuple[str, list[str]]] = []
    for line in _lines(name):
        head, colon, rest = line.partition(":")
        if not colon:
            raise ValueError(f"bot/data/{name}: expected 'head: items', got {line!r}")
        out.append((head.strip(), rest.split()))
    return out


def _named_lists(name: str) -> dict[str, list[str]]:
    """A file of ``list: item item ...`` lines; a list may go on over several lines."""
    lists: dict[str, list[str]] = {}
    for head, items in _headed(name):
        lists.setdefault(head, []).extend(items)
    return lists


def _canonical(name: str) -> dict[str, str]:
    """A file of ``canonical: variant variant ...`` lines, as variant -> canonical."""
    return {variant: canonical for canonical, variants in _headed(name) for variant in variants}


_FACET_NAMES: dict[str, RouteFacet] = {facet: facet for facet in ROUTE_FACETS}


def _facet(name: str, file: str) -> RouteFacet:
    try:
        return _FACET_NAMES[name]
    except KeyError:
        raise ValueError(f"bot/data/{file}: unknown facet {name!r}") from None


def _facet_cues() -> dict[RouteFacet, dict[str, float]]:
    cues: dict[RouteFacet, dict[str, float]] = {}
    for head, items in _headed("facet_cues.txt"):
        weights = cues.setdefault(_facet(head, "facet_cues.txt"), {})
        for item in items:
            word, _, weight = item.partition("=")
            weights[word] = float(weight)
    return cues


def _facet_phrases() -> tuple[tuple[str, RouteFacet, float], ...]:
    phrases: list[tuple[str, RouteFacet, float]] = []
    for head, words in _headed("facet_phrases.txt"):
        facet, weight = head.split()
        phrases.append((" ".join(words), _facet(facet, "facet_phrases.txt"), float(weight)))
    return tuple(phrases)


@lru_cache(maxsize=1)
def english_ranks() -> dict[str, int]:
    """Word -> frequency rank (0 = most frequent) for the 30,000 most frequent English words."""
    ranks: dict[str, int] = {}
    for word in _lines("english_words.txt"):
        ranks.setdefault(word, len(ranks))
    return ranks


# --------------------------------------------------------------------------- data files

# Token -> canonical token, applied before stemming: slang, plurals the stemmer misses, and
# words members use for the same idea.
SYNONYMS: dict[str, str] = _canonical("synonyms.txt")
# Words that carry no topic on their own (English function words and chat filler).
STOPWORDS: frozenset[str] = _words("stopwords.txt")
# Facet cues: canonical token (after SYNONYMS, before stemming) -> weight, per facet.
FACET_CUES: dict[RouteFacet, dict[str, float]] = _facet_cues()
# Multi-word cues (phrase in the normalised text, facet, weight); the word "<credential>"
# in a phrase stands for any credential's name ("what does <credential> stand for").
FACET_PHRASES: tuple[tuple[str, RouteFacet, float], ...] = _facet_phrases()
# Short names members use for specialty areas -> a word of the credential's name.
SPECIALTY_AREA_SYNONYMS: dict[str, str] = _canonical("specialty_areas.txt")
# Subjects outside this knowledge base: with no credential named, a message about one of
# these is declined even if it shares words like "salary" or "CEUs" with coding topics.
FOREIGN_TERMS: frozenset[str] = _words("foreign_terms.txt")

# Topics that answer what one of a credential's facets answers (exam fees, pass rates, CEUs):
# with a credential named, that credential's fact answers the question instead. Every other
# topic (studying, retakes, online exams, first jobs...) is an activity around a credential
# and wins over a facet cue when it explains the rest of the question.
_FACET_TOPIC_LINES = _headed("facet_topics.txt")
FACET_TOPICS: dict[str, RouteFacet] = {
    topic: _facet(facet, "facet_topics.txt")
    for facet, topics in _FACET_TOPIC_LINES
    if facet != "card"
    for topic in topics
}
# Topics about credentials in general ("which one should I choose"): with a credential named,
# its own card answers instead ("what's the CCA, is it good for beginners").
CARD_TOPICS = frozenset(topic for head, topics in _FACET_TOPIC_LINES if head == "card" for topic in topics)

# --------------------------------------------------------------------------- rules

_LISTS = _named_lists("word_lists.txt")

# Everyday words that are nevertheless the point of a coding-certification question.
DOMAIN_EVERYDAY = frozenset(_LISTS["domain_everyday"])
# Words that place a message inside medical coding even with no credential named.
DOMAIN_ANCHORS = frozenset(_LISTS["domain_anchors"])
# Words too common in this domain to decide a topic on their own.
GENERIC_WORDS = tuple(_LISTS["generic_words"])
# Words that mean "compare these" (checked on the words as typed, before synonyms, so that
# "harder" is a comparison but "hard" is not).
COMPARE_CUES = frozenset(_LISTS["compare_cues"])
# Words that make the credential named right after them background, not the subject.
BACKGROUND_CUES = frozenset(_LISTS["background_cues"])
# Words that, next to a specialty's area ("cardiology coding cert"), mean its credential.
SPECIALTY_CONTEXT = frozenset(_LISTS["specialty_context"])
# Words every credential name shares, words of names that are no specialty area, and words
# of specialty names too common to name the specialty on their own.
NAME_GENERIC_WORDS = tuple(_LISTS["name_generic"])
NAME_FILLER = frozenset(_LISTS["name_filler"])
AREA_STOPWORDS = frozenset(_LISTS["area_stopwords"])
# Places outside the US: the credentials here are US ones, so a question about another
# country (or with one of these adjectives) is declined rather than answered with US facts.
COUNTRIES = frozenset(_LISTS["countries"])
COUNTRY_ADJECTIVES = frozenset(_LISTS["country_adjectives"])
# Words that, right after an unknown word, mean the member asks about a credential we don't
# have ("CDIP certification", "CMA exam").
CREDENTIAL_NOUNS = frozenset(_LISTS["credential_nouns"])
ORDINALS = frozenset(_LISTS["ordinals"])
RN_NURSE_BEFORE = frozenset(_LISTS["rn_nurse_before"])
RN_NURSE_AFTER = frozenset(_LISTS["rn_nurse_after"])
ACRONYM_COLLISIONS = frozenset(_LISTS["acronym_collisions"])
LETTER_REMOVAL = frozenset(_LISTS["letter_removal"])
NONCLINICAL_CONTEXT = frozenset(_LISTS["nonclinical_context"])
CODE_COMPOUNDS = frozenset(_LISTS["code_compounds"])
OTHER_EXAMS = frozenset(_LISTS["other_exams"])
CREDENTIAL_CUES = frozenset(_LISTS["credential_cues"])
JOB_TITLE_ENDINGS = frozenset(_LISTS["job_title_endings"])
STATUS_FOLLOWERS = frozenset(_LISTS["status_followers"])
# Word sequences after which the next word is negated ("a clinic job, not a hospital one").
NEGATORS: tuple[tuple[str, ...], ...] = tuple(
    tuple(pattern.split())
    for pattern in (
        "not a",
        "not an",
        "not the",
        "not in a",
        "not at a",
        "rather than",
        "rather than the",
        "rather than a",
        "instead of",
        "instead of the",
        "instead of a",
        "besides",
        "other than",
        "apart from",
        "aside from",
    )
)

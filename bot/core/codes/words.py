"""Words of code descriptions and of search queries, normalised the same way on both sides:
lower case, plurals folded ("fractures", "streptococci"), filler words dropped."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
# Words that carry no meaning for matching a description (they still count in phrases).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "nos",
        "code",
        "codes",
        "icd",
        "icd10",
        "cm",
        "what",
        "whats",
        "which",
        "diagnosis",
        "dx",
        "please",
        "me",
        "i",
        "my",
        # When it happened is context, not a diagnosis ("heart attack last week").
        "last",
        "ago",
        "yesterday",
        "today",
        "recently",
    ]
)
# Words that say "nothing more specific": a description made of the query's words and these
# is as much a whole-term match as one without them ("Pneumonia, unspecified organism").
UNSPECIFIC = frozenset(
    [
        "unspecified",
        "specified",
        "not",
        "site",
        "organism",
        "uncomplicated",
        "without",
        "complication",
        "type",
    ]
)
# Words that mark a variant rather than the condition itself: in the Alphabetic Index the plain
# term leads to the default code ("Fracture" -> traumatic, "Diabetes" -> not gestational), so
# an entry with one of these ranks a little lower unless the query says it too.
VARIANT_WORDS = frozenset(
    [
        "stress",
        "pathological",
        "periprosthetic",
        "neonatal",
        "newborn",
        "congenital",
        "conjoined",
        "maternal",
        "perinatal",
        "puerperal",
        "puerperium",
        "childbirth",
        "pregnancy",
        "gestational",
        "postprocedural",
        "secondary",
        "screening",
        "history",
        "family",
        "personal",
        # A poisoning or toxic effect whose intent is not stated is coded as accidental.
        "assault",
        "self",
        "undetermined",
    ]
)
# Words that choose a seventh character rather than a code.
EXTENSION_WORDS = frozenset({"initial", "subsequent", "sequela", "sequelae", "encounter", "visit"})
_KEEP_S = ("ss", "us", "is", "os", "as", "ys")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light plural fold: enough for "fractures"/"fracture", "infections", "streptococci"."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("cocci"):
        return word[:-1] + "us"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def fold(text: str) -> str:
    """Lower-case ASCII text (accents dropped, apostrophes joined: "Crohn's" -> "crohns")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("'", "")


def words(text: str) -> list[str]:
    """Every word of ``text``, folded, in order (stopwords kept)."""
    return _WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order: what the index stores and matches."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


_NONESSENTIAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def essential_terms(text: str) -> list[str]:
    """:func:`terms` without the nonessential modifiers (words in parentheses or brackets) and
    without the words that add nothing ("unspecified", "other"): how a whole-term match is
    judged. "Essential (primary) hypertension" -> ["essential", "hypertension"]."""
    return [t for t in terms(_NONESSENTIAL.sub(" ", text)) if t not in UNSPECIFIC]


def plainness(text: str, *, with_asked: bool = False) -> float:
    """1 for a description that says "nothing more" ("unspecified", "without complications",
    "uncomplicated"), -0.5 for one that adds a complication ("with …") the query did not ask
    for, else 0."""
    desc = f" {text.lower().replace(',', ' ')} "
    if " with " in desc and not with_asked:
        return -0.5
    plain = 1.0 if "unspecified" in desc or " nos " in desc else 0.0
    if "uncomplicated" in desc or "without complication" in desc:
        plain += 0.5
    return plain


_HYPHENATED = re.compile(r"\b([A-Za-z]+)-([A-Za-z]+)\b")


def joined_terms(text: str) -> list[str]:
    """Hyphenated words written as one ("Pre-eclampsia" -> "preeclampsia"): members type
    them both ways, so the index holds both."""
    return [stem(fold(a + b)) for a, b in _HYPHENATED.findall(text)]

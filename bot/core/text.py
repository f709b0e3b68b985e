"""Text helpers shared by the router, typed answers, loaders and renderers: THE normaliser
(and its variant for typed answers), tokens, stems, limits."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Typographic quotes and dashes as members' phones type them -> ASCII.
_TYPOGRAPHY = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}
# Routing also straightens the Unicode hyphen (typed answers never did: they compare dashes
# away), and must keep backticks so that code fences can be recognised and dropped.
_ROUTING_CHARS = str.maketrans({**_TYPOGRAPHY, "‐": "-"})
# In a typed answer a backtick is an apostrophe ("it`s b").
_ANSWER_CHARS = str.maketrans({**_TYPOGRAPHY, "`": "'"})
# Discord mentions and custom emoji carry no meaning for routing or answers; URLs and code
# fences none for routing either.
_DISCORD_MARKUP = r"<a?:\w+:\d+>|<[@#][!&]?\d+>"
_MARKUP = re.compile(_DISCORD_MARKUP)
_NOISE = re.compile(_DISCORD_MARKUP + r"|https?://\S+|```.*?```", re.S)
_DOTTED_ABBR = re.compile(r"\b(?:[a-z]\.){2,}[a-z]?\.?", re.I)
TOKEN = re.compile(r"[a-z0-9$%]+")  # a word of normalised text (tokens(); positions: finditer)
_SPACES = re.compile(r"\s+")

# The matcher reads at most this much of a message: questions are short, and a 6,000
# character paste must not cost more than a normal question.
MAX_MATCH_CHARS = 600


def normalise(text: str) -> str:
    """Lowercase ASCII-ish text with Discord noise removed and dotted abbreviations joined.

    This is the normaliser of questions and of everything they are compared with.
    """
    text = unicodedata.normalize("NFKC", text).translate(_ROUTING_CHARS)
    text = _NOISE.sub(" ", text)
    text = _DOTTED_ABBR.sub(lambda m: m.group(0).replace(".", ""), text)
    text = text.lower()
    # "cpc's" -> "cpc", "coders'" -> "coders"
    text = re.sub(r"'s\b|'\B", "", text)
    return text.replace("'", "")


def normalise_answer(text: str) -> str:
    """The variant of :func:`normalise` for a typed quiz answer: case-folded, spaces collapsed.

    It keeps what routing throws away, because answers are matched as written: apostrophes
    ("it's b"), dots inside codes ("E11.65") and everything that looks like a URL or code.
    """
    text = unicodedata.normalize("NFKC", text).translate(_ANSWER_CHARS).casefold()
    text = _MARKUP.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """Case-folded letters and digits only: "CCS-P", "ccs p" and "CCSP" compare equal."""
    folded = text.casefold()
    return re.sub(r"[^0-9a-z]", "", folded) if folded.isascii() else re.sub(r"[\W_]", "", folded)


def clip_for_matching(text: str) -> str:
    """Keep the start and the end of a long message: chatty posts ask at the end."""
    if len(text) <= MAX_MATCH_CHARS:
        return text
    head = MAX_MATCH_CHARS // 3
    return text[:head] + " … " + text[-(MAX_MATCH_CHARS - head) :]


def tokens(text: str) -> list[str]:
    """Tokens of already-normalised text; hyphens and slashes split words."""
    return TOKEN.findall(text)


_STEM_RULES: tuple[tuple[str, str], ...] = (
    ("ational", "ate"),
    ("ication", "ic"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", "ment"),
    ("ingly", ""),
    ("iness", "y"),
    ("ities", "ity"),
    ("ness", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", "er"),
    ("ed", ""),
    ("es", "e"),
    ("s", ""),
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to join 'coders'/'coder', 'studying'/'study'."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, replacement in _STEM_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            base = word[: -len(suffix)] + replacement
            # "studied" -> "study", "coded" -> "cod" -> keep "code"
            if suffix in ("ed", "ing", "ings") and base and base[-1] == base[-2:-1] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    return word


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary when possible."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(marker))]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + marker


_SENTENCE_END = re.compile(r"[.?!\n]+")


def sentences(text: str) -> list[str]:
    """A message's sentences, stripped, as a member ends them (".", "?", "!", a new line)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def first_sentences(text: str, limit: int) -> str:
    """As many whole sentences as fit in ``limit`` characters (at least a truncated first one)."""
    flat = " ".join(line.strip().lstrip("-• ").strip() for line in text.splitlines() if line.strip())
    parts = re.split(r"(?<=[.!?])\s+", flat)
    out = ""
    for part in parts:
        candidate = f"{out} {part}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    return out or truncate(flat, limit)


# Terminal escape sequences (CSI such as colours and cursor moves, OSC such as titles and
# hyperlinks, and two-character escapes), then every other control character but newline and tab.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?|\x9b[0-?]*[ -/]*[@-~]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Text safe to print on a terminal: escape sequences and control characters removed
    (newlines and tabs kept)."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))

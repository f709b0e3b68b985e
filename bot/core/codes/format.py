"""ICD-10-CM code syntax: reading what a member typed ("j45909", "J45.909", "s72.001a") as a
code, and saying what is wrong with it when it cannot be one.

The shape (ICD-10-CM Official Guidelines, section I.A and the tabular's conventions): a letter,
two characters (a digit, then a digit or letter: "C7A", "I1A"), then optionally a dot and one
to four more letters or digits, the seventh being an extension; ``X`` is the placeholder that
pads a code to six characters before a seventh character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A code inside a sentence: "J45.909", "j45909", "S72.001A". The third character is a digit
# or, in today's categories (C4A, C7B, D3A, I1A, I5A, J4A, M1A, O9A, Z3A), A or B: so that
# "t2dm" and "a1c" in a question are not taken for codes. (Typed as a code, any letter may
# stand third: see format_problem.)
CODE_IN_TEXT = re.compile(r"\b([A-Za-z]\d[0-9ABab](?:\.?[0-9A-Za-z]{1,4})?)\b")
_VITAMIN = re.compile(r"\b(?:vitamin|vit)\.? ?$", re.I)
_SHAPE = re.compile(r"^[A-Z]\d[0-9A-Z](?:[0-9A-Z]{1,4})?$")
_STRIP = re.compile(r"[\s.\-]")


@dataclass(frozen=True, slots=True)
class ParsedCode:
    """A code as the tabular writes it (``J45.909``) and without its dot (``J45909``)."""

    dotted: str
    bare: str

    @property
    def category(self) -> str:
        return self.bare[:3]

    @property
    def seventh(self) -> str | None:
        """The seventh character (an extension), if the code has seven characters."""
        return self.bare[6] if len(self.bare) == 7 else None


def add_dot(bare: str) -> str:
    """``J45909`` -> ``J45.909``; a category (three characters) has no dot."""
    return bare if len(bare) <= 3 else f"{bare[:3]}.{bare[3:]}"


def bare_code(text: str) -> str:
    """Upper case without dots, dashes or spaces: the key every code is stored under."""
    return _STRIP.sub("", text).upper()


def format_problem(text: str) -> str | None:
    """Why ``text`` cannot be an ICD-10-CM code (one sentence), or None when its shape is right."""
    raw = text.strip()
    bare = bare_code(raw)
    if not bare:
        return "That is empty: a code looks like J45.909 (a letter, two characters, a dot, up to four more)."
    checks = (
        (
            not bare.isascii() or not bare.isalnum(),
            "has characters a code never has: only letters, digits and one dot",
        ),
        (
            not bare[0].isalpha(),
            "starts with a digit: ICD-10-CM codes start with a letter (CPT codes are five digits)",
        ),
        (
            "." in raw and raw.index(".") != 3,
            "has its dot in the wrong place: the dot follows the third character (J45.909)",
        ),
        (len(bare) < 3, "is too short: a code has at least three characters (a category such as J45)"),
        (len(bare) > 7, "is too long: a code has at most seven characters (S72.001A)"),
        (
            not bare[1:2].isdigit(),
            "has a letter second: the second character of a code is always a digit (J45)",
        ),
        (not _SHAPE.match(bare), "does not have the shape of an ICD-10-CM code (e.g. J45.909)"),
    )
    for failed, why in checks:
        if failed:
            return f"{raw[:20]!r} {why}."
    return None


def parse_code(text: str) -> ParsedCode | None:
    """The code ``text`` spells, in any case and with or without its dot; None if it cannot be one."""
    if format_problem(text) is not None:
        return None
    bare = bare_code(text)
    return ParsedCode(add_dot(bare), bare)


def codes_in(text: str) -> list[str]:
    """Every code-shaped word in a sentence, dotted (``what does j45909 mean`` -> ``J45.909``).

    A word needs a digit in second place and is not an English word: "a12" qualifies, "hi" not.
    """
    found: list[str] = []
    for match in CODE_IN_TEXT.finditer(text):
        if _VITAMIN.search(text[: match.start()]):
            continue  # "vitamin B12 deficiency" names a vitamin, not category B12
        parsed = parse_code(match.group(1))
        if parsed and parsed.dotted not in found:
            found.append(parsed.dotted)
    return found


def placeholder_form(bare: str, seventh: str) -> str:
    """A six-character base padded with the placeholder ``X``, then the seventh character:
    ``T38.3`` + ``A`` -> ``T38.3X``… -> ``T383XXA`` (bare, no dot)."""
    return bare.ljust(6, "X") + seventh

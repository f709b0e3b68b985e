"""Questions the router declines whatever the topic scores say, because their subject is
elsewhere: another country, another field's exam, a credential's letters meaning something else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

from bot.core.text import normalise, sentences, tokens

from .analysis import Analysis
from .routes import Route, RouteKind
from .vocabulary import (
    ACRONYM_COLLISIONS,
    COUNTRIES,
    COUNTRY_ADJECTIVES,
    CREDENTIAL_NOUNS,
    DOMAIN_ANCHORS,
    FOREIGN_TERMS,
    ORDINALS,
    OTHER_EXAMS,
    english_ranks,
)

_OTHER_FIELDS = FOREIGN_TERMS | OTHER_EXAMS  # words naming another field's exam before "exam"
_LINKING = frozenset({"of", "in", "and", "for", "the", "a", "an", "on"})  # not in an acronym
# The first word of a spelled-out credential name ("certified" reads as "certification").
_CREDENTIAL_OPENERS = frozenset({"certification", "certificate", "registered", "chartered", "credentialed"})


def place_asked_about(words: list[str]) -> str | None:
    """A country the question is about ("recognized in Australia"), not where the member is
    from ("I am from the Philippines, what are the CPC requirements?")."""
    for i, word in enumerate(words):
        if word not in COUNTRIES:
            continue
        before = [w for w in words[max(0, i - 2) : i] if w != "the"]
        if word in COUNTRY_ADJECTIVES or i == 0 or (before and before[-1] in ("in", "for", "to")):
            return word
    return None


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in _LINKING)


def _ours(spelled: list[str], names: Iterable[tuple[str, ...]]) -> bool:
    """``spelled`` is one of our credentials' names, give or take endings ("coding" for "coder")."""
    content = [w[:3] for w in spelled if w not in _LINKING]
    return any(content == [w[:3] for w in name if w not in _LINKING] for name in names)


def spelled_as_another(analysis: Analysis, names: Iterable[tuple[str, ...]]) -> str | None:
    """Our letters spelled out as another credential's name ("the CRC certified rehabilitation
    counselor exam", "CIC, certification in infection control"): the spelled name, else None.
    ``names``: our credentials' names in canonical words; a name of ours typed in full is read as
    ours before this (``Analysis.named_as``), so only another body's expansion gets here."""
    words = analysis.words
    for named in analysis.named_as:
        letters = named.replace(" ", "")
        if " " in named or len(letters) < 3 or named not in words:
            continue
        at = words.index(named)
        # The words after the letters ("CRC certified rehabilitation counselor"), then those
        # before them, read outwards ("certified rehabilitation counselor (CRC)").
        for run, reverse in ((words[at + 1 :], False), (words[:at][::-1], True)):
            spelled = _spelled_run(run, letters, reverse=reverse)
            if spelled and not _ours(spelled, names):
                return " ".join(spelled)
    return None


def _spelled_run(run: list[str], letters: str, *, reverse: bool) -> list[str] | None:
    """The words next to an acronym whose initials spell it, opening with a credential word
    (``run`` read outwards from the acronym; ``reverse``: it runs backwards through the message)."""
    taken: list[str] = []
    for word in run:
        taken.append(word)
        if len(_initials(taken)) == len(letters):
            break
    spelled = taken[::-1] if reverse else taken
    if _initials(spelled) == letters and spelled[0] in _CREDENTIAL_OPENERS:
        return spelled
    # Small words spelled too: "chain of custody (COC)" before the letters, or "COC certificate
    # of compliance" opening with a credential word after them.
    exact = run[: len(letters)][::-1] if reverse else run[: len(letters)]
    small = any(w in _LINKING for w in exact)
    if small and "".join(w[0] for w in exact) == letters and (reverse or exact[0] in _CREDENTIAL_OPENERS):
        return exact
    return None


def another_field(analysis: Analysis, names: Iterable[tuple[str, ...]] = ()) -> Route | None:
    """A question whose subject is another field although it looks like ours: a credential's
    letters beside another field's words ("lower my CPC on google ads", "CRC checksum") or
    spelled out as another credential's name, or another field's exam ("is the CPA exam harder
    than the CPC")."""
    words = set(analysis.words)
    collision = words & ACRONYM_COLLISIONS
    bare = all(len(name.split()) == 1 for name in analysis.named_as)  # only letters: "CPC", "CRC"
    if collision and analysis.credentials and bare and not words & DOMAIN_ANCHORS:
        return Route(RouteKind.NONE, reason=f"outside coding: {sorted(collision)[0]}")
    spelled = spelled_as_another(analysis, names)
    if spelled:
        return Route(RouteKind.NONE, reason=f"another credential: {spelled}")
    pairs = pairwise(analysis.words)
    exam = next((w for w, after in pairs if w in _OTHER_FIELDS and after in CREDENTIAL_NOUNS), None)
    if not exam and not analysis.credentials and not words & DOMAIN_ANCHORS:
        # Another field's exam named by its name alone ("USMLE step 1 study schedule"), none of
        # ours: theirs, unless the name is also an everyday word ("sat"), which needs "exam".
        exam = min((w for w in words & OTHER_EXAMS if w not in english_ranks()), default=None)
    return Route(RouteKind.NONE, reason=f"outside coding: {exam}") if exam else None


def unknown_credential(words: list[str], ours: Callable[[str], bool]) -> str | None:
    """A word we never use right before "certification"/"exam" ("series 7 exam", "ASE mechanic
    certification", "CHPS exam"): a credential we don't cover. ``ours``: the words the router
    reads (the knowledge base's, and those describing one of our credentials: "analytics"); an
    ordinal says which credential, not whose ("a third credential")."""
    for i, after in enumerate(words[1:], start=1):
        if after not in CREDENTIAL_NOUNS:
            continue
        j = i - 1
        if words[j].isdigit() and j > 0:  # "series 7 exam"
            j -= 1
        word = words[j]
        if len(word) >= 2 and word.isalpha() and word not in ORDINALS and not ours(word):
            return word
    return None


def asked_elsewhere(question: str, analysis: Analysis) -> Route | None:
    """A long message whose last sentence, the one asked, is about another field's exam while
    ours is named only earlier ("my cousin does the NCLEX and I do the CPC… how long is the
    NCLEX anyway")."""
    if not analysis.credentials or not set(analysis.words) & OTHER_EXAMS:
        return None  # no credential of ours (the topic route's other-field decline applies), or no other exam
    said = sentences(normalise(question))
    if len(said) < 2:
        return None
    last = tokens(said[-1])
    other = set(last) & OTHER_EXAMS
    ours = any(name in " ".join(last) for name in analysis.named_as)
    return Route(RouteKind.NONE, reason=f"outside coding: {sorted(other)[0]}") if other and not ours else None

"""Which of several named credentials a facet is asked about.

"crc eligibility - do i need a cpc first?" asks the CRC's eligibility; "how do i renew the cca,
same as ccs?" the CCA's renewal; "been a cic for a while. what are the eligibility reqs for the
ccs" the CCS's. "CEUs for the CPC and the CRC" asks about both. A message is cut into clauses at
its punctuation (never inside "CPC-A"); a facet's subject is the one credential named in the
last clause that asks about that facet, unless that clause compares or points back ("is it harder
than the CPC" speaks of the earlier credential as "it").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .analysis import CREDENTIAL_MARK, Analysis
from .intents import FACET_DECIDES, FACET_MINIMUM
from .routes import RouteFacet
from .scoring import facet_of, facet_scores
from .vocabulary import COMPARE_CUES

# Sentence ends, commas, brackets, and a dash with a space beside it ("crc eligibility - do i").
_CLAUSE_BREAK = re.compile(r"[,;:?!.()\n]+|\s[-–—]+\s*|[-–—]+\s")


def clauses(text: str) -> list[str]:
    """The clauses of a message, in order."""
    return [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()]


def segments(parts: Sequence[tuple[str, bool]]) -> list[str]:
    """Clauses joined into runs: a clause naming no credential joins the run before it, if that
    names one ("How is the CRC exam set up, same number of questions?" is one run; ``parts``:
    each clause and whether it names a credential)."""
    out: list[str] = []
    opened = False  # the last run opens with a credential
    for text, names in parts:
        if opened and not names:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
            opened = names
    return out


def focused(parts: Sequence[Analysis]) -> dict[RouteFacet, str]:
    """Facet -> the credential it is asked about: the one named in the last run of clauses that
    asks about the facet and names credentials, if it names one, compares nothing and refers to
    no credential named before (``parts``: the runs, analysed)."""
    out: dict[RouteFacet, str] = {}
    asking: dict[RouteFacet, Analysis] = {}
    for part in parts:
        if not part.credentials:
            continue
        for facet, strength in facet_scores(part).items():
            if strength >= FACET_MINIMUM:
                asking[facet] = part
    for facet, part in asking.items():
        if len(set(part.credentials)) == 1 and not part.raw & COMPARE_CUES and not _points_back(part):
            out[facet] = part.credentials[0]
    return out


def _points_back(part: Analysis) -> bool:
    """A word pointing back to a credential named before comes ahead of the clause's own
    ("COC holders - what do they do that a CPC doesn't?" asks what COC holders do)."""
    words = part.masked.split()
    own = words.index(CREDENTIAL_MARK) if CREDENTIAL_MARK in words else len(words)
    return bool(_REFERRING & set(words[:own]))


_REFERRING = frozenset(["it", "its", "they", "them", "their"])
_POINTING = _REFERRING | {"that", "this", "those", "these"}


def stands_alone(sentence: Analysis) -> bool:
    """A sentence with no word pointing back to what the message said before ("is coding
    realistic for that" leans on the sentence before it)."""
    return not _POINTING & set(sentence.words)


def asked_facet(asked: Analysis) -> tuple[str, RouteFacet, float] | None:
    """The credential and facet a message's asked sentence (``asked``, analysed) asks about on
    its own, when it names one credential, compares nothing and asks that facet clearly
    ("trying to build a study plan. what subject areas does the cpc exam pull from?" asks about
    the CPC's exam; the study plan is why)."""
    if len(set(asked.credentials)) != 1 or asked.raw & COMPARE_CUES:
        return None
    facet, strength = facet_of(asked)
    return (asked.credentials[0], facet, strength) if facet and strength >= FACET_DECIDES else None

"""The credential a message describes without naming it: "does AHIMA have anything for health
data analytics" (the CHDA), "is there a cert just for E/M coding" (the CEMC), "someone to own
compliance" (the CPCO).

A credential's full name and aliases say what it covers. Each of their words weighs by how few
credentials use it (inverse document frequency over all credentials), and a message's words are
compared on their first letters, so that "analytics" meets "Analyst", "cardio" meets
"Cardiovascular" and "tech" meets "Technician". The credential whose words the message uses
most is the one described, when it clearly leads the next one. Where the message names AAPC or
AHIMA, only that body's credentials are candidates.

This is a reading, not a rule: the arbiter uses it only where the intent model is confident that
a credential is meant (``Thresholds.described``), because most messages that share a word with a
credential's name ("medical", "risk", "data") ask about something else.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable

from bot.core.knowledge.model import Credential
from bot.core.text import stem

from .analysis import Analysis
from .vocabulary import NAME_FILLER, SPECIALTY_CONTEXT

PREFIX = 5  # letters compared: "analytics"/"analyst", "audit"/"auditor", "cardio"/"cardiology"
MIN_WEIGHT = 3.0  # about one word used by a single credential ("rheumatology", "auditing")
LEAD = 1.5  # how many times the next credential's weight the described one's must be

# Words every credential's name shares, which say nothing about which one is meant.
_FILLER = NAME_FILLER | SPECIALTY_CONTEXT | {"certified", "registered", "certificate", "credential"}


def description_keys(words: Iterable[str]) -> set[str]:
    """The words compared, as keys: a run of single letters is one word ("e m" -> "em", as in
    "E/M"), each word stemmed and cut to its first letters."""
    joined: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if len(run) > 1:
            joined.append(run)
        run = ""
        if word:
            joined.append(word)
    return {stem(w)[:PREFIX] for w in joined if w not in _FILLER and len(w) > 1}


def _meets(key: str, word: str) -> bool:
    """A name's key and a message's: equal, or one begins the other where both have at least
    four letters ("tech" and "techn[ician]")."""
    if key == word:
        return True
    short = min(len(key), len(word))
    return short >= 4 and key[:short] == word[:short]


class Descriptions:
    """What each credential's name and aliases say it covers, weighed for telling them apart."""

    def __init__(self, credentials: Iterable[Credential], canonical: Callable[[str], list[str]]) -> None:
        self._keys: dict[str, set[str]] = {}
        self._bodies: dict[str, str] = {}
        for cred in credentials:
            self._bodies[cred.id] = cred.body.lower()
            abbr = "".join(canonical(cred.abbr))
            not_described = {abbr, cred.body.lower()}  # (the body is a filter, not a description)
            names = [w for form in (cred.name, *cred.aliases) for w in canonical(form)]
            words = [w for w in names if w not in not_described]
            self._keys[cred.id] = description_keys(words)
        owners: dict[str, list[str]] = defaultdict(list)
        for cred_id, keys in self._keys.items():
            for key in keys:
                owners[key].append(cred_id)
        self._owners = dict(owners)
        self._weight = {key: math.log(len(self._keys) / len(ids)) for key, ids in owners.items()}
        self._by_start: dict[str, list[str]] = defaultdict(list)  # first four letters -> keys
        for key in owners:
            self._by_start[key[:4]].append(key)

    def credential(self, analysis: Analysis) -> str | None:
        """The one credential a message's words describe, if one clearly leads; else None. Where
        they name a body ("does AHIMA have…"), only its credentials."""
        bodies = analysis.bodies
        weights: dict[str, float] = defaultdict(float)
        for word in description_keys(analysis.words):
            met: dict[str, float] = {}  # each credential's rarest name word this word meets
            for key in self._candidates(word):
                if _meets(key, word):
                    for cred_id in self._owners[key]:
                        met[cred_id] = max(met.get(cred_id, 0.0), self._weight[key])
            for cred_id, weight in met.items():
                if not bodies or self._bodies[cred_id] in bodies:
                    weights[cred_id] += weight
        ranked = sorted(((weight, cred_id) for cred_id, weight in weights.items()), reverse=True)
        if not ranked:
            return None
        best, cred_id = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        return cred_id if best >= MIN_WEIGHT and best >= LEAD * second else None

    def _candidates(self, word: str) -> list[str]:
        """The name keys that may meet ``word``: those sharing its first four letters."""
        if len(word) >= 4:
            return self._by_start.get(word[:4], [])
        return [word] if word in self._owners else []

    def covers(self, word: str) -> bool:
        """Whether ``word`` describes what some credential covers ("analytics": the CHDA's)."""
        return any(_meets(key, k) for k in description_keys([word]) for key in self._candidates(k))

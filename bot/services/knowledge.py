"""Knowledge answers for both adapters: /ask, /compare, /cert, /certs, /path.

The service finds what was asked for and returns it as result types; the adapters turn the
results into cards with :mod:`bot.cards.knowledge` (which needs :attr:`KnowledgeService.kb`
for citations).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.knowledge.model import Credential, KnowledgeBase, Topic
from ..core.router.clinical import ClinicalSignal
from ..core.router.intent_model import shipped_model
from ..core.router.matcher import Matcher
from ..core.router.routes import Route, RouteKind

# /path choices -> topic ids in the knowledge base.
PATHS: dict[str, str] = {
    "outpatient": "path-outpatient",
    "inpatient": "path-inpatient",
    "payer": "path-payer",
    "risk-adjustment": "path-risk-adjustment",
}

MAX_QUESTION_CHARS = 4000


@dataclass(frozen=True)
class AskResult:
    """A routed question: what the router matched (or the decline with suggestions)."""

    question: str
    route: Route


@dataclass(frozen=True)
class UnknownName:
    """A name that matches no credential: close suggestions, else the credentials known."""

    name: str
    suggestions: tuple[Credential, ...]
    known: tuple[Credential, ...] = ()


@dataclass(frozen=True)
class Comparison:
    first: Credential
    second: Credential


@dataclass(frozen=True)
class UnknownSetting:
    """A /path setting that is not one of :data:`PATHS`."""

    setting: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    """Every credential: the core ones, the AAPC specialty ones, then the neighbouring ones
    (billing, auditing, CDI, HIM) that have short entries but are not ours."""

    core: tuple[Credential, ...]
    specialties: tuple[Credential, ...]
    neighbours: tuple[Credential, ...] = ()


class KnowledgeService:
    def __init__(self, kb: KnowledgeBase, clinical: ClinicalSignal | None = None) -> None:
        self.kb = kb
        # ``clinical``: the code tools' evidence that words are clinical (bare terms and code
        # requests go to code search); without it only explicit code questions do.
        # The learned intent model reviews the lexical route (bot/core/router/arbiter.py).
        self.matcher = Matcher(kb, clinical, shipped_model())

    def ask(self, question: str) -> AskResult:
        question = question[:MAX_QUESTION_CHARS]
        return AskResult(question, self.matcher.route(question))

    def related_topic(self, *texts: str) -> tuple[str, str] | None:
        """(id, title) of the first topic entry one of ``texts`` routes to confidently, if any
        (spaced review names it beside a leech's guideline)."""
        for text in texts:
            route = self.matcher.route(text[:MAX_QUESTION_CHARS])
            if route.kind is RouteKind.TOPIC and route.entry_ids:
                return route.entry_ids[0], self.kb.title_of(route.entry_ids[0])
        return None

    def find_credential(self, name: str) -> Credential | None:
        """The credential ``name`` names (abbreviation, name or alias), if any."""
        return self.matcher.find_credential(name)

    def cert(self, name: str) -> Credential | UnknownName:
        cred = self.matcher.find_credential(name)
        if cred is None:
            return UnknownName(
                name.strip(),
                tuple(self.matcher.credential_suggestions(name)),
                tuple(self.kb.core_credentials()),
            )
        return cred

    def compare(self, first: str, second: str) -> Comparison | UnknownName:
        a = self.cert(first)
        if isinstance(a, UnknownName):
            return a
        b = self.cert(second)
        if isinstance(b, UnknownName):
            return b
        return Comparison(a, b)

    def certs(self) -> Overview:
        kb = self.kb
        return Overview(
            tuple(kb.core_credentials()), tuple(kb.specialty_credentials()), tuple(kb.neighbour_credentials())
        )

    def path(self, setting: str) -> Topic | UnknownSetting:
        key = setting.strip().lower().replace(" ", "-")
        topic_id = PATHS.get(key)
        if topic_id is None or topic_id not in self.kb.topics:
            return UnknownSetting(setting, tuple(PATHS))
        return self.kb.topics[topic_id]

    def autocomplete(self, current: str) -> list[tuple[str, str]]:
        """(label, value) pairs for credential options; labels fit Discord's 100 characters."""
        return [(f"{c.abbr}: {c.name}"[:100], c.abbr) for c in self.matcher.autocomplete(current)]

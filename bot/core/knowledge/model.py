"""The knowledge base's records: sources, credentials with their facts, topics.

Built by :mod:`bot.core.knowledge.loader` from ``knowledge/**/*.yaml``; immutable once loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

# What a credential's facts are about: a fixed set, in the order a credential card shows them.
Facet = Literal[
    "settings",
    "duties",
    "exam",
    "eligibility",
    "cost",
    "salary",
    "difficulty",
    "recertification",
]
FACETS: tuple[Facet, ...] = get_args(Facet)

FACET_TITLES: dict[str, str] = {
    "settings": "Where holders work",
    "duties": "What they do",
    "exam": "The exam",
    "eligibility": "Eligibility",
    "cost": "Fees and dues",
    "salary": "Salary",
    "difficulty": "Difficulty and pass rates",
    "recertification": "Keeping it (recertification)",
}

# The certifying bodies a credential (or an update to confirm) can name.
BODIES: dict[str, str] = {
    "AAPC": "AAPC (American Academy of Professional Coders)",
    "AHIMA": "AHIMA (American Health Information Management Association)",
    "ACDIS": "ACDIS (Association of Clinical Documentation Integrity Specialists)",
}

# The group a credential belongs to: "core" and "specialty" are the ones this bot
# prepares members for (exam lists, /certs, comparisons); "neighbour" ones (billing, auditing,
# CDI, HIM) are short entries members meet next to ours, answered but never listed as ours.
CredentialGroup = Literal["core", "specialty", "neighbour"]
GROUPS: tuple[CredentialGroup, ...] = get_args(CredentialGroup)


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    date: str
    url: str | None = None
    publisher: str | None = None

    def cite(self) -> str:
        """``Title (date)``: how a source is named under an answer."""
        return f"{self.title} ({self.date})"


@dataclass(frozen=True, slots=True)
class Update:
    """A fact that changed since the guide was written."""

    current: str
    sources: tuple[str, ...]
    as_of: str
    confirm: str  # "AAPC" or "AHIMA"


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    sources: tuple[str, ...]
    update: Update | None = None

    def source_ids(self) -> tuple[str, ...]:
        extra = self.update.sources if self.update else ()
        return tuple(dict.fromkeys(self.sources + extra))


@dataclass(frozen=True, slots=True)
class Credential:
    id: str
    abbr: str
    name: str
    body: str
    group: CredentialGroup
    aliases: tuple[str, ...]
    summary: str
    facts: dict[str, Fact]  # keyed by Facet (the loader allows no other key)
    related: tuple[str, ...]
    sources: tuple[str, ...]
    file: str
    # Members' own phrasings of questions about it (optional): router training material.
    questions: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.abbr}: {self.name}"

    @property
    def specialty(self) -> bool:
        return self.group == "specialty"


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    keywords: tuple[str, ...]
    questions: tuple[str, ...]
    text: str
    sections: tuple[Section, ...]
    update: Update | None
    related: tuple[str, ...]
    sources: tuple[str, ...]
    file: str


Entry = Credential | Topic


@dataclass
class KnowledgeBase:
    sources: dict[str, Source] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry | None:
        return self.credentials.get(entry_id) or self.topics.get(entry_id)

    def title_of(self, entry_id: str) -> str:
        entry = self.entry(entry_id)
        return entry.title if entry else entry_id

    def core_credentials(self) -> list[Credential]:
        return self.credentials_in("core")

    def specialty_credentials(self) -> list[Credential]:
        return self.credentials_in("specialty")

    def neighbour_credentials(self) -> list[Credential]:
        """Credentials next to ours (CPB, RHIT, CCDS...): answered, never listed as ours."""
        return self.credentials_in("neighbour")

    def credentials_in(self, group: CredentialGroup) -> list[Credential]:
        return [c for c in self.credentials.values() if c.group == group]

    def cite(self, source_ids: Iterable[str]) -> list[Source]:
        return [self.sources[s] for s in dict.fromkeys(source_ids) if s in self.sources]

"""What the router decides for a question: a :class:`Route`, with suggestions when it declines."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.core.codes.questions import CodeQuestion
from bot.core.knowledge.model import FACETS, Facet

# What a fact route asks about a credential: one of its facts, or its name ("what does CCS
# stand for", "who offers the CRC"), which the credential's own record answers.
NAME_FACET: Literal["name"] = "name"
RouteFacet = Facet | Literal["name"]
ROUTE_FACETS: tuple[RouteFacet, ...] = (NAME_FACET, *FACETS)


class RouteKind(StrEnum):
    """The kinds of answer. A StrEnum, so a kind prints and serialises as its plain name."""

    COMPARE = "compare"  # two credentials are named ("cpc vs ccs", "which is harder, cic or ccs")
    FACT = "fact"  # one credential and one thing about it ("how much do CCS coders earn")
    CREDENTIAL = "credential"  # one credential and nothing more specific ("what is the CRC")
    TOPIC = "topic"  # a topic entry (study tips, exam day, education paths...)
    CODE = "code"  # an ICD-10-CM question for the code tools ("what does J45.909 mean")
    # Nothing confident. A wrong confident answer is worse than no answer, so the router
    # declines and offers up to three "did you mean" suggestions instead.
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Route:
    kind: RouteKind
    entry_ids: tuple[str, ...] = ()
    facet: RouteFacet | None = None
    score: int = 0
    suggestions: tuple[Suggestion, ...] = ()
    reason: str = ""  # why it declined, for logs and tests
    code: CodeQuestion | None = None  # what a CODE route asks the code tools

    @property
    def matched(self) -> bool:
        return self.kind != RouteKind.NONE

    @property
    def topic_id(self) -> str | None:
        """The single entry id a route points at (``compare`` gives ``compare:a,b``)."""
        if self.kind == RouteKind.COMPARE:
            return "compare:" + ",".join(sorted(self.entry_ids))
        if self.kind == RouteKind.CODE:
            return "code"
        return self.entry_ids[0] if self.entry_ids else None

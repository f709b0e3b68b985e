"""Judging the router against labelled question sets (``tests/data/*.yaml``).

Each item is a mapping: ``q`` (the question), ``expect`` (an entry id, ``compare:a,b``, or
null for a question that must be declined), optional ``also`` (other acceptable ids),
optional ``facet``, optional ``group`` (``guide``, ``beyond`` or ``off-topic``: which part
of the knowledge base the question tests; older sets have none) and optional ``fact`` (a
pattern the answer's text must contain: measured by the card tests, ignored here).

A question counts as correct when the route's entry equals ``expect`` or one of ``also``;
when ``facet`` is given, a ``fact`` route for the expected entry must have that facet (a
full credential card for the right credential also counts, since it contains the fact).
A comparison of two credentials also counts when the expected entry is one of the two (the
comparison holds each one's whole card) or the topic comparing exactly those two
(``cpc-vs-ccs`` for CPC vs CCS): the blind sets label "CPC or CCS?" either way.
Off-topic questions are correct when declined. A *wrong confident answer* is a question
answered with an entry that is not a right one (a decline is never one).

Shared by the accuracy tests and ``benchmarks/eval_router.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .matcher import Matcher
from .routes import Route, RouteKind

LabelledQuestion = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    question: str
    expect: str | None
    got: str | None
    facet_expected: str | None
    facet_got: str | None
    correct: bool
    group: str | None = None  # the item's ``group``, if the set has groups
    answered: bool = False  # the router answered (did not decline)

    @property
    def wrong_confident(self) -> bool:
        return self.answered and not self.correct


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    accuracy: float
    on_topic: int
    answered_correctly: float  # share of the on-topic questions
    off_topic: int
    declined: float  # share of the off-topic questions
    wrong_confident: float  # answered with a wrong entry, share of all questions
    groups: dict[str, tuple[int, float]]  # group -> (questions, share right), for grouped sets


def is_router_set(items: object) -> bool:
    """A list of labelled questions: each a mapping with ``q`` and an ``expect`` that is an
    entry id or null (the code tools' sets label codes and intents instead)."""
    return isinstance(items, list) and all(
        isinstance(item, Mapping)
        and "q" in item
        and "intent" not in item
        and (item.get("expect") is None or isinstance(item.get("expect"), str))
        for item in items
    )


def judge(item: LabelledQuestion, route: Route) -> bool:
    """Whether ``route`` is a correct answer to the labelled question ``item``."""
    expect = item.get("expect")
    if expect is None:
        return not route.matched
    if not route.matched:
        return False
    got = route.topic_id
    accepted = {expect, *(item.get("also") or [])} - {None}
    if route.kind == RouteKind.COMPARE and got not in accepted:
        return _comparison_answers(set(route.entry_ids), accepted)
    if got not in accepted:
        return False
    facet = item.get("facet")
    if facet and got == expect and route.kind == RouteKind.FACT:
        return bool(route.facet == facet)
    return True


def _comparison_answers(pair: set[str], accepted: set[str]) -> bool:
    """A comparison answers a question about either credential, or the topic comparing them."""
    return bool(pair & accepted) or any(set(entry.split("-vs-")) == pair for entry in accepted)


def evaluate(matcher: Matcher, items: list[LabelledQuestion]) -> list[Outcome]:
    out: list[Outcome] = []
    for item in items:
        route = matcher.route(item["q"])
        got = route.topic_id if route.matched else None
        out.append(
            Outcome(
                item["q"],
                item.get("expect"),
                got,
                item.get("facet"),
                route.facet,
                judge(item, route),
                group=item.get("group"),
                answered=route.matched,
            )
        )
    return out


def summarise(outcomes: list[Outcome]) -> Summary:
    on = [o for o in outcomes if o.expect is not None]
    off = [o for o in outcomes if o.expect is None]
    return Summary(
        total=len(outcomes),
        accuracy=sum(o.correct for o in outcomes) / max(1, len(outcomes)),
        on_topic=len(on),
        answered_correctly=sum(o.correct for o in on) / max(1, len(on)),
        off_topic=len(off),
        declined=sum(o.correct for o in off) / max(1, len(off)),
        wrong_confident=sum(o.wrong_confident for o in outcomes) / max(1, len(outcomes)),
        groups=_groups(outcomes),
    )


def _groups(outcomes: list[Outcome]) -> dict[str, tuple[int, float]]:
    by_group: dict[str, list[bool]] = {}
    for o in outcomes:
        if o.group:
            by_group.setdefault(o.group, []).append(o.correct)
    return {g: (len(marks), sum(marks) / len(marks)) for g, marks in by_group.items()}

"""Judging how the router sends free-form messages to the code tools (``tests/data/code_routing_*.yaml``).

Each item is a mapping: ``q`` (the message), ``intent`` (one of :data:`INTENTS`), ``codes`` (for
look-ups the codes as typed, for searches the acceptable answers) and, for knowledge, an
optional ``expect`` entry id. Other common spellings are read too (``question``/``message``,
``expected``/``expect`` for the codes, ``lookup``/``search``/``off-topic``… for the intents).
A search counts as routed when the route is a code search, and as found when one of ``codes``
is in the first five results of the search it asks for (the caller's ``search`` callable, so
this stays pure).

Shared by the tests and ``benchmarks/eval_code_routing.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.codes.format import bare_code
from bot.core.codes.questions import CodeIntent

from .routes import Route, RouteKind

INTENTS = ("code_lookup", "code_billable", "code_search", "knowledge", "decline_chart", "off_topic")
TOP = 5  # a search is answered when an expected code is among this many results

Search = Callable[[str], Sequence[str]]  # terms -> result codes, best first


@dataclass(frozen=True, slots=True)
class CodeOutcome:
    question: str
    intent: str
    got: str  # the route as one short string: "code search: asthma", "topic code-sets", "none (…)"
    routed: bool  # the right kind of route (for look-ups, with the codes as typed)
    found: bool | None = None  # searches only: an expected code in the top five


def describe(route: Route) -> str:
    if route.code is not None:
        what = route.code.terms or ", ".join(route.code.codes)
        return f"code {route.code.intent}: {what}"
    if not route.matched:
        return f"none ({route.reason})"
    return f"{route.kind} {route.topic_id}"


# Other spellings a labelled file may use for the same fields and intents.
_QUESTION_KEYS = ("q", "question", "message", "text")
_CODE_KEYS = ("codes", "expect_codes", "expected_codes", "expected", "expect")
_INTENT_ALIASES = {
    "lookup": "code_lookup",
    "code-lookup": "code_lookup",
    "billable": "code_billable",
    "code-billable": "code_billable",
    "search": "code_search",
    "code-search": "code_search",
    "decline": "decline_chart",
    "chart": "decline_chart",
    "decline-chart": "decline_chart",
    "case": "decline_chart",
    "off-topic": "off_topic",
    "offtopic": "off_topic",
    "knowledge_question": "knowledge",
}


def normalised(item: Mapping[str, Any]) -> dict[str, Any]:
    """``item`` with the field names and intent spellings this module reads (``q``, ``intent``,
    ``codes`` as a list, ``expect`` for a knowledge entry), whatever the file called them."""
    out = dict(item)
    out["q"] = next((str(item[k]) for k in _QUESTION_KEYS if item.get(k) is not None), "")
    intent = str(item.get("intent") or item.get("label") or "").strip().lower()
    out["intent"] = _INTENT_ALIASES.get(intent, intent.replace("-", "_"))
    if out["intent"] == "knowledge":
        codes: Any = item.get("codes") or ()
    else:
        codes = next((item[k] for k in _CODE_KEYS if item.get(k)), ())
        out["expect"] = None
    out["codes"] = [codes] if isinstance(codes, str) else [str(c) for c in codes]
    return out


def _same_codes(wanted: Sequence[str], got: Sequence[str]) -> bool:
    return {bare_code(c) for c in wanted} <= {bare_code(c) for c in got}


def _routed(item: Mapping[str, Any], route: Route) -> bool:
    intent = item["intent"]
    code = route.code
    wanted = [str(c) for c in item.get("codes") or ()]
    if intent in ("code_lookup", "code_billable"):
        kinds = (
            (CodeIntent.BILLABLE,) if intent == "code_billable" else (CodeIntent.LOOKUP, CodeIntent.BILLABLE)
        )
        return code is not None and code.intent in kinds and _same_codes(wanted, code.codes)
    if intent == "code_search":
        return code is not None and code.intent == CodeIntent.SEARCH
    if intent == "knowledge":
        expect = item.get("expect")
        accepted = {expect, *(item.get("also") or [])}
        return route.kind not in (RouteKind.CODE, RouteKind.NONE) and (
            expect is None or route.topic_id in accepted
        )
    if intent in ("decline_chart", "off_topic"):
        return not route.matched
    raise ValueError(f"unknown intent {intent!r}: one of {', '.join(INTENTS)}")


def judge(item: Mapping[str, Any], route: Route, search: Search | None = None) -> CodeOutcome:
    item = normalised(item)
    routed = _routed(item, route)
    found = None
    if item["intent"] == "code_search":
        found = False
        if routed and search is not None and route.code is not None:
            top = {bare_code(c) for c in list(search(route.code.terms))[:TOP]}
            found = any(bare_code(str(c)) in top for c in item.get("codes") or ())
    return CodeOutcome(str(item["q"]), str(item["intent"]), describe(route), routed, found)


def evaluate(
    route: Callable[[str], Route], items: Sequence[Mapping[str, Any]], search: Search | None = None
) -> list[CodeOutcome]:
    return [judge(item, route(normalised(item)["q"]), search) for item in items]


def report(outcomes: Sequence[CodeOutcome]) -> list[str]:
    """One line per intent and one overall: routed right, and for searches found in the top five."""
    groups: dict[str, list[CodeOutcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.intent].append(o)

    def share(n: int, d: int) -> str:
        return f"{n / d:6.1%}" if d else "     -"

    lines = []
    for intent in [i for i in INTENTS if i in groups]:
        group = groups[intent]
        routed = sum(o.routed for o in group)
        line = f"{intent:<14} n={len(group):<4} routed {share(routed, len(group))}"
        if intent == "code_search":
            found = sum(bool(o.found) for o in group)
            line += f"  top-{TOP} {share(found, len(group))}"
        lines.append(line)
    routed = sum(o.routed for o in outcomes)
    lines.append(f"{'all':<14} n={len(outcomes):<4} routed {share(routed, len(outcomes))}")
    return lines

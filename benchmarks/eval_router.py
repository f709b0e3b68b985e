"""Accuracy of the free-form question router on a labelled question set.

    python benchmarks/eval_router.py [tests/data/devset.yaml] [--show-errors]

A question counts as correct when the route's entry (or ``compare:a,b``) equals ``expect``
or one of ``also``; when ``facet`` is given, a ``fact`` route must have that facet (a full
credential card for the right credential also counts, since it contains the fact).
Off-topic questions (``expect: null``) are correct when declined.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.knowledge.loader import load_knowledge  # noqa: E402
from bot.core.matcher import Matcher, Route  # noqa: E402


@dataclass
class Outcome:
    question: str
    expect: str | None
    got: str | None
    facet_expected: str | None
    facet_got: str | None
    correct: bool


def judge(item: dict, route: Route) -> bool:
    expect = item.get("expect")
    accepted = {expect, *(item.get("also") or [])} - {None}
    if expect is None:
        return not route.matched
    if not route.matched:
        return False
    got = route.topic_id
    if got not in accepted:
        return False
    facet = item.get("facet")
    if facet and got == expect and route.kind == "fact":
        return route.facet == facet
    return True


def evaluate(matcher: Matcher, items: list[dict]) -> list[Outcome]:
    out = []
    for item in items:
        route = matcher.route(item["q"])
        out.append(
            Outcome(
                item["q"],
                item.get("expect"),
                route.topic_id if route.matched else None,
                item.get("facet"),
                route.facet,
                judge(item, route),
            )
        )
    return out


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    on = [o for o in outcomes if o.expect is not None]
    off = [o for o in outcomes if o.expect is None]
    return {
        "total": len(outcomes),
        "accuracy": sum(o.correct for o in outcomes) / max(1, len(outcomes)),
        "on_topic": len(on),
        "answered_correctly": sum(o.correct for o in on) / max(1, len(on)),
        "off_topic": len(off),
        "declined": sum(o.correct for o in off) / max(1, len(off)),
    }


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [ROOT / "tests/data/devset.yaml"]
    matcher = Matcher(load_knowledge(ROOT / "knowledge"))
    for path in paths:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        outcomes = evaluate(matcher, items)
        s = summary(outcomes)
        print(
            f"{path.name}: {s['total']} questions, accuracy {s['accuracy']:.1%}; "
            f"on-topic answered correctly {s['answered_correctly']:.1%} of {s['on_topic']}; "
            f"off-topic declined {s['declined']:.1%} of {s['off_topic']}"
        )
        if "--show-errors" in argv:
            for o in outcomes:
                if not o.correct:
                    print(
                        f"  MISS {o.question!r}: expected {o.expect} {o.facet_expected or ''} got {o.got} {o.facet_got or ''}"
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Accuracy of the free-form question router on a labelled question set.

    python -m benchmarks.eval_router [tests/data/devset.yaml ...] [--show-errors] [--no-codes] [--lexical]

Files that are not router question sets (the code tools' sets in tests/data) are skipped, so
``tests/data/*.yaml`` works.

The router is built as the bot builds it, with the code tools' clinical-evidence signal (the
ICD-10-CM data is loaded first) and the learned intent model reviewing its routes;
``--no-codes`` builds it without the clinical signal (explicit code questions only),
``--lexical`` without the intent model. The sets are the intent model's training data: for
figures on questions it has not seen, use ``python -m benchmarks.train_router --cross-validate``.

Each set prints its accuracy, on-topic and off-topic shares and the share of wrong confident
answers (answered with a wrong entry, over all questions); a set whose items carry ``group``
(guide, beyond, off-topic) also prints the share right per group.

How a question is judged is described in ``bot/core/router/evaluation.py`` (shared with the
accuracy tests).

For a set whose items name their ``fact`` (a regex), one more line says how often a right
answer states it within its first 300 characters as the member sees it, and anywhere in it
(``bot/cards/answer_position.py``); ``--show-errors`` lists the late and missing ones.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from bot.cards.answer_position import answer_positions
from bot.config import Settings
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from bot.core.router.evaluation import evaluate, is_router_set, summarise
from bot.core.router.intent_model import shipped_model
from bot.core.router.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")] or [ROOT / "tests/data/devset.yaml"]
    clinical = None
    if "--no-codes" not in argv:
        from bot.wiring import build_codes_service

        codes = build_codes_service(Settings.from_env())
        codes.load_now()
        clinical = codes.clinical_evidence
    kb = load_knowledge(ROOT / "knowledge")
    matcher = Matcher(kb, clinical, None if "--lexical" in argv else shipped_model())
    for path in paths:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not is_router_set(items):
            print(f"{path.name}: not a router question set (q and expect per item), skipped")
            continue
        outcomes = evaluate(matcher, items)
        s = summarise(outcomes)
        print_positions(kb, matcher, items, path.name, show="--show-errors" in argv)
        print(
            f"{path.name}: {s.total} questions, accuracy {s.accuracy:.1%}; "
            f"on-topic answered correctly {s.answered_correctly:.1%} of {s.on_topic}; "
            f"off-topic declined {s.declined:.1%} of {s.off_topic}; "
            f"wrong confident {s.wrong_confident:.1%}"
        )
        if s.groups:
            print("  by group: " + "; ".join(f"{g} {share:.1%} of {n}" for g, (n, share) in s.groups.items()))
        if "--show-errors" in argv:
            for o in outcomes:
                if not o.correct:
                    expected = f"{o.expect} {o.facet_expected or ''}"
                    label = f"[{o.group}] " if o.group else ""
                    print(
                        f"  MISS {label}{o.question!r}: expected {expected} got {o.got} {o.facet_got or ''}"
                    )
    return 0


def print_positions(kb: KnowledgeBase, matcher: Matcher, items: list[Any], name: str, *, show: bool) -> None:
    """Where the right answers state their fact (only for sets whose items name one)."""
    if not any(isinstance(item, dict) and item.get("fact") for item in items):
        return
    positions = answer_positions(kb, matcher.route, items)
    print(positions.line(name))
    if show:
        for question in positions.late:
            print(f"  LATE {question!r}")
        for question in positions.missing:
            print(f"  NOT IN ANSWER {question!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

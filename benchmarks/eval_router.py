"""Accuracy of the free-form question router on a labelled question set.

    python -m benchmarks.eval_router [tests/data/devset.yaml ...] [--show-errors] [--no-codes]

Files that are not router question sets (the code tools' sets in tests/data) are skipped, so
``tests/data/*.yaml`` works.

The router is built as the bot builds it, with the code tools' clinical-evidence signal (the
ICD-10-CM data is loaded first); ``--no-codes`` builds it without (explicit code questions only).

Each set prints its accuracy, on-topic and off-topic shares and the share of wrong confident
answers (answered with a wrong entry, over all questions); a set whose items carry ``group``
(guide, beyond, off-topic) also prints the share right per group.

How a question is judged is described in ``bot/core/router/evaluation.py`` (shared with the
accuracy tests).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.config import Settings
from bot.core.knowledge.loader import load_knowledge
from bot.core.router.evaluation import evaluate, is_router_set, summarise
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
    matcher = Matcher(load_knowledge(ROOT / "knowledge"), clinical)
    for path in paths:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not is_router_set(items):
            print(f"{path.name}: not a router question set (q and expect per item), skipped")
            continue
        outcomes = evaluate(matcher, items)
        s = summarise(outcomes)
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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

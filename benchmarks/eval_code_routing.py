"""How the free-form router sends messages to the code tools, per intent, on a labelled set.

    .venv/bin/python -m benchmarks.eval_code_routing tests/data/code_routing_dev.yaml [--misses]

The file is a YAML list of ``{q, intent, codes?, expect?}`` (see ``bot/core/router/code_evaluation.py``).
Prints, per intent, the share routed right and, for searches, the share with an expected code in
the top five of the search the route asks for. The router is built as the bot builds it, with the
code data loaded (so the clinical-evidence signal is there).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import yaml

from bot.config import Settings
from bot.core.knowledge.loader import load_knowledge
from bot.core.router.code_evaluation import evaluate, report
from bot.core.router.matcher import Matcher
from bot.wiring import build_codes_service


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the messages routed wrong or not found")
    args = parser.parse_args()
    items = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    if isinstance(items, dict):  # {items: [...]} or one list under any key
        items = items.get("items") or next(v for v in items.values() if isinstance(v, list))
    settings = Settings.from_env()
    codes = build_codes_service(settings)
    codes.load_now()
    matcher = Matcher(load_knowledge(settings.knowledge_dir), codes.clinical_evidence)

    def search(terms: str) -> list[str]:
        return [h.dotted for h in asyncio.run(codes.search(terms, 5)).hits]

    outcomes = evaluate(matcher.route, items, search)
    print(f"{args.file.name}: {len(outcomes)} messages")
    print("\n".join(report(outcomes)))
    if args.misses:
        for o in outcomes:
            if not o.routed or o.found is False:
                why = "MISROUTED" if not o.routed else "NOT TOP-5"
                print(f"  {why} [{o.intent}] {o.question!r} -> {o.got}")


if __name__ == "__main__":
    main()

"""Choose the router's decline thresholds and the nearest examples' uses by expected cost.

    python -m benchmarks.calibrate_router tests/data/*.yaml [more sets] [--wrong-cost 3]

A wrong confident answer costs ``--wrong-cost`` declines (default 3: a member who gets the
wrong card is misled, one who gets a decline still sees "did you mean" suggestions); a right
answer costs nothing. Every combination of the thresholds below is scored on all the sets
together and printed cheapest first, so the router's values can be checked against the cost
they were chosen for (the ``*_THRESHOLD`` values are the matcher's, the rest the uses of the
nearest example questions in ``bot/core/router/neighbours.py``; a similarity above 1 turns a
use off). The code tools' clinical signal is left out (it decides only code questions, which
no threshold here touches).
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from types import ModuleType

import yaml

import bot.core.router.matcher as matcher_module
import bot.core.router.neighbours as neighbours_module
from bot.core.knowledge.loader import load_knowledge
from bot.core.router.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent

# (module, constant) -> the values tried.
GRID: dict[tuple[ModuleType, str], tuple[float, ...]] = {
    (matcher_module, "ANSWER_THRESHOLD"): (45, 50),
    (matcher_module, "CONFIDENT_THRESHOLD"): (90, 95),
    (matcher_module, "BM25_THRESHOLD"): (65, 70, 75, 80),
    (neighbours_module, "AGREE_SIMILARITY"): (0.45, 0.5, 0.55),
    (neighbours_module, "SUPPORT_SIMILARITY"): (0.3, 0.35, 0.4),
    (neighbours_module, "RESCUE_SIMILARITY"): (0.65, 1.1),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--wrong-cost", type=float, default=3.0)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    sets = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in args.sets]
    matcher = matcher_module.Matcher(load_knowledge(ROOT / "knowledge"))
    current = {name: getattr(module, name) for module, name in GRID}
    rows: list[tuple[float, int, int, int, dict[str, float]]] = []
    for values in itertools.product(*GRID.values()):
        for (module, name), value in zip(GRID, values, strict=True):
            setattr(module, name, value)
        setting = {name: value for (_, name), value in zip(GRID, values, strict=True)}
        right = wrong = declined = 0
        for items in sets:
            for o in evaluate(matcher, items):
                right += o.correct
                wrong += o.wrong_confident
                declined += not o.correct and not o.answered
        rows.append((args.wrong_cost * wrong + declined, right, wrong, declined, setting))
    for module, name in GRID:
        setattr(module, name, current[name])
    rows.sort(key=lambda r: (r[0], -r[1]))
    total = sum(len(items) for items in sets)
    print(f"{total} questions, a wrong answer costs {args.wrong_cost:g} declines; current: {current}")
    for cost, right, wrong, declined, setting in rows[: args.top]:
        print(f"cost {cost:6.1f}  right {right}  wrong {wrong}  declined {declined}  {setting}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

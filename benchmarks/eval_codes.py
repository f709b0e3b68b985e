"""Search quality of /code search on a labelled query set: top-1 and top-5 accuracy.

    .venv/bin/python -m benchmarks.eval_codes --queries tests/data/codes_dev_queries.yaml [--misses]

The file is a YAML list of ``{query: str, expect: [codes], kind: str, header_ok: bool?}``. A
query counts as answered when one of the expected codes is in the first result (top-1) or the
first five (top-5); with ``header_ok``, a result that is an expected code's header or a code
under it counts too. Prints the overall figures and, when the file has ``kind``, per kind.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings
from bot.core.codes.format import bare_code
from bot.wiring import build_codes_service


def matches(got: str, expected: list[str], header_ok: bool) -> bool:
    got = bare_code(got)
    for want in (bare_code(e) for e in expected):
        if got == want or (header_ok and (got.startswith(want) or want.startswith(got))):
            return True
    return False


def rank(hits: list[str], item: dict[str, Any]) -> int | None:
    """The 1-based position of the first acceptable result, or None."""
    for i, code in enumerate(hits, 1):
        if matches(code, list(item["expect"]), bool(item.get("header_ok"))):
            return i
    return None


async def evaluate(items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[str], int | None]]:
    service = build_codes_service(Settings.from_env())
    out = []
    for item in items:
        result = await service.search(str(item["query"]), 5)
        hits = [h.dotted for h in result.hits]
        out.append((item, hits, rank(hits, item)))
    return out


def report(results: list[tuple[dict[str, Any], list[str], int | None]]) -> list[str]:
    def line(label: str, group: list[int | None]) -> str:
        n = len(group)
        top1 = sum(1 for r in group if r == 1)
        top5 = sum(1 for r in group if r is not None and r <= 5)
        return f"{label:<14} n={n:<4} top-1 {top1 / n:6.1%}  top-5 {top5 / n:6.1%}"

    lines = [line("all", [r for _, _, r in results])]
    kinds: dict[str, list[int | None]] = defaultdict(list)
    for item, _, r in results:
        if item.get("kind"):
            kinds[str(item["kind"])].append(r)
    lines += [line(f"  {kind}", group) for kind, group in sorted(kinds.items())]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--misses", action="store_true", help="list the queries not in the top 5")
    args = parser.parse_args()
    items = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    results = asyncio.run(evaluate(items))
    print("\n".join(report(results)))
    if args.misses:
        for item, hits, r in results:
            if r is None or r > 1:
                where = "MISS" if r is None else f"@{r}  "
                print(f"{where} {item['query']!r} expect {item['expect']} got {hits}")


if __name__ == "__main__":
    main()

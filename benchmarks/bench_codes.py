"""Latency and footprint of the ICD-10-CM tools, beside the router's own figures, in one run.

    .venv/bin/python -m benchmarks.bench_codes [--rounds 3]

Prints: the bot's start-up cost of the code slice (importing it and building the service,
which loads nothing), loading the cached index, resident memory before and after (RSS from
/proc), /code search and /code lookup latency (median, p99, max) over the development query
set and its codes, and the router's per-question latency on its labelled questions, so the
figures compare on the same busy machine. Targets: search p99 <= 10 ms, lookup p99 <= 1 ms,
RSS growth <= 60 MB, start-up < 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"median {statistics.median(ordered) * 1000:6.3f} ms  p99 {p99 * 1000:6.3f} ms  "
        f"max {ordered[-1] * 1000:6.3f} ms  (n={len(ordered)})"
    )


CPU: dict[int, list[float]] = {}  # id(wall samples) -> CPU-time samples of the same calls


def timed(fn, items, rounds):  # type: ignore[no-untyped-def]
    """Wall-clock samples per call; the thread's CPU time per call is kept beside them (on a
    shared machine, time spent waiting for a core shows in the first, not the second)."""
    samples, cpu = [], []
    for _ in range(rounds):
        for item in items:
            start, start_cpu = time.perf_counter(), time.thread_time()
            fn(item)
            samples.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
    CPU[id(samples)] = cpu
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    base = rss_mb()
    start = time.perf_counter()
    from bot.config import Settings
    from bot.wiring import build_codes_service

    settings = Settings.from_env()
    service = build_codes_service(settings)
    startup = time.perf_counter() - start
    after_import = rss_mb()
    start = time.perf_counter()
    loaded = asyncio.run(service.ready())
    load = time.perf_counter() - start
    after_load = rss_mb()

    items = yaml.safe_load((ROOT / "tests/data/codes_dev_queries.yaml").read_text(encoding="utf-8"))
    queries = [str(i["query"]) for i in items]
    extra = ["J45", "S72.001A", "T38.3X1A", "R10.1", "Q99.9Z"]  # headers, 7th characters, an error
    codes = [*sorted({c for i in items for c in i["expect"]}), *extra]
    search = timed(lambda q: loaded.searcher.search(q, 10), queries, args.rounds)
    lookup = timed(loaded.book.lookup, codes, args.rounds * 10)
    complete = timed(lambda q: loaded.searcher.search(q[:4], 25, prefix_last=True), queries, args.rounds)

    from bot.core.knowledge.loader import load_knowledge
    from bot.core.router.matcher import Matcher

    kb = load_knowledge(settings.knowledge_dir)
    bare = Matcher(kb)  # explicit code questions only
    matcher = Matcher(kb, service.clinical_evidence)  # as the bot builds it
    router_qs = [
        str(i["q"])
        for name in ("devset.yaml", "code_routing_dev.yaml")
        for i in yaml.safe_load((ROOT / "tests/data" / name).read_text(encoding="utf-8"))
    ]
    route_bare = timed(bare.route, router_qs, args.rounds)
    route = timed(matcher.route, router_qs, args.rounds)

    print(f"code slice start-up (imports + service, nothing loaded): {startup * 1000:.0f} ms (target < 1 s)")
    print(f"index load from cache (worker thread at first use):      {load * 1000:.0f} ms")
    print(
        f"RSS: {base:.1f} MB at start, {after_import:.1f} MB after imports, {after_load:.1f} MB loaded: "
        f"+{after_load - after_import:.1f} MB for the code data (target <= 60 MB)"
    )
    for name, samples, note in (
        ("/code search", search, "(target p99 <= 10 ms)"),
        ("autocomplete", complete, ""),
        ("/code lookup", lookup, "(target p99 <= 1 ms)"),
        ("router", route_bare, "(without the clinical signal, same run)"),
        ("router+signal", route, "(as the bot routes: the clinical signal over the index)"),
    ):
        print(f"{name:<14} wall {stats(samples)}  {note}")
        print(f"{'':<14} cpu  {stats(CPU[id(samples)])}")
    p99 = lambda s: sorted(s)[min(len(s) - 1, int(0.99 * len(s)))]  # noqa: E731
    ratios = (
        f"search/router {p99(search) / p99(route):.1f}x, lookup/router {p99(lookup) / p99(route):.2f}x, "
        f"router with/without the signal {p99(route) / p99(route_bare):.2f}x"
    )
    print(f"p99 ratios: {ratios}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the larger banks and the generated drills cost, measured side by side in one run.

    .venv/bin/python -m benchmarks.bench_banks [--rounds 5]

Prints:
- loading and validating the question banks: the six banks shipped before issue 10 (478
  questions) against all of today's, as a ratio (the bot loads them once at start-up);
- resident memory (RSS from /proc) after each;
- the generated ICD-10-CM drills: deriving every drill id from the loaded tabular (once per
  process, in a worker thread), then one drill question built from its id (what a round, a
  reveal or a daily post does) against a YAML question looked up by id (a dict look-up, the
  floor), median and p99;
- one draw of a round's pool (400 ids of each kind).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_codes import rss_mb

ROOT = Path(__file__).resolve().parent.parent
OLD_BANKS = (
    "ccs-coding.yaml",
    "ccs-hcm.yaml",
    "certifications.yaml",
    "cpc-foundations.yaml",
    "cpc-procedures.yaml",
    "cpc-rules.yaml",
)


def per_call(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1e3:7.3f} ms  p99 {p99 * 1e3:7.3f} ms  (n={len(ordered)})"


def best_of(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from bot.core.banks.loader import load_banks, validate_banks

    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp)
        for name in OLD_BANKS:
            shutil.copy(ROOT / "quizzes" / name, old / name)
        base = rss_mb()
        old_lib = load_banks(old)
        old_rss = rss_mb() - base
        new_lib = load_banks(ROOT / "quizzes")
        new_rss = rss_mb() - base - old_rss
        old_load = best_of(lambda: load_banks(old), args.rounds)
        new_load = best_of(lambda: load_banks(ROOT / "quizzes"), args.rounds)
        old_check = best_of(lambda: validate_banks(old), args.rounds)
        new_check = best_of(lambda: validate_banks(ROOT / "quizzes"), args.rounds)
    print(f"banks: {len(old_lib)} questions (before issue 10) vs {len(new_lib)} today")
    for label, before, after in (("load", old_load, new_load), ("validate", old_check, new_check)):
        print(f"  {label:8} {before * 1e3:7.1f} ms vs {after * 1e3:7.1f} ms  ({after / before:.2f}x)")
    print(f"  RSS      +{old_rss:.1f} MB vs +{new_rss:.1f} MB more")

    from bot.core.codes.drills import drill_ids, drill_question, sample_drill_ids
    from bot.services.codes_data import build_cache, load_code_data

    with tempfile.TemporaryDirectory() as tmp:
        build_cache(Path(tmp))
        tab = load_code_data(Path(tmp)).tab
    before = rss_mb()
    ids = drill_ids(tab)
    ids_rss = rss_mb() - before
    derive = best_of(lambda: drill_ids(tab), args.rounds)
    every = [qid for found in ids.values() for qid in found]
    rng = random.Random(1)
    chosen = rng.sample(every, 2000)
    yaml_ids = [q.id for q in rng.choices(new_lib.select(), k=2000)]

    def timed(fn, items):  # type: ignore[no-untyped-def]
        out = []
        for item in items:
            start = time.perf_counter()
            fn(item)
            out.append(time.perf_counter() - start)
        return out

    built = timed(lambda qid: drill_question(tab, qid), chosen)
    looked = timed(new_lib.get, yaml_ids)
    draw = best_of(lambda: sample_drill_ids(ids, 400, rng), args.rounds)
    print(f"drills: {len(every):,} ({', '.join(f'{k} {len(v):,}' for k, v in ids.items())})")
    print(f"  derive every id once {derive * 1e3:7.1f} ms, RSS +{ids_rss:.1f} MB")
    print(f"  build one drill      {per_call(built)}")
    print(f"  YAML question by id  {per_call(looked)}  (floor)")
    print(f"  ratio (medians)      {statistics.median(built) / statistics.median(looked):,.0f}x the floor")
    print(f"  draw a round's pool  {draw * 1e3:7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

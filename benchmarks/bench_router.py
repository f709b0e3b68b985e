"""Per-question latency of the router on the shipped knowledge base and on one 10x larger.

    python -m benchmarks.bench_router [--rounds N] [--baseline CHECKOUT]

Prints median and p99 over every dev-set and holdout question (each asked N times), plus the
index build time. "lexical" is the shipped base without the learned intent model, "shipped"
with it (as the bot routes), "+signal" also with the code tools' clinical signal over the
loaded ICD-10-CM index. The 10x base clones every topic and
credential with fresh ids, names and a distinct made-up vocabulary word per clone, so the
index really is 10x larger.

``--baseline /work/main`` also times another checkout's router (say, the one before a change)
on the same questions in the same run: it is imported from that checkout in a child process
started right before this one's measurements, so the two sets of figures can be compared as
ratios (absolute timings on a busy machine are not comparable across runs).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from bot.core.router.clinical import ClinicalSignal
from bot.core.router.intent_model import IntentModel, shipped_model
from bot.core.router.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent


def scaled(kb: KnowledgeBase, factor: int) -> KnowledgeBase:
    rng = random.Random(7)
    big = KnowledgeBase(sources=dict(kb.sources), credentials=dict(kb.credentials), topics=dict(kb.topics))
    letters = "bcdfghjklmnpqrstvwxz"
    for copy in range(1, factor):
        tag = "".join(rng.choice(letters) for _ in range(6))
        for topic in kb.topics.values():
            new_id = f"{topic.id}-x{copy}"
            big.topics[new_id] = dataclasses.replace(
                topic,
                id=new_id,
                title=f"{topic.title} ({tag})",
                keywords=tuple(f"{k} {tag}" for k in topic.keywords),
                questions=tuple(f"{q} {tag}" for q in topic.questions),
            )
        for cred in kb.credentials.values():
            new_id = f"{cred.id}-x{copy}"
            big.credentials[new_id] = dataclasses.replace(
                cred,
                id=new_id,
                abbr=f"{cred.abbr}{tag[:2].upper()}{copy}",
                name=f"{cred.name} {tag}",
                aliases=tuple(f"{a} {tag}" for a in cred.aliases),
            )
    return big


def questions() -> list[str]:
    out: list[str] = []
    for name in ("devset.yaml", "holdout.yaml"):
        out += [item["q"] for item in yaml.safe_load((ROOT / "tests/data" / name).read_text())]
    return out


def measure(
    kb: KnowledgeBase,
    qs: list[str],
    rounds: int,
    clinical: ClinicalSignal | None = None,
    intents: IntentModel | None = None,
) -> dict[str, float]:
    t0 = time.perf_counter()
    matcher = Matcher(kb, clinical, intents)
    build = time.perf_counter() - t0
    for q in qs:  # warm caches (typo corrections are cached per word, as in production)
        matcher.route(q)
    samples: list[float] = []
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            matcher.route(q)
            samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {
        "build_ms": build * 1000,
        "median_ms": statistics.median(samples),
        "p99_ms": samples[int(len(samples) * 0.99) - 1],
        "max_ms": samples[-1],
        "n": len(samples),
    }


def _run_baseline(checkout: Path, rounds: int) -> None:
    """Time ``checkout``'s router with its own copy of this benchmark, on the same questions."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, "-m", "benchmarks.bench_router", "--rounds", str(rounds)]
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=False)
    print(f"baseline {checkout}:")
    print("  " + (done.stdout or done.stderr).strip().replace("\n", "\n  "))
    print("this checkout:")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--baseline", type=Path, help="another checkout whose router is timed too")
    args = parser.parse_args()
    if args.baseline:
        _run_baseline(args.baseline, args.rounds)
    kb = load_knowledge(ROOT / "knowledge")
    qs = questions()
    # A 6,000-character paste is clipped before matching; include one to show it.
    qs.append(("I have a long story about my coding journey. " * 140) + "how many CEUs for the CPC?")
    model = shipped_model()
    lexical = measure(kb, qs, args.rounds)
    shipped = measure(kb, qs, args.rounds, intents=model)
    big_kb = scaled(kb, 10)
    big = measure(big_kb, qs, args.rounds, intents=model)
    # As the bot routes: with the code tools' clinical signal over the loaded ICD-10-CM index.
    from bot.config import Settings
    from bot.wiring import build_codes_service

    codes = build_codes_service(Settings.from_env())
    codes.load_now()
    signal = measure(kb, qs, args.rounds, codes.clinical_evidence, model)
    print(f"questions: {len(qs)} x {args.rounds} rounds; intent model: {'yes' if model else 'none'}")
    rows = (("lexical", kb, lexical), ("shipped", kb, shipped), ("10x", big_kb, big), ("+signal", kb, signal))
    for label, kbx, r in rows:
        print(
            f"{label:>8}: {len(kbx.topics)} topics, {len(kbx.credentials)} credentials | "
            f"build {r['build_ms']:.0f} ms | median {r['median_ms']:.3f} ms | p99 {r['p99_ms']:.3f} ms | "
            f"max {r['max_ms']:.3f} ms"
        )
    ratio = big["p99_ms"] / shipped["p99_ms"]
    print(f"p99 ratio 10x/shipped: {ratio:.2f}  (targets: p99 <= 2 ms shipped, <= 10 ms at 10x)")
    print(f"p99 ratio shipped with/without the clinical signal: {signal['p99_ms'] / shipped['p99_ms']:.2f}")
    print(f"p99 ratio shipped with/without the intent model: {shipped['p99_ms'] / lexical['p99_ms']:.2f}")
    if model is not None:
        weights_mb = (model.weights.nbytes + model.idf.nbytes) / 1e6
        size = f"{len(model.index)} features x {len(model.labels)} labels"
        print(f"intent model: {size}, {weights_mb:.1f} MB of weights in memory")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

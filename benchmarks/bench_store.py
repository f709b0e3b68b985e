"""Answer-recording throughput and latency, SQLite and PostgreSQL side by side (a script, not a test).

    .venv/bin/python -m benchmarks.bench_store                    # SQLite and a throw-away PostgreSQL
    .venv/bin/python -m benchmarks.bench_store --postgres none    # SQLite only
    .venv/bin/python -m benchmarks.bench_store --postgres postgresql://user@host/postgres
    .venv/bin/python -m benchmarks.bench_store --writers 1 2 4 8 --seconds 5 --concurrency 50
    .venv/bin/python -m benchmarks.bench_store --repeat 3        # medians of 3 runs each

For each engine and each number of writers (separate OS processes writing to ONE database at
once, each with ``--concurrency`` members answering concurrently) it runs two paths for
``--seconds`` each:

* service: ``RoundsService.answer`` as the cog calls it (scoring, the committed insert, the
  early-reveal check), ``--members`` members answering each question, questions revealed and
  rounds restarted as they go (each writer in its own channels);
* raw: ``store.answers.record_answer`` alone (the committed insert with its duplicate/open checks);

and prints answers per second (all writers together) and the p99 latency of one answer (call to
return, committed), with the raw/service ratio.  SQLite runs with ``synchronous=FULL`` (the
bot's default: an acknowledged answer survives a power cut; ``--synchronous`` to compare);
PostgreSQL with ``synchronous_commit`` on.  ``--postgres auto`` (the default) starts a
throw-away server with fsync off, as the tests do: its figures are an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.banks.library import Bank, Question, QuizLibrary
from bot.services.banks import BanksService
from bot.services.rounds import RoundsService
from bot.store import AnswerStatus, NewAnswer, NewRound, open_store

from .pg import new_database, postgres_server

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PATHS = ("service", "raw")


@dataclass(frozen=True)
class Job:
    location: str
    path: str  # "service" | "raw"
    writer: int  # 0-based index of this writer process
    seconds: float
    concurrency: int
    members: int
    synchronous: str


def library(n: int = 60) -> QuizLibrary:
    qs = tuple(
        Question(
            id=f"bench-{i:03d}",
            bank_id="bench",
            exams=("CPC",),
            domain="cpc.anatomy",
            difficulty=1,
            stem="?",
            choices=("A1", "B1", "C1", "D1"),
            answer=i % 4,
            explanation="x",
            source="y",
        )
        for i in range(n)
    )
    return QuizLibrary.from_banks([Bank("bench", "Bench", ("CPC",), qs, "bench.yaml")])


async def timed(call: Any, latencies: list[float]) -> Any:
    start = time.perf_counter()
    result = await call
    latencies.append(time.perf_counter() - start)
    return result


async def run_service(job: Job, store: Any, latencies: list[float], until: float) -> int:
    svc = RoundsService(
        store.rounds, store.answers, BanksService(library()), clock=lambda: NOW, rng=random.Random(job.writer)
    )
    channel, recorded = job.writer * 1_000_000, 0
    while time.perf_counter() < until:
        channel += 1
        rnd = await svc.start_round(1, channel, 1, count=50, seconds=300)
        while rnd.active and time.perf_counter() < until:
            rq = await svc.post_question(rnd.id)
            for lo in range(0, job.members, job.concurrency):
                users = range(lo, min(lo + job.concurrency, job.members))
                calls = (timed(svc.answer(rq.id, u, f"member{u}", u % 4), latencies) for u in users)
                recorded += sum(r.accepted for r in await asyncio.gather(*calls))
            rnd = (await svc.reveal_question(rq.id)).round
    return recorded


async def run_raw(job: Job, store: Any, latencies: list[float], until: float) -> int:
    rnd = await store.rounds.create_round(
        NewRound(1, job.writer + 1, 1, None, None, None, 300, ("bench-000",), NOW)
    )
    rq, _ = await store.rounds.create_round_question(
        round_id=rnd.id, index=0, question_id="bench-000", posted_at=NOW, deadline=NOW, message_id=None
    )
    recorded, uid = 0, 0
    while time.perf_counter() < until:
        users = range(uid, uid + job.concurrency)
        uid += job.concurrency
        calls = (
            timed(
                store.answers.record_answer(
                    NewAnswer("quiz", rq.id, 1, u, f"m{u}", "bench-000", "cpc.anatomy", 0, True, 15, NOW)
                ),
                latencies,
            )
            for u in users
        )
        results = await asyncio.gather(*calls)
        recorded += sum(1 for status, _ in results if status is AnswerStatus.ACCEPTED)
    return recorded


async def writer_main(job: Job, barrier: Any) -> tuple[int, float, list[float]]:
    store = await open_store(job.location, synchronous=job.synchronous)
    try:
        await asyncio.to_thread(barrier.wait)  # every writer starts at once
        latencies: list[float] = []
        start = time.perf_counter()
        run = run_service if job.path == "service" else run_raw
        recorded = await run(job, store, latencies, start + job.seconds)
        return recorded, time.perf_counter() - start, latencies
    finally:
        await store.close()


def writer_process(job: Job, barrier: Any, results: Any) -> None:
    results.put(asyncio.run(writer_main(job, barrier)))


@dataclass
class Figures:
    answers: int
    per_second: float
    p99_ms: float


def run_writers(jobs: list[Job]) -> Figures:
    """The jobs as separate processes on one database, started together."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=writer_process, args=(job, barrier, results)) for job in jobs]
    for proc in procs:
        proc.start()
    outs = [results.get(timeout=120 + 2 * jobs[0].seconds) for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode:
            raise SystemExit(f"a writer process failed (exit {proc.exitcode})")
    answers = sum(out[0] for out in outs)
    elapsed = max(out[1] for out in outs)
    latencies = sorted(x for out in outs for x in out[2])
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))] * 1000 if latencies else 0.0
    return Figures(answers, answers / elapsed, p99)


async def fresh_location(engine: str, tmp: Path, admin: str | None, label: str) -> str:
    """A new database, migrated (so no writer times the migrations)."""
    location = str(tmp / f"{label}.sqlite3") if engine == "SQLite" else await new_database(admin or "", label)
    store = await open_store(location)
    await store.close()
    return location


def bench_engine(engine: str, args: argparse.Namespace, tmp: Path, admin: str | None) -> None:
    sync = args.synchronous if engine == "SQLite" else "FULL"
    for writers in args.writers:
        runs: dict[str, list[Figures]] = {path: [] for path in PATHS}
        for repeat in range(args.repeat):  # service and raw alternate: the noise lands on both
            for path in PATHS:
                location = asyncio.run(fresh_location(engine, tmp, admin, f"{path}{writers}r{repeat}"))
                jobs = [
                    Job(location, path, w, args.seconds, args.concurrency, args.members, sync)
                    for w in range(writers)
                ]
                runs[path].append(run_writers(jobs))
        svc, raw = (median_figures(runs[path]) for path in PATHS)
        ratio = raw.per_second / svc.per_second if svc.per_second else float("nan")
        print(
            f"{engine:<11}{writers:>8}{svc.per_second:>12.0f}{svc.p99_ms:>9.1f}"
            f"{raw.per_second:>10.0f}{raw.p99_ms:>9.1f}{ratio:>12.2f}x",
            flush=True,
        )


def median_figures(runs: list[Figures]) -> Figures:
    return Figures(
        int(statistics.median(f.answers for f in runs)),
        statistics.median(f.per_second for f in runs),
        statistics.median(f.p99_ms for f in runs),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=2.0, help="per run (default 2)")
    ap.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4], help="writer processes")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each pair (medians are printed)")
    ap.add_argument("--concurrency", type=int, default=50, help="concurrent members per writer")
    ap.add_argument("--members", type=int, default=200, help="members answering each question (service)")
    ap.add_argument("--synchronous", default="FULL", help="SQLite's synchronous pragma (default FULL)")
    ap.add_argument(
        "--postgres",
        default="auto",
        metavar="ADMIN_URL",
        help="'auto' (default): a throw-away server; 'none'",
    )
    args = ap.parse_args()
    print(
        f"answers recorded per second (all writers) and p99 ms per answer (call -> committed), "
        f"{args.seconds:g} s per run, {args.concurrency} concurrent members per writer process"
        + (f", medians of {args.repeat} runs" if args.repeat > 1 else "")
    )
    print(
        f"{'engine':<11}{'writers':>8}{'service/s':>12}{'p99 ms':>9}{'raw/s':>10}{'p99 ms':>9}"
        f"{'raw/service':>13}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bench_engine("SQLite", args, Path(tmp), None)
        if args.postgres != "none":
            with postgres_server(args.postgres) as admin:
                bench_engine("PostgreSQL", args, Path(tmp), admin)


if __name__ == "__main__":
    main()

"""Answer-recording throughput on a temporary database (a script, not a test).

    .venv/bin/python -m benchmarks.bench_store [--seconds 5] [--concurrency 50] [--members 200]

Prints answers recorded per second, sustained for ``--seconds`` each:

* service: ``RoundsService.answer`` as the cog calls it (lookups, scoring, the committed insert,
  the early-reveal check), ``--members`` members answering each question, batches of
  ``--concurrency`` concurrent answers, questions revealed and rounds restarted as they go;
* store:  ``store.answers.record_answer`` alone (the committed insert with its duplicate/open checks);

each with ``synchronous=FULL`` (the default: an acknowledged answer survives a power cut)
and ``synchronous=NORMAL`` (survives a crash of the bot, not of the machine) for comparison.

``--postgres ADMIN_URL`` runs both on PostgreSQL too (a new database per run, created through
``ADMIN_URL``; ``--postgres auto`` starts a throw-away server as the tests do).  PostgreSQL
commits every answer in its own transaction with ``synchronous_commit`` on (the server's
default), the counterpart of FULL; the ``auto`` server runs with fsync off, so its figures are
an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.core.banks.library import Bank, Question, QuizLibrary
from bot.services.banks import BanksService
from bot.services.rounds import RoundsService
from bot.store import AnswerStatus, NewAnswer, NewRound, open_store

Location = Path | str

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


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


async def bench_service(
    path: Location, seconds: float, concurrency: int, members: int, sync: str
) -> tuple[int, float]:
    store = await open_store(path, synchronous=sync) if sync else await open_store(path)
    svc = RoundsService(
        store.rounds, store.answers, BanksService(library()), clock=lambda: NOW, rng=random.Random(0)
    )
    channel = 0
    recorded = 0
    start = time.perf_counter()
    try:
        while time.perf_counter() - start < seconds:
            channel += 1
            rnd = await svc.start_round(1, channel, 1, count=50, seconds=300)
            while rnd.active and time.perf_counter() - start < seconds:
                rq = await svc.post_question(rnd.id)
                for lo in range(0, members, concurrency):
                    results = await asyncio.gather(
                        *(
                            svc.answer(rq.id, uid, f"member{uid}", uid % 4)
                            for uid in range(lo, min(lo + concurrency, members))
                        )
                    )
                    recorded += sum(r.accepted for r in results)
                rnd = (await svc.reveal_question(rq.id)).round
        elapsed = time.perf_counter() - start
        assert await store.answers.count_answers() == recorded
    finally:
        await store.close()
    return recorded, elapsed


async def bench_store(path: Location, seconds: float, concurrency: int, sync: str) -> tuple[int, float]:
    store = await open_store(path, synchronous=sync) if sync else await open_store(path)
    rnd = await store.rounds.create_round(
        NewRound(
            guild_id=1,
            channel_id=1,
            starter_id=1,
            exam=None,
            domain=None,
            bank=None,
            seconds=300,
            question_ids=("bench-000",),
            started_at=NOW,
        )
    )
    assert rnd is not None
    rq, _ = await store.rounds.create_round_question(
        round_id=rnd.id, index=0, question_id="bench-000", posted_at=NOW, deadline=NOW, message_id=None
    )
    recorded = 0
    uid = 0
    start = time.perf_counter()
    try:
        while time.perf_counter() - start < seconds:
            results = await asyncio.gather(
                *(
                    store.answers.record_answer(
                        NewAnswer(
                            kind="quiz",
                            target_id=rq.id,
                            guild_id=1,
                            user_id=u,
                            user_name=f"m{u}",
                            question_id="bench-000",
                            domain="cpc.anatomy",
                            choice=0,
                            correct=True,
                            points=15,
                            answered_at=NOW,
                        )
                    )
                    for u in range(uid, uid + concurrency)
                )
            )
            uid += concurrency
            recorded += sum(1 for status, _ in results if status is AnswerStatus.ACCEPTED)
        elapsed = time.perf_counter() - start
    finally:
        await store.close()
    return recorded, elapsed


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--members", type=int, default=200)
    ap.add_argument("--postgres", metavar="ADMIN_URL", help="also on PostgreSQL ('auto': start a server)")
    args = ap.parse_args()
    print(
        f"answers recorded per second, {args.seconds:g} s each, {args.concurrency} concurrent, "
        f"{args.members} members per question (temp database)"
    )
    print(f"{'path':<30}{'synchronous':>12}{'answers':>10}{'seconds':>9}{'answers/s':>11}{'ms/answer':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for sync in ("FULL", "NORMAL"):
            for label in ("RoundsService.answer", "answers.record_answer (raw)"):
                path = Path(tmp) / f"{label.split('.')[0]}-{sync}.sqlite3"
                if label.startswith("RoundsService"):
                    n, elapsed = await bench_service(path, args.seconds, args.concurrency, args.members, sync)
                else:
                    n, elapsed = await bench_store(path, args.seconds, args.concurrency, sync)
                rate, ms = n / elapsed, 1000 * elapsed / n
                print(f"{label:<30}{sync:>12}{n:>10}{elapsed:>9.2f}{rate:>11.0f}{ms:>11.3f}")
    if args.postgres:
        await bench_postgres(args)


async def bench_postgres(args: argparse.Namespace) -> None:
    import asyncpg

    server = None
    admin = args.postgres
    if admin == "auto":
        from tests.pg_server import start_server

        server = start_server()
        admin = server.url()
    try:
        for number, label in enumerate(("RoundsService.answer", "answers.record_answer (raw)")):
            con = await asyncpg.connect(admin)
            name = f"certcoach_bench_{int(time.time())}_{number}"
            try:
                await con.execute(f'CREATE DATABASE "{name}"')
            finally:
                await con.close()
            url = admin.rsplit("/", 1)[0] + "/" + name
            if label.startswith("RoundsService"):
                n, elapsed = await bench_service(url, args.seconds, args.concurrency, args.members, "")
            else:
                n, elapsed = await bench_store(url, args.seconds, args.concurrency, "")
            rate, ms = n / elapsed, 1000 * elapsed / n
            print(f"{label:<30}{'PostgreSQL':>12}{n:>10}{elapsed:>9.2f}{rate:>11.0f}{ms:>11.3f}")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())

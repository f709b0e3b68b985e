"""What spaced review adds to a quiz answer, measured side by side in one run (SQLite).

    .venv/bin/python -m benchmarks.bench_review [--members 200] [--repeats 5]

Each repeat, ``--members`` members answer one round question at once (60 % right, 40 % wrong)
twice: with the review service subscribed to the practice events, as the bot runs, and without
(the events have no subscriber).  Review reads quiz and daily answers back from the answers
table when the member's cards are read, so the two should match (ratio about 1; the first
version wrote each miss's card on the answer path and measured 5.9 here).  Prints the median
time per burst of each and their ratio, then one /review read (sync and the next due card) for
a member with 50 cards.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.core.banks.loader import load_banks
from bot.store import open_store
from bot.wiring import build_quiz_services


async def burst(path: Path, members: int, review: bool) -> float:
    store = await open_store(path)
    try:
        svc = build_quiz_services(store, load_banks(PROJECT_ROOT / "quizzes"), rng=random.Random(1))
        if not review:
            svc.events._subscribers.clear()
        rnd = await svc.rounds.start_round(
            1, int(time.time_ns() % 10**9), 7, exam="CPC", count=1, seconds=300
        )
        rq = await svc.rounds.post_question(rnd.id)
        right = rq.question.answer
        choices = [right if i % 5 < 3 else (right + 1) % len(rq.question.choices) for i in range(members)]
        start = time.perf_counter()
        await asyncio.gather(*(svc.rounds.answer(rq.id, 1000 + i, f"m{i}", c) for i, c in enumerate(choices)))
        return time.perf_counter() - start
    finally:
        await store.close()


async def review_read(path: Path) -> float:
    store = await open_store(path)
    try:
        svc = build_quiz_services(store, load_banks(PROJECT_ROOT / "quizzes"))
        now = datetime.now(UTC)
        for qid in svc.banks.select(exam="CPC")[:50]:
            await store.review.change_card(
                5, qid.id, lambda c, q=qid.id: svc.review._scheduler.first_miss(q, now)
            )
        svc.review.clock = lambda: now + timedelta(days=1)
        start = time.perf_counter()
        for _ in range(20):
            await svc.review.next_card(5)
        return (time.perf_counter() - start) / 20
    finally:
        await store.close()


async def main(members: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with_review, without = [], []
        for i in range(repeats):
            without.append(await burst(Path(tmp) / f"off{i}.sqlite3", members, review=False))
            with_review.append(await burst(Path(tmp) / f"on{i}.sqlite3", members, review=True))
        off, on = statistics.median(without), statistics.median(with_review)
        print(
            f"{members} answers at once: without review {off * 1000:.0f} ms, with review {on * 1000:.0f} ms"
        )
        print(f"ratio with/without: {on / off:.2f}")
        read = await review_read(Path(tmp) / "read.sqlite3")
        print(f"/review's read (sync + next due card + due count), 50 cards: {read * 1000:.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.repeats))

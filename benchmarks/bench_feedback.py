"""What queueing a declined question adds to the answer path, side by side in one run (SQLite).

    .venv/bin/python -m benchmarks.bench_feedback [--questions 400] [--burst 200] [--repeats 5]

The bot's free-form answer path is: route the question, build the card and its embed, reply;
for a decline, the cog then queues the anonymised question (``FeedbackService.declined``) AFTER
the reply, so the member never waits for it.  This measures, per declined question, the time to
the reply (route + card + embed) and the whole handler with and without the queueing, one after
the other (median and p95, and their ratio), then ``--burst`` declines handled at once (as when
many members post together) with and without queueing, then one vote click's recording.
Compare ratios, not absolute times (the machine is shared).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.cards.knowledge import answer_card
from bot.config import PROJECT_ROOT
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.embeds import card_to_embed
from bot.services.feedback import FeedbackService
from bot.services.knowledge import KnowledgeService
from bot.store import open_store

GUILD = 1
OFF_TOPIC = [
    "who will win the football tonight?",
    "what's a good pizza place downtown",
    "can you recommend a laptop for gaming",
    "how do I fix my car's brakes",
    "what is the capital of australia",
    "tell me a joke about cats",
    "is it going to rain tomorrow",
    "best netflix series this year?",
    "how tall is mount everest",
    "what should I cook for dinner tonight",
]


def questions(n: int) -> list[str]:
    """``n`` off-topic questions: repeats of the same ten (counted on one item) and variants."""
    return [f"{OFF_TOPIC[i % len(OFF_TOPIC)]} {'' if i % 3 else i}".strip() for i in range(n)]


def reply_ready(knowledge: KnowledgeService, question: str) -> bool:
    card = answer_card(knowledge.kb, knowledge.ask(question))
    card_to_embed(card)
    return card.matched


async def one_by_one(
    knowledge: KnowledgeService, fb: FeedbackService | None, asked: list[str]
) -> list[float]:
    times = []
    for q in asked:
        start = time.perf_counter()
        matched = reply_ready(knowledge, q)
        if fb is not None and not matched:
            await fb.declined(GUILD, q)
        times.append(time.perf_counter() - start)
    return times


async def burst(
    knowledge: KnowledgeService, fb: FeedbackService | None, asked: list[str]
) -> tuple[float, float]:
    """(when the last reply was ready, when every handler was done), from the burst's start."""
    replied: list[float] = []

    async def handle(q: str) -> None:
        await asyncio.sleep(0)  # each message is its own task, as discord.py dispatches them
        matched = reply_ready(knowledge, q)
        replied.append(time.perf_counter())
        if not matched and fb is not None:
            await fb.declined(GUILD, q)

    start = time.perf_counter()
    await asyncio.gather(*(handle(q) for q in asked))
    return max(replied) - start, time.perf_counter() - start


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


async def main(n: int, burst_size: int, repeats: int) -> None:
    knowledge = KnowledgeService(load_knowledge(PROJECT_ROOT / "knowledge"))
    asked = questions(n)
    assert not any(reply_ready(knowledge, q) for q in asked[:20]), (
        "the benchmark's questions must be declined"
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(Path(tmp) / "bench.sqlite3")
        try:
            fb = FeedbackService(store.feedback)
            plain, recorded, bursts_off, bursts_on = [], [], [], []
            for _ in range(repeats):  # alternate, so drift in the machine's load hits both alike
                plain += await one_by_one(knowledge, None, asked)
                recorded += await one_by_one(knowledge, fb, asked)
                bursts_off.append(await burst(knowledge, None, asked[:burst_size]))
                bursts_on.append(await burst(knowledge, fb, asked[:burst_size]))
            vote_times = []
            for i in range(200):
                start = time.perf_counter()
                await fb.vote(
                    GUILD,
                    10_000 + i % 50,
                    i,
                    helpful=i % 2 == 0,
                    question=asked[i],
                    answer="cpc",
                    answered_at=fb.clock(),
                )
                vote_times.append(time.perf_counter() - start)
        finally:
            await store.close()
    off, on = statistics.median(plain), statistics.median(recorded)
    print(f"{n} declined questions x {repeats}, one at a time (ms per question):")
    print(f"  answer path without queueing: median {off * 1000:.3f}, p95 {p95(plain) * 1000:.3f}")
    print(f"  answer path + queueing:       median {on * 1000:.3f}, p95 {p95(recorded) * 1000:.3f}")
    print(
        f"  ratio with/without (median): {on / off:.2f}; the reply goes out before the queueing, "
        "so the member's wait is the 'without' figure"
    )
    for label, part in (("last reply ready", 0), ("every handler done", 1)):
        b_off = statistics.median(b[part] for b in bursts_off)
        b_on = statistics.median(b[part] for b in bursts_on)
        print(
            f"{burst_size} declines at once, {label}: without queueing {b_off * 1000:.1f} ms, "
            f"with {b_on * 1000:.1f} ms, ratio {b_on / b_off:.2f}"
        )
    print(
        f"one vote click recorded (committed): median {statistics.median(vote_times) * 1000:.2f} ms, "
        f"p95 {p95(vote_times) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.questions, args.burst, args.repeats))

"""What the study plan adds to the answer path, measured side by side in one run (SQLite).

    .venv/bin/python -m benchmarks.bench_plans [--answers 2000] [--rounds 3]

Every committed answer is published to the plan's subscriber. Prints the time per published
answer, best of ``--rounds`` interleaved rounds:
- no subscriber (the floor);
- the plan's subscriber for a member without a plan (the map of plans is cached: no query);
- the same member with a per-answer plan look-up (what the subscriber did before the cache);
- the plan's subscriber for a member with a plan (counted in memory);
- writing the counts of one flush (``FLUSH_SECONDS`` of answers by 50 members with a plan, 4
  areas each: one transaction), against one upsert per answer (what a write on the answer path
  would cost for the same answers).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.services.plans import PlanService
from bot.services.practice import PracticeEvents, PracticeResult
from bot.store import Store, open_store
from bot.store.records import PlanActivity

BLUEPRINT = Blueprint("CPC", "CPC", 100, 240, 70, "bench", (AreaShare("cpc.anatomy", 100, "bench"),))
WITH_PLAN, WITHOUT = 1, 2


async def per_answer(events: PracticeEvents, user_id: int, answers: int) -> float:
    now = datetime.now(UTC)
    start = time.perf_counter()
    for i in range(answers):
        await events.publish(PracticeResult(user_id, f"q-{i}", "cpc.anatomy", i % 2 == 0, 20.0, now, "quiz"))
    return (time.perf_counter() - start) / answers


async def variants(store: Store) -> dict[str, PracticeEvents]:
    floor = PracticeEvents()
    cached = PracticeEvents()
    plans = PlanService(store.plans, {"CPC": BLUEPRINT}, events=cached)
    exam_day = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    await plans.set_plan(WITH_PLAN, "CPC", exam_day)
    lookup = PracticeEvents()

    async def look_up_each_answer(result: PracticeResult) -> None:
        await store.plans.get_plan(result.user_id)

    lookup.subscribe(look_up_each_answer)
    return {"floor": floor, "cached": cached, "lookup": lookup}


async def flush_costs(store: Store, rounds: int) -> tuple[float, float]:
    """(one flush of 200 answers, the same answers written one upsert each), best of ``rounds``."""
    plans = PlanService(store.plans, {"CPC": BLUEPRINT})
    exam_day = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    members = range(100, 150)
    for user in members:
        await plans.set_plan(user, "CPC", exam_day)
    today = datetime.now(UTC).date()
    answers = [(u, PlanActivity(today, f"cpc.area{k}", 1, 1)) for u in members for k in range(4)]
    batch = single = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        await store.plans.add_activity(answers)
        batch = min(batch, time.perf_counter() - start)
        start = time.perf_counter()
        for one in answers:
            await store.plans.add_activity([one])
        single = min(single, time.perf_counter() - start)
    return batch, single


async def main(answers: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(Path(tmp) / "bench.sqlite3")
        try:
            events = await variants(store)
            cases = {
                "no subscriber (floor)": (events["floor"], WITHOUT),
                "plan subscriber, member without a plan": (events["cached"], WITHOUT),
                "per-answer plan look-up, member without a plan": (events["lookup"], WITHOUT),
                "plan subscriber, member with a plan (in memory)": (events["cached"], WITH_PLAN),
            }
            best = dict.fromkeys(cases, float("inf"))
            for _ in range(rounds):
                for name, (bus, user) in cases.items():
                    best[name] = min(best[name], await per_answer(bus, user, answers))
            batch, single = await flush_costs(store, rounds)
        finally:
            await store.close()
    floor = best["no subscriber (floor)"]
    lookup = best["per-answer plan look-up, member without a plan"]
    for name, seconds in best.items():
        ratios = f"x{seconds / floor:8.1f} floor  x{seconds / lookup:6.2f} look-up"
        print(f"{name:52s} {seconds * 1e6:9.1f} us/answer  {ratios}")
    print(f"{'one flush of 200 answers (one transaction)':52s} {batch * 1e3:9.2f} ms")
    name = "the same 200 answers, one upsert each"
    print(f"{name:52s} {single * 1e3:9.2f} ms  x{single / batch:.1f} the flush")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.answers, args.rounds))

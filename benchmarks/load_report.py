"""The load benchmark's read-back and table: what the bot stored, and the bot/floor ratios."""

from __future__ import annotations

import sqlite3
import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bench_load import Result


COUNT_SQL = (
    "SELECT user_id, COUNT(*) FROM answers WHERE kind = 'daily' AND daily_post_id = {} GROUP BY user_id"
)


async def answers_per_member(location: str, post_id: int) -> dict[int, int]:
    """{member: answers stored} for one daily post, read straight from the bot's database."""
    if location.startswith("postgresql://"):
        import asyncpg

        con = await asyncpg.connect(location)
        try:
            return {r[0]: r[1] for r in await con.fetch(COUNT_SQL.format("$1"), post_id)}
        finally:
            await con.close()
    db = sqlite3.connect(f"file:{location}?mode=ro", uri=True)
    try:
        return dict(db.execute(COUNT_SQL.format("?"), (post_id,)).fetchall())
    finally:
        db.close()


def ratio(x: float, y: float) -> str:
    return f"{x / y:.2f}x" if y else "n/a"


def print_table(scenario: str, results: list[Result]) -> None:
    print()
    print(f"scenario: {scenario}   (latency = event sent -> first callback received by the fake)")
    verified = any(r.recorded is not None for r in results)
    header = (
        f"{'run':>4} {'target':<7}{'db':<10}{'N':>6}{'received':>10}{'lost':>6}{'ok':>7}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'>3s':>6}{'answered':>10}" + (f"{'recorded':>10}" if verified else "")
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.repeat + 1:>4} {r.target:<7}{r.engine:<10}{r.size:>6}{r.received:>10}{r.lost:>6}{r.ok:>7}"
            f"{r.pct(50):>9.1f}{r.pct(99):>9.1f}{r.pct(100):>9.1f}{r.late:>6}{r.answered:>10}"
            + (f"{'-' if r.recorded is None else r.recorded:>10}" if verified else "")
            + (f"   errors {r.errors}" if r.errors else "")
        )
    print_ratios(results)


def print_ratios(results: list[Result]) -> None:
    """bot/floor p50 and p99 per engine and size: each repeat (against the floor of the same
    repeat), then the median."""
    floors = {(r.repeat, r.size): r for r in results if r.target == "floor"}
    pairs: dict[tuple[str, int], list[tuple[Result, Result]]] = {}
    for b in results:
        f = floors.get((b.repeat, b.size))
        if b.target == "bot" and f is not None:
            pairs.setdefault((b.engine, b.size), []).append((b, f))
    if not pairs:
        return
    print()
    print("bot / floor ratios (each repeat against the floor of the same repeat):")
    for (engine, size), runs in sorted(pairs.items()):
        p50 = [b.pct(50) / f.pct(50) for b, f in runs if f.pct(50)]
        p99 = [b.pct(99) / f.pct(99) for b, f in runs if f.pct(99)]
        each = "  ".join(f"{ratio(b.pct(99), f.pct(99))}" for b, f in runs)
        lost = sum(b.lost for b, _ in runs), sum(f.lost for _, f in runs)
        late = sum(b.late for b, _ in runs), sum(f.late for _, f in runs)
        print(
            f"  {engine:<9} N={size:<5} p99 {each}   median p50 {statistics.median(p50):.2f}x  "
            f"median p99 {statistics.median(p99):.2f}x   lost {lost[0]} vs {lost[1]}  "
            f">3s {late[0]} vs {late[1]}"
        )

"""Which questions to ask: a channel round's N questions and each day's daily question."""

from __future__ import annotations

import random
from collections.abc import Sequence


def pick_round_questions(pool: Sequence[str], count: int, rng: random.Random | None = None) -> list[str]:
    """``count`` distinct question ids in random order (all of them if the pool is smaller)."""
    rng = rng or random.Random()
    unique = list(dict.fromkeys(pool))
    return rng.sample(unique, min(count, len(unique)))


def pick_daily_question(
    pool: Sequence[str], history: Sequence[str], rng: random.Random | None = None
) -> str | None:
    """A daily question id not used yet in the guild's current cycle.

    ``history`` lists the guild's earlier daily question ids, oldest first.  A cycle ends
    when every question of the pool has been used; the next one starts over (never with
    the question asked last, when there is a choice).  Returns ``None`` for an empty pool.
    """
    rng = rng or random.Random()
    pool_ids = list(dict.fromkeys(pool))
    if not pool_ids:
        return None
    pool_set = set(pool_ids)
    used: set[str] = set()
    for qid in history:
        if qid not in pool_set:
            continue
        used.add(qid)
        if len(used) == len(pool_set):
            used = set()
    remaining = [q for q in pool_ids if q not in used]
    if not used and len(remaining) > 1 and history and history[-1] in pool_set:
        remaining = [q for q in remaining if q != history[-1]]
    return rng.choice(remaining)

"""Daily-question scheduling in each server's own time zone (pure; no clocks read here).

* ``parse_hhmm("08:30") -> time``
* ``local_date(now, tz) -> date`` - the server's calendar day at ``now``.
* ``next_run(local_time, tz, now) -> datetime`` (UTC) - the first run strictly after ``now``.
  A time that does not exist on a spring-forward day (02:30 in New York) runs at the first
  valid local time after the gap (03:00); a time that occurs twice on a fall-back day runs
  once, at its first occurrence.
* ``catch_up_action(scheduled_at, now, tz) -> "post" | "skip"`` - what to do with a run that
  is due (or was missed while the bot was down): post if the server's local day of the
  scheduled run is not over yet, otherwise skip it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.core.clock import as_utc

_HHMM = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


def parse_hhmm(text: str) -> time:
    """``"8:05"``/``"08:05"`` -> ``time(8, 5)``; raises ``ValueError`` for anything else."""
    m = _HHMM.match(text or "")
    if not m:
        raise ValueError(f"{text!r} is not a time like 08:30")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day (00:00-23:59)")
    return time(hour, minute)


def local_date(now: datetime, tz: ZoneInfo) -> date:
    """The calendar date in ``tz`` at the instant ``now`` (naive ``now`` means UTC)."""
    return as_utc(now).astimezone(tz).date()


def _exists(naive: datetime, tz: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def resolve_local(day: date, local_time: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of ``local_time`` on ``day`` in ``tz``.

    Gap (non-existent time): the first valid local time after the gap.  Fold (time occurs
    twice): the first occurrence.
    """
    naive = datetime.combine(day, local_time.replace(tzinfo=None, fold=0))
    if not _exists(naive, tz):
        probe = naive.replace(second=0, microsecond=0)
        for _ in range(24 * 60):  # gaps are at most a few hours; minute steps are exact enough
            probe += timedelta(minutes=1)
            if _exists(probe, tz):
                naive = probe
                break
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def next_run(local_time: time, tz: ZoneInfo, now: datetime) -> datetime:
    """The first UTC instant strictly after ``now`` when the local clock in ``tz`` shows
    ``local_time`` (see the module docstring for DST gaps and folds)."""
    now = as_utc(now)
    start = local_date(now, tz) - timedelta(days=1)
    for offset in range(4):
        candidate = resolve_local(start + timedelta(days=offset), local_time, tz)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a daily time always recurs within two days")


CatchUp = Literal["post", "skip"]


def catch_up_action(scheduled_at: datetime, now: datetime, tz: ZoneInfo) -> CatchUp:
    """``"post"`` when the local day of the due run ``scheduled_at`` is still today at
    ``now`` in ``tz`` (a late or missed post is still worth making), else ``"skip"``."""
    return "post" if local_date(scheduled_at, tz) == local_date(now, tz) else "skip"


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

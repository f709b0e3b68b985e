"""Daily-question scheduling in each server's time zone, and the daily pick (bot/core/daily.py)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.core.daily import (
    catch_up_action,
    local_date,
    next_run,
    parse_hhmm,
    pick_daily_question,
    resolve_local,
)

NY = ZoneInfo("America/New_York")
LON = ZoneInfo("Europe/London")
SYD = ZoneInfo("Australia/Sydney")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class TestLocalDate:
    def test_same_instant_different_days(self):
        now = utc(2026, 1, 15, 3, 0)
        assert local_date(now, NY) == date(2026, 1, 14)
        assert local_date(now, LON) == date(2026, 1, 15)
        assert local_date(now, SYD) == date(2026, 1, 15)
        later = utc(2026, 1, 15, 13, 30)
        assert local_date(later, SYD) == date(2026, 1, 16)  # 00:30 AEDT
        assert local_date(later, NY) == date(2026, 1, 15)

    def test_day_boundary_in_summer_time(self):
        # London in BST: 23:30 UTC is already tomorrow.
        assert local_date(utc(2026, 7, 1, 23, 30), LON) == date(2026, 7, 2)
        assert local_date(utc(2026, 1, 1, 23, 30), LON) == date(2026, 1, 1)
        # New York in EDT: 03:59 UTC is still yesterday, 04:00 is today.
        assert local_date(utc(2026, 7, 2, 3, 59), NY) == date(2026, 7, 1)
        assert local_date(utc(2026, 7, 2, 4, 0), NY) == date(2026, 7, 2)

    def test_naive_means_utc(self):
        assert local_date(datetime(2026, 1, 15, 3, 0), NY) == date(2026, 1, 14)


class TestNextRun:
    def test_later_today_or_tomorrow(self):
        t = time(8, 0)
        assert next_run(t, NY, utc(2026, 1, 15, 12, 0)) == utc(2026, 1, 15, 13, 0)  # 08:00 EST
        assert next_run(t, NY, utc(2026, 1, 15, 13, 0)) == utc(2026, 1, 16, 13, 0)  # exactly now -> tomorrow
        assert next_run(t, NY, utc(2026, 1, 15, 13, 0, 1)) == utc(2026, 1, 16, 13, 0)

    def test_sydney_is_ahead_of_utc(self):
        # 07:00 AEDT (UTC+11) on 16 Jan is 20:00 UTC on 15 Jan.
        assert next_run(time(7, 0), SYD, utc(2026, 1, 15, 12, 0)) == utc(2026, 1, 15, 20, 0)

    def test_new_york_spring_forward_gap(self):
        # 2026-03-08: 02:00 EST -> 03:00 EDT. 02:30 does not exist: run at 03:00 EDT (07:00 UTC).
        now = utc(2026, 3, 8, 5, 0)  # 00:00 EST
        assert next_run(time(2, 30), NY, now) == utc(2026, 3, 8, 7, 0)
        # the day after, 02:30 EDT exists again
        assert next_run(time(2, 30), NY, utc(2026, 3, 8, 7, 0)) == utc(2026, 3, 9, 6, 30)
        # times around the gap are unaffected
        assert next_run(time(1, 59), NY, now) == utc(2026, 3, 8, 6, 59)
        assert next_run(time(3, 0), NY, now) == utc(2026, 3, 8, 7, 0)

    def test_new_york_fall_back_fold_runs_once(self):
        # 2026-11-01: 02:00 EDT -> 01:00 EST; 01:30 happens twice.
        first = next_run(time(1, 30), NY, utc(2026, 11, 1, 4, 0))
        assert first == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, the first occurrence
        again = next_run(time(1, 30), NY, first)
        assert again == utc(2026, 11, 2, 6, 30)  # not 06:30 UTC today (the second 01:30)
        assert again - first == timedelta(hours=25)

    def test_london_spring_forward_and_fall_back(self):
        # 2026-03-29: 01:00 GMT -> 02:00 BST; 01:30 runs at 02:00 BST = 01:00 UTC.
        assert next_run(time(1, 30), LON, utc(2026, 3, 29, 0, 0)) == utc(2026, 3, 29, 1, 0)
        # 2026-10-25: 02:00 BST -> 01:00 GMT; 01:15 twice -> first (00:15 UTC) only.
        first = next_run(time(1, 15), LON, utc(2026, 10, 24, 23, 0))
        assert first == utc(2026, 10, 25, 0, 15)
        assert next_run(time(1, 15), LON, first) == utc(2026, 10, 26, 1, 15)

    def test_sydney_both_transitions(self):
        # DST ends 2026-04-05 03:00 AEDT -> 02:00 AEST; 02:30 twice, first is AEDT (15:30 UTC on the 4th).
        first = next_run(time(2, 30), SYD, utc(2026, 4, 4, 12, 0))
        assert first == utc(2026, 4, 4, 15, 30)
        assert next_run(time(2, 30), SYD, first) == utc(2026, 4, 5, 16, 30)
        # DST starts 2026-10-04 02:00 AEST -> 03:00 AEDT; 02:30 runs at 03:00 AEDT (16:00 UTC on the 3rd).
        assert next_run(time(2, 30), SYD, utc(2026, 10, 3, 12, 0)) == utc(2026, 10, 3, 16, 0)

    def test_daily_sequence_over_a_year_is_one_per_local_day(self):
        for tz in (NY, LON, SYD):
            for t in (time(0, 0), time(1, 30), time(2, 30), time(8, 0), time(23, 59)):
                now = utc(2026, 1, 1)
                seen = []
                for _ in range(366):
                    now = next_run(t, tz, now)
                    seen.append(local_date(now, tz))
                assert len(set(seen)) == len(seen), (tz, t)
                assert all((b - a).days == 1 for a, b in pairwise(seen)), (tz, t)

    def test_resolve_local_fold_and_gap(self):
        assert resolve_local(date(2026, 3, 8), time(2, 30), NY) == utc(2026, 3, 8, 7, 0)
        assert resolve_local(date(2026, 11, 1), time(1, 30), NY) == utc(2026, 11, 1, 5, 30)


class TestParseHHMM:
    @pytest.mark.parametrize(
        "text,expected",
        [("08:30", time(8, 30)), ("8:05", time(8, 5)), ("23:59", time(23, 59)), ("00:00", time(0, 0))],
    )
    def test_ok(self, text, expected):
        assert parse_hhmm(text) == expected

    @pytest.mark.parametrize("text", ["24:00", "12:60", "noon", "", "8", "8:5"])
    def test_bad(self, text):
        with pytest.raises(ValueError):
            parse_hhmm(text)


class TestCatchUp:
    def test_missed_post_same_local_day_posts(self):
        scheduled = utc(2026, 1, 15, 13, 0)  # 08:00 EST
        assert catch_up_action(scheduled, utc(2026, 1, 15, 20, 0), NY) == "post"

    def test_local_day_over_skips(self):
        scheduled = utc(2026, 1, 15, 13, 0)
        assert catch_up_action(scheduled, utc(2026, 1, 16, 5, 1), NY) == "skip"  # 00:01 EST next day

    def test_utc_day_changes_but_local_day_does_not(self):
        scheduled = utc(2026, 1, 15, 23, 0)  # 18:00 EST
        assert catch_up_action(scheduled, utc(2026, 1, 16, 2, 0), NY) == "post"  # 21:00 EST same day
        # Sydney: scheduled 09:00 AEDT = 22:00 UTC previous day; local day over at 13:00 UTC
        scheduled = utc(2026, 1, 14, 22, 0)
        assert catch_up_action(scheduled, utc(2026, 1, 15, 12, 59), SYD) == "post"
        assert catch_up_action(scheduled, utc(2026, 1, 15, 13, 0), SYD) == "skip"


class TestDailyPick:
    def test_daily_uses_every_question_before_repeating(self):
        pool = [f"q{i}" for i in range(7)]
        rng = random.Random(3)
        history: list[str] = []
        for _ in range(7):
            history.append(pick_daily_question(pool, history, rng))
        assert sorted(history) == sorted(pool)
        # the pool is exhausted: a new cycle starts, not with the question asked last
        nxt = pick_daily_question(pool, history, rng)
        assert nxt in pool and nxt != history[-1]
        for _ in range(7):
            history.append(pick_daily_question(pool, history, rng))
        assert sorted(history[7:14]) == sorted(pool)

    def test_daily_ignores_removed_questions_and_empty_pool(self):
        assert pick_daily_question([], ["x"]) is None
        assert pick_daily_question(["a", "b"], ["gone", "a"], random.Random(0)) == "b"
        assert pick_daily_question(["a"], ["a", "a"], random.Random(0)) == "a"

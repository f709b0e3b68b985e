"""Pure quiz core: scoring, typed answers, streaks, scheduling, selection, round rules."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.banks.library import Question
from bot.core.daily import (
    catch_up_action,
    local_date,
    next_run,
    parse_hhmm,
    pick_daily_question,
    resolve_local,
)
from bot.core.rounds.rules import advance_after_reveal, pick_round_questions, should_reveal
from bot.core.rounds.typed_answers import match_typed_answer
from bot.core.scoring import score_answer
from bot.core.stats import Streaks, compute_streaks, rank_standings

NY = ZoneInfo("America/New_York")
LON = ZoneInfo("Europe/London")
SYD = ZoneInfo("Australia/Sydney")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_q(choices, answer=0, accept=()) -> Question:
    return Question(
        id="q-1",
        bank_id="b",
        exams=("CPC",),
        domain="cpc.anatomy",
        difficulty=1,
        stem="?",
        choices=tuple(choices),
        answer=answer,
        explanation="because",
        source="src",
        accept=tuple(accept),
    )


# --------------------------------------------------------------------------- scoring


class TestScoring:
    def test_wrong_is_zero(self):
        assert score_answer(False, 0, 30) == 0
        assert score_answer(False, 29, 30) == 0

    def test_instant_correct_gets_full_bonus(self):
        assert score_answer(True, 0, 30) == 15

    def test_bonus_falls_linearly(self):
        assert score_answer(True, 15, 30) == 13  # 10 + 2.5 rounded half up
        assert score_answer(True, 6, 30) == 14
        assert score_answer(True, 24, 30) == 11
        assert score_answer(True, 30, 30) == 10

    def test_bonus_never_negative_or_above_max(self):
        assert score_answer(True, 500, 30) == 10
        assert score_answer(True, -3, 30) == 15
        assert score_answer(True, 5, 0) == 10

    def test_monotonic(self):
        pts = [score_answer(True, t, 60) for t in range(61)]
        assert pts == sorted(pts, reverse=True)
        assert pts[0] == 15 and pts[-1] == 10


# --------------------------------------------------------------------------- typed answers

CODES = make_q(["E11.9", "E11.65", "E10.9", "R73.9"], answer=1, accept=["hyperglycemia code"])
WORDS = make_q(["Air", "Femur", "Hyperglycemia", "Myocardial infarction"], answer=1, accept=["thigh bone"])


class TestTypedAnswerLetters:
    @pytest.mark.parametrize(
        "text",
        [
            "B",
            "b",
            "(b)",
            "b)",
            "[b]",
            "b.",
            "B!",
            " b ",
            "answer b",
            "Answer: B",
            "answer is b",
            "the answer is B",
            "I think B",
            "i think it's b",
            "I think it’s B",
            "my final answer is B",
            "B is my answer",
            "b final answer",
            "option b",
            "choice B",
            "I'd say b",
            "going with b",
            "it's b",
            "definitely B",
            "hmm b",
        ],
    )
    def test_letter_forms(self, text):
        assert match_typed_answer(text, CODES) == 1

    def test_each_letter(self):
        for i, letter in enumerate("abcd"):
            assert match_typed_answer(letter, CODES) == i
            assert match_typed_answer(f"({letter.upper()})", CODES) == i

    def test_letter_out_of_range(self):
        assert match_typed_answer("e", CODES) is None  # four choices only
        assert match_typed_answer("answer e", CODES) is None

    @pytest.mark.parametrize(
        "text",
        [
            "a lot of people think so",
            "b careful",
            "I think a lot about this",
            "bb",
            "be",
            "abc",
            "is it b or c?",
            "not b",
            "b or c",
            "answer b and c",
            "",
        ],
    )
    def test_letters_inside_chat_do_not_count(self, text):
        assert match_typed_answer(text, CODES) is None

    def test_letter_with_matching_text(self):
        assert match_typed_answer("B) E11.65", CODES) == 1
        assert match_typed_answer("b - e11.65", CODES) == 1
        assert match_typed_answer("b) E10.9", CODES) is None  # letter and text disagree


class TestTypedAnswerText:
    def test_exact_text_case_and_punctuation(self):
        assert match_typed_answer("E11.65", CODES) == 1
        assert match_typed_answer("e11.65", CODES) == 1
        assert match_typed_answer("e11.65.", CODES) == 1
        assert match_typed_answer("E1165", CODES) == 1  # dot forgotten

    def test_codes_need_exact_match(self):
        assert match_typed_answer("E11.6", CODES) is None
        assert match_typed_answer("E11.66", CODES) is None
        assert match_typed_answer("E11.95", CODES) is None

    def test_accept_entry_counts_as_correct(self):
        assert match_typed_answer("hyperglycemia code", CODES) == 1
        assert match_typed_answer("thigh bone", WORDS) == 1
        assert match_typed_answer("the thigh bone", WORDS) == 1

    def test_one_typo_in_longer_word(self):
        assert match_typed_answer("femor", WORDS) == 1
        assert match_typed_answer("Femurr", WORDS) == 1
        assert match_typed_answer("hyperglycemai", WORDS) == 2  # 13 letters: two edits allowed
        assert match_typed_answer("myocardial infarktion", WORDS) == 3

    def test_two_typos_in_short_word_rejected(self):
        assert match_typed_answer("fmeor", WORDS) is None
        assert match_typed_answer("hipoglycemia", WORDS) is None  # three edits

    def test_chair_is_not_air(self):
        assert match_typed_answer("air", WORDS) == 0
        assert match_typed_answer("Air.", WORDS) == 0
        assert match_typed_answer("chair", WORDS) is None
        assert match_typed_answer("airs", WORDS) is None
        assert match_typed_answer("hair", WORDS) is None
        assert match_typed_answer("ai", WORDS) is None

    def test_short_answers_need_exact(self):
        q = make_q(["Ulna", "Tibia", "Skull"], answer=0)
        assert match_typed_answer("ulna", q) == 0
        assert match_typed_answer("ulnaa", q) is None  # 4-letter answer: no typo tolerance
        assert match_typed_answer("tibai", q) is None  # transposition = 2 edits
        assert match_typed_answer("tibi", q) == 1  # the answer has 5 letters: one edit allowed
        assert match_typed_answer("tiba", q) == 1  # 5 letters, one edit

    def test_answer_phrases_around_text(self):
        assert match_typed_answer("I think femur", WORDS) == 1
        assert match_typed_answer("I think it's the femur", WORDS) == 1
        assert match_typed_answer("answer: femur", WORDS) == 1
        assert match_typed_answer("femur is my answer", WORDS) == 1
        assert match_typed_answer("femur!", WORDS) == 1

    @pytest.mark.parametrize(
        "text",
        [
            "lol femur again",
            "the femur is the longest bone",
            "I broke my femur once",
            "air quality is bad today",
            "who else hates hyperglycemia questions",
            "femur or ulna?",
            "can someone explain E11.65 vs E11.9",
        ],
    )
    def test_choice_word_in_chat_does_not_count(self, text):
        assert match_typed_answer(text, WORDS if "E11" not in text else CODES) is None

    def test_ambiguous_fuzzy_is_rejected(self):
        q = make_q(["Lateral", "Literal"], answer=0)
        assert match_typed_answer("lateral", q) == 0
        assert match_typed_answer("lteral", q) is None  # one edit from both
        assert match_typed_answer("literal", q) == 1

    def test_choice_that_starts_like_an_answer_phrase(self):
        q = make_q(
            ["It is paid separately under a fee schedule", "It is packaged into the APC payment"], answer=1
        )
        assert match_typed_answer("I think it is packaged into the APC payment", q) == 1
        assert match_typed_answer("answer: it is paid separately under a fee schedule", q) == 0
        assert match_typed_answer("it is packaged into the apc payment", q) == 1
        assert match_typed_answer("it is packaged", q) is None

    def test_very_long_message_ignored(self):
        assert match_typed_answer("b " + "x" * 500, CODES) is None

    def test_discord_mention_noise(self):
        assert match_typed_answer("<@123456> b", CODES) == 1


# --------------------------------------------------------------------------- streaks


class TestStreaks:
    def test_empty(self):
        assert compute_streaks([], {}) == Streaks(0, 0, 0, 0)

    def test_all_answered_right(self):
        assert compute_streaks([1, 2, 3], {1: True, 2: True, 3: True}) == Streaks(3, 3, 3, 3)

    def test_gap_breaks_answered_streak(self):
        s = compute_streaks([1, 2, 3, 4, 5], {1: True, 2: True, 4: True, 5: False})
        assert s.best == 2 and s.current == 2
        assert s.current_correct == 0 and s.best_correct == 2

    def test_wrong_answer_keeps_answered_streak_but_breaks_correct(self):
        s = compute_streaks([1, 2, 3, 4], {1: True, 2: False, 3: True, 4: True})
        assert (s.current, s.best) == (4, 4)
        assert (s.current_correct, s.best_correct) == (2, 2)

    def test_missed_latest_resets_current(self):
        s = compute_streaks([1, 2, 3], {1: True, 2: True})
        assert s.current == 0 and s.best == 2 and s.current_correct == 0

    def test_open_post_not_yet_answered_does_not_break(self):
        s = compute_streaks([1, 2, 3], {1: True, 2: True}, open_posts={3})
        assert s.current == 2 and s.current_correct == 2
        s = compute_streaks([1, 2, 3], {1: True, 2: True, 3: True}, open_posts={3})
        assert s.current == 3

    def test_best_in_the_middle(self):
        posts = list(range(1, 11))
        ans = dict.fromkeys((2, 3, 4, 5, 8, 9), True)
        s = compute_streaks(posts, ans)
        assert s.best == 4 and s.current == 0


# --------------------------------------------------------------------------- scheduling


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
                assert all((b - a).days == 1 for a, b in zip(seen, seen[1:])), (tz, t)

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


# --------------------------------------------------------------------------- selection


class TestSelection:
    def test_round_picks_distinct(self):
        pool = [f"q{i}" for i in range(20)]
        picked = pick_round_questions(pool, 10, random.Random(1))
        assert len(picked) == len(set(picked)) == 10 and set(picked) <= set(pool)

    def test_round_smaller_pool(self):
        assert sorted(pick_round_questions(["a", "b", "a"], 10, random.Random(1))) == ["a", "b"]

    def test_round_seeded_is_reproducible(self):
        pool = [f"q{i}" for i in range(20)]
        assert pick_round_questions(pool, 5, random.Random(7)) == pick_round_questions(
            pool, 5, random.Random(7)
        )

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


# --------------------------------------------------------------------------- rounds


class TestRoundRules:
    def test_reveal_on_timer(self):
        deadline = utc(2026, 1, 1, 12, 0, 30)
        assert not should_reveal(utc(2026, 1, 1, 12, 0, 10), deadline, set(), set())
        assert should_reveal(deadline, deadline, set(), set())

    def test_first_question_waits_for_timer(self):
        deadline = utc(2026, 1, 1, 12, 0, 30)
        assert not should_reveal(utc(2026, 1, 1, 12, 0, 5), deadline, set(), {1, 2})

    def test_reveal_when_every_participant_answered(self):
        deadline = utc(2026, 1, 1, 12, 0, 30)
        now = utc(2026, 1, 1, 12, 0, 5)
        assert not should_reveal(now, deadline, {1, 2}, {1})
        assert should_reveal(now, deadline, {1, 2}, {1, 2})
        assert should_reveal(now, deadline, {1, 2}, {1, 2, 3})

    def test_advance(self):
        a = advance_after_reveal(0, 3, 0, 2)
        assert (a.next_index, a.unanswered_streak, a.finished) == (1, 0, False)
        a = advance_after_reveal(2, 3, 0, 1)
        assert a.finished and a.reason == "completed"

    def test_stop_after_two_unanswered_in_a_row(self):
        a = advance_after_reveal(3, 10, 0, 0)
        assert not a.finished and a.unanswered_streak == 1
        a = advance_after_reveal(4, 10, 1, 0)
        assert a.finished and a.reason == "inactive"
        a = advance_after_reveal(4, 10, 1, 3)  # an answer resets the count
        assert not a.finished and a.unanswered_streak == 0

    def test_standings_ranks_ties(self):
        rows = [(1, "ann", 30, 2, 2), (2, "bob", 45, 3, 3), (3, "cy", 30, 2, 3), (4, "dee", 10, 1, 3)]
        st = rank_standings(rows)
        assert [s.user_id for s in st] == [2, 1, 3, 4]
        assert [s.rank for s in st] == [1, 2, 2, 4]

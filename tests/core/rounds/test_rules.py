"""The channel quiz round's rules: when to reveal, when to finish, which questions."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from bot.core.rounds.rules import advance_after_reveal, pick_round_questions, should_reveal


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


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


class TestRoundQuestions:
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

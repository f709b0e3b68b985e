"""Daily-question streaks and leaderboard standings (bot/core/stats.py)."""

from __future__ import annotations

from bot.core.stats import Streaks, compute_streaks, rank_standings


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


class TestStandings:
    def test_standings_ranks_ties(self):
        rows = [(1, "ann", 30, 2, 2), (2, "bob", 45, 3, 3), (3, "cy", 30, 2, 3), (4, "dee", 10, 1, 3)]
        st = rank_standings(rows)
        assert [s.user_id for s in st] == [2, 1, 3, 4]
        assert [s.rank for s in st] == [1, 2, 2, 4]

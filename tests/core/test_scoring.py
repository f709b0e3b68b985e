"""Points for an answer: base points plus a speed bonus (bot/core/scoring.py)."""

from __future__ import annotations

from bot.core.scoring import score_answer


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

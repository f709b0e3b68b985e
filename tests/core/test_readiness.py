"""Readiness: hand-computed cases of the model in bot/core/readiness.py."""

from __future__ import annotations

import pytest

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.readiness import (
    MIN_AREA_ANSWERS,
    Estimate,
    Missing,
    Tally,
    estimate_readiness,
    missing_text,
    normal_cdf,
)


def blueprint(*counts: int, pass_percent: int = 70) -> Blueprint:
    areas = tuple(AreaShare(chr(ord("a") + i), c, "test") for i, c in enumerate(counts))
    return Blueprint("CPC", "CPC", sum(counts), 240, pass_percent, "test", areas)


def test_normal_cdf_matches_the_table() -> None:
    assert normal_cdf(0) == pytest.approx(0.5)
    assert normal_cdf(1.96) == pytest.approx(0.9750, abs=1e-4)
    assert normal_cdf(-1) == pytest.approx(0.1587, abs=1e-4)


def test_one_mock_exam_alone() -> None:
    # 80/100: mean 0.8, variance of the mean 0.8*0.2/100 = 0.0016, the exam's own spread
    # another 0.0016 -> sd sqrt(0.0032) = 0.05657. 70 right needed of 100: threshold 69.5/100,
    # z = (0.695 - 0.8) / 0.05657 = -1.856 -> P(pass) = Phi(1.856) = 0.9683.
    r = estimate_readiness(blueprint(50, 50), {}, [Tally(80, 100)])
    assert r.missing is None and r.estimate is not None
    assert r.estimate.expected == pytest.approx(0.8)
    assert r.estimate.spread == pytest.approx(0.05657, abs=1e-5)
    assert r.estimate.chance == pytest.approx(0.9683, abs=1e-4)
    assert r.estimate.shown_chance == 95
    assert r.explanation() == ("From your mock exam (80%): expected score 80% ± 6 points, pass mark 70%.")


def test_practice_alone_is_shrunk_and_weighted_by_the_blueprint() -> None:
    # Pooled prior (80 + 1) / (100 + 2) = 0.79412. Area a: (45 + 10*0.79412) / 60 = 0.88235,
    # area b: (35 + 7.9412) / 60 = 0.71569; weights 1/2 each -> expected 0.79902.
    # Variance of the mean: 1/4 * (0.88235*0.11765 + 0.71569*0.28431) / 61 = 0.0012594, plus the
    # shared prior's: each area rests 10/60 on it, so (1/6)^2 * 0.79412*0.20588/103 = 0.0000441
    # -> 0.0013035; plus the exam's 0.79902*0.20098/100 = 0.0016059 -> sd 0.05394;
    # z = (0.695 - 0.79902) / 0.05394 = -1.928 -> 0.9731.
    r = estimate_readiness(blueprint(50, 50), {"a": Tally(45, 50), "b": Tally(35, 50)}, [])
    assert r.estimate is not None
    assert r.estimate.prior == pytest.approx(0.79412, abs=1e-5)
    assert r.estimate.expected == pytest.approx(0.79902, abs=1e-5)
    assert r.estimate.spread == pytest.approx(0.05394, abs=1e-5)
    assert r.estimate.chance == pytest.approx(0.9731, abs=1e-4)
    assert r.estimate.practice_answers == 100
    assert "100 practice answers weighted by the CPC blueprint" in r.explanation()
    assert "pulled toward 79%, your smoothed overall accuracy" in r.explanation()


def test_blueprint_weights_decide_which_area_matters() -> None:
    # The same answers, but area b (the weak one) is 90% of the exam: the expected score drops.
    answers = {"a": Tally(45, 50), "b": Tally(35, 50)}
    even = estimate_readiness(blueprint(50, 50), answers, []).estimate
    weak_heavy = estimate_readiness(blueprint(10, 90), answers, []).estimate
    assert even is not None and weak_heavy is not None
    # 0.1*0.88235 + 0.9*0.71569 = 0.73235
    assert weak_heavy.expected == pytest.approx(0.73235, abs=1e-5)
    assert weak_heavy.chance < even.chance


def test_mock_and_practice_are_combined_by_precision() -> None:
    # Practice: 0.79902 with variance 0.0013035 (above); mock 70/100: 0.7 with 0.0021.
    # Weights 767.17 and 476.19: (0.79902*767.17 + 0.7*476.19) / 1243.36 = 0.76109.
    r = estimate_readiness(blueprint(50, 50), {"a": Tally(45, 50), "b": Tally(35, 50)}, [Tally(70, 100)])
    assert r.estimate is not None
    assert r.estimate.expected == pytest.approx(0.76109, abs=1e-4)
    assert r.explanation().startswith("From your mock exam (70%) and 100 practice answers")


def test_only_the_last_three_mocks_count() -> None:
    mocks = [Tally(10, 100), Tally(60, 100), Tally(70, 100), Tally(80, 100)]
    r = estimate_readiness(blueprint(50, 50), {}, mocks)
    assert r.estimate is not None
    assert r.estimate.mocks == (60.0, 70.0, 80.0)
    assert r.estimate.expected == pytest.approx(0.7)
    assert "your last 3 mock exams (60%, 70%, 80%)" in r.explanation()


def test_a_perfect_mock_is_not_certainty() -> None:
    r = estimate_readiness(blueprint(50, 50), {}, [Tally(100, 100)])
    assert r.estimate is not None
    assert r.estimate.spread > 0
    assert r.estimate.shown_chance == 99


def test_shown_chance_is_rounded_to_five_and_never_0_or_100() -> None:
    def shown(chance: float) -> int:
        return Estimate(0.7, 0.05, chance, (), 0, None).shown_chance

    assert [shown(c) for c in (0.0, 0.02, 0.524, 0.526, 0.976, 1.0)] == [1, 1, 50, 55, 99, 99]


def test_no_number_without_enough_data() -> None:
    # Areas of 40, 30, 20 and 10 questions; only a (40) is measured: not over half.
    # The cheapest way over half: c needs 1 more answer (40 + 20 = 60 > 50).
    bp = blueprint(40, 30, 20, 10)
    answers = {"a": Tally(8, MIN_AREA_ANSWERS), "b": Tally(2, 4), "c": Tally(5, 9)}
    r = estimate_readiness(bp, answers, [])
    assert r.estimate is None
    assert r.missing == Missing(1, ("c",))
    assert r.explanation() == "Not enough data yet: answer 1 more question in 1 area or take a mock exam."


def test_nothing_answered_asks_for_the_biggest_areas() -> None:
    r = estimate_readiness(blueprint(40, 30, 20, 10), {}, [])
    assert r.missing == Missing(2 * MIN_AREA_ANSWERS, ("a", "b"))
    assert missing_text(Missing(0, ())) == "take a mock exam"


def test_one_mock_is_enough_and_areas_outside_the_exam_are_ignored() -> None:
    r = estimate_readiness(blueprint(40, 30, 20, 10), {"zz": Tally(500, 500)}, [Tally(60, 100)])
    assert r.estimate is not None
    assert r.estimate.practice_answers == 0
    assert r.estimate.expected == pytest.approx(0.6)
    # 0.6 expected against 69.5: well under even odds.
    assert r.estimate.chance < 0.1


def test_enough_practice_without_a_mock() -> None:
    answers = {"a": Tally(7, MIN_AREA_ANSWERS), "b": Tally(7, MIN_AREA_ANSWERS)}
    r = estimate_readiness(blueprint(40, 30, 20, 10), answers, [])
    assert r.estimate is not None and r.missing is None


def test_a_few_answers_cannot_outweigh_a_mock_exam():
    # 2 right of 2: the prior (2 + 1) / (2 + 2) = 0.75 carries nearly the whole practice score,
    # with its own variance 0.75*0.25/5 = 0.0375: the 100-question mock (0.6, variance 0.0024)
    # must dominate, not be averaged evenly with two answers.
    r = estimate_readiness(blueprint(50, 50), {"a": Tally(2, 2)}, [Tally(60, 100)])
    assert r.estimate is not None
    assert r.estimate.expected == pytest.approx(0.6, abs=0.015)

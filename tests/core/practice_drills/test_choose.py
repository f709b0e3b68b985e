"""Choosing a drill's area (weakest by recent accuracy with a prior) and its questions."""

from __future__ import annotations

import random

import pytest

from bot.core.practice_drills.choose import (
    DEFAULT_COUNT,
    Accuracy,
    check_count,
    estimate,
    pick_questions,
    rank_areas,
    weakest_area,
)

AREAS = ("a", "b", "c")


def test_the_area_with_the_lowest_recent_accuracy_is_the_weakest():
    recent = {"a": [True] * 8 + [False] * 2, "b": [True] * 4 + [False] * 6, "c": [True] * 9 + [False]}
    ranked = rank_areas(AREAS, recent, {})
    assert [r.domain for r in ranked] == ["b", "a", "c"]
    assert ranked[0].accuracy == Accuracy(4, 10)


def test_one_lucky_answer_does_not_hide_a_weak_area():
    # "b": one answer, right (100 %); "a": 6 of 10 after many answers; "c" untried.
    recent = {"a": [True] * 6 + [False] * 4, "b": [True]}
    ranked = {r.domain: r for r in rank_areas(AREAS, recent, {})}
    overall = 7 / 11
    assert ranked["b"].estimate == pytest.approx(estimate(Accuracy(1, 1), overall))
    assert ranked["b"].estimate < 0.75  # far from the raw 100 %
    # an untried area sits at the member's overall accuracy: between the weak and the strong
    assert ranked["c"].estimate == pytest.approx(overall)
    assert weakest_area(AREAS, recent, {}).domain == "a"


def test_only_the_last_answers_count():
    # newest first: 20 recent right answers outweigh 30 old wrong ones
    recent = {"a": [True] * 20 + [False] * 30, "b": [True] * 15 + [False] * 5}
    assert weakest_area(("a", "b"), recent, {}).domain == "b"
    assert rank_areas(("a",), recent, {})[0].accuracy == Accuracy(20, 20)


def test_ties_go_to_the_area_with_more_exam_questions_then_the_id():
    recent = {"a": [True, False], "b": [False, True], "c": [True, False]}
    assert [r.domain for r in rank_areas(AREAS, recent, {"c": 10, "b": 3})] == ["c", "b", "a"]
    assert [r.domain for r in rank_areas(AREAS, {}, {})] == ["a", "b", "c"]  # nobody answered


def test_no_areas_no_weakest():
    assert weakest_area((), {"a": [True]}, {}) is None


@pytest.mark.parametrize(("given", "expected"), [(None, DEFAULT_COUNT), (1, 1), (50, 50), (7, 7)])
def test_count_defaults_and_bounds(given, expected):
    assert check_count(given) == expected


@pytest.mark.parametrize("bad", [0, -3, 51])
def test_count_out_of_range_is_refused_with_a_sentence(bad):
    with pytest.raises(ValueError, match="1 to 50"):
        check_count(bad)


def test_questions_not_answered_lately_come_first_then_the_oldest_seen():
    pool = [f"q{i}" for i in range(6)]
    seen = ["q1", "q3", "q0"]  # q1 most recent
    picked = pick_questions(pool, seen, 5, random.Random(1))
    assert set(picked[:3]) == {"q2", "q4", "q5"}
    assert picked[3:] == ["q0", "q3"]  # q1, the most recent, is left out
    assert pick_questions(pool, seen, 50, random.Random(1))[-1] == "q1"
    assert len(pick_questions(pool + pool, [], 50, random.Random(1))) == 6  # no repeats


def test_the_draw_of_fresh_questions_varies_with_the_rng():
    pool = [f"q{i}" for i in range(30)]
    draws = {tuple(pick_questions(pool, [], 5, random.Random(seed))) for seed in range(5)}
    assert len(draws) > 1

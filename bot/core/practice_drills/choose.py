"""Choosing a drill's area and its questions.

The weakest area is the one with the lowest *estimated* accuracy over the member's last
``RECENT_PER_AREA`` answers in it. The estimate is shrunk towards the member's overall recent
accuracy in the exam (a Beta prior worth ``PRIOR_ANSWERS`` answers), so an area answered once
and right is not taken as mastered, and an area never tried ranks as an average one rather than
as a perfect or a failed one. Ties go to the area with more questions on the real exam (its
blueprint count: more points at stake), then to the area id, so the choice is reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

RECENT_PER_AREA = 20  # answers per area that count: recent enough to show progress
PRIOR_ANSWERS = 5.0  # how many answers the prior is worth
NEUTRAL_ACCURACY = 0.5  # the prior's mean for a member with no answers in the exam at all
DEFAULT_COUNT = 10
MIN_COUNT, MAX_COUNT = 1, 50


@dataclass(frozen=True, slots=True)
class Accuracy:
    right: int
    asked: int

    @property
    def percent(self) -> float | None:
        return 100 * self.right / self.asked if self.asked else None

    @classmethod
    def of(cls, results: Sequence[bool]) -> Accuracy:
        return cls(sum(1 for r in results if r), len(results))


@dataclass(frozen=True, slots=True)
class AreaRank:
    domain: str
    accuracy: Accuracy  # the member's recent answers in the area
    estimate: float  # shrunk towards the prior: what the ranking uses
    weight: int  # the area's questions on the full exam (0 when the blueprint has no count)


def estimate(acc: Accuracy, prior_mean: float, prior_answers: float = PRIOR_ANSWERS) -> float:
    """Posterior mean accuracy under a Beta prior of mean ``prior_mean`` worth ``prior_answers``."""
    return (acc.right + prior_mean * prior_answers) / (acc.asked + prior_answers)


def rank_areas(
    areas: Sequence[str],
    recent: Mapping[str, Sequence[bool]],
    weights: Mapping[str, int],
    *,
    per_area: int = RECENT_PER_AREA,
) -> list[AreaRank]:
    """``areas`` from weakest to strongest. ``recent`` maps an area to the member's results in
    it, newest first (only the first ``per_area`` count)."""
    accuracies = {a: Accuracy.of(list(recent.get(a, ()))[:per_area]) for a in areas}
    right = sum(acc.right for acc in accuracies.values())
    asked = sum(acc.asked for acc in accuracies.values())
    prior = right / asked if asked else NEUTRAL_ACCURACY
    ranks = [AreaRank(a, accuracies[a], estimate(accuracies[a], prior), weights.get(a, 0)) for a in areas]
    return sorted(ranks, key=lambda r: (r.estimate, -r.weight, r.domain))


def weakest_area(
    areas: Sequence[str], recent: Mapping[str, Sequence[bool]], weights: Mapping[str, int]
) -> AreaRank | None:
    ranked = rank_areas(areas, recent, weights)
    return ranked[0] if ranked else None


def check_count(count: int | None) -> int:
    """The number of questions asked for, or the default; raises ``ValueError`` out of range."""
    if count is None:
        return DEFAULT_COUNT
    if not MIN_COUNT <= count <= MAX_COUNT:
        raise ValueError(f"A drill has {MIN_COUNT} to {MAX_COUNT} questions (you asked for {count}).")
    return count


def pick_questions(
    pool: Sequence[str], recently_seen: Sequence[str], count: int, rng: random.Random
) -> list[str]:
    """``count`` ids from ``pool`` (fewer when it is smaller): those the member has not answered
    lately first, in random order; then the ones they saw longest ago. ``recently_seen`` lists
    the member's answered question ids, most recent first."""
    unique = list(dict.fromkeys(pool))
    recency = {qid: i for i, qid in enumerate(recently_seen)}
    fresh = [qid for qid in unique if qid not in recency]
    rng.shuffle(fresh)
    seen = sorted((qid for qid in unique if qid in recency), key=lambda qid: -recency[qid])
    return (fresh + seen)[:count]

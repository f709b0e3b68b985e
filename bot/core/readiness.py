"""Exam readiness: the chance of passing a real exam today, from a member's own results.

The model is deliberately simple, and every number it shows comes with how it was made:

1. **Practice.** Each area's accuracy is shrunk toward the member's pooled accuracy on the
   exam (a Beta prior worth :data:`PRIOR_ANSWERS` answers), so an area with 2 answers says
   little and an area with 200 says a lot. The expected score is the blueprint-weighted sum
   ``sum(count_a / questions * p_a)``; its uncertainty is the weighted sum of the areas'
   posterior variances ``p(1 - p) / (n + 1)`` (``n`` = answers + prior answers), plus the
   pooled accuracy's own variance ``m(1 - m) / (answers + 3)`` times the squared share of the
   score that rests on it (``sum(w_a * 10 / n_a)``): the areas share that prior, so its doubt
   does not average out (with few answers, practice alone is rightly far from certain).
2. **Mock exams.** The last :data:`RECENT_MOCKS` submitted mocks, pooled: ``right / asked``,
   variance ``p(1 - p) / asked``.
3. Both (when both exist) are combined by precision (inverse-variance) weighting.
4. A real exam of ``N`` questions scores ``mu`` on average with binomial spread
   ``mu(1 - mu) / N``; adding the uncertainty of ``mu`` itself, the score is taken as normal,
   and the chance of passing is ``P(score >= (needed - 0.5) / N)`` with ``needed`` the right
   answers the pass mark requires (continuity correction).

No number is given without enough data: at least one mock exam, or at least
:data:`MIN_AREA_ANSWERS` answers in areas holding most (over half) of the exam's questions.
Otherwise the result says what is missing. A shown chance is rounded to 5% and kept within
1-99%: the model is too rough for more, and never certain.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .blueprints.model import Blueprint

PRIOR_ANSWERS = 10  # the shrinkage prior's weight, in answers
MIN_AREA_ANSWERS = 10  # answers before an area counts as measured
RECENT_MOCKS = 3  # mock exams that count (the latest)


@dataclass(frozen=True, slots=True)
class Tally:
    right: int
    asked: int


@dataclass(frozen=True, slots=True)
class Missing:
    """Not enough data: answer ``answers`` more in ``areas`` (domain ids), or take a mock."""

    answers: int
    areas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Estimate:
    expected: float  # the expected score on a real exam, 0-1
    spread: float  # its standard deviation (uncertainty and the exam's own chance), 0-1
    chance: float  # P(pass), unrounded
    mocks: tuple[float, ...]  # the recent mocks' percents, oldest first
    practice_answers: int  # answers in the exam's areas
    prior: float | None  # the pooled accuracy areas were shrunk toward (None: no practice)

    @property
    def shown_chance(self) -> int:
        """The chance as a member sees it: a whole percent, a multiple of 5, within 1-99."""
        return min(99, max(1, 5 * round(self.chance * 20)))


@dataclass(frozen=True, slots=True)
class Readiness:
    exam: str
    pass_percent: int
    estimate: Estimate | None
    missing: Missing | None  # set exactly when ``estimate`` is None

    def explanation(self) -> str:
        """One line: how the number was computed (or what is missing)."""
        if self.estimate is None:
            assert self.missing is not None
            return f"Not enough data yet: {missing_text(self.missing)}."
        e = self.estimate
        parts = []
        if e.mocks:
            shown = ", ".join(f"{m:.0f}%" for m in e.mocks)
            which = "your mock exam" if len(e.mocks) == 1 else f"your last {len(e.mocks)} mock exams"
            parts.append(f"{which} ({shown})")
        if e.practice_answers:
            assert e.prior is not None
            parts.append(
                f"{_plural(e.practice_answers, 'practice answer')} weighted by the {self.exam} blueprint "
                f"(areas with few answers pulled toward {e.prior:.0%}, your smoothed overall accuracy)"
            )
        return (
            f"From {' and '.join(parts)}: expected score {e.expected:.0%} ± {100 * e.spread:.0f} points, "
            f"pass mark {self.pass_percent}%."
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def missing_text(missing: Missing) -> str:
    """'answer 12 more questions in 3 areas or take a mock exam' (areas named by the caller)."""
    if not missing.answers:
        return "take a mock exam"
    where = f" in {_plural(len(missing.areas), 'area')}" if missing.areas else ""
    questions = "question" if missing.answers == 1 else "questions"
    return f"answer {missing.answers} more {questions}{where} or take a mock exam"


def normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _missing(blueprint: Blueprint, areas: Mapping[str, Tally]) -> Missing | None:
    """What practice is still needed for areas holding over half the exam; None when enough."""

    def asked(domain: str) -> int:
        return areas.get(domain, Tally(0, 0)).asked

    covered = sum(a.count for a in blueprint.areas if asked(a.domain) >= MIN_AREA_ANSWERS)
    if 2 * covered > blueprint.questions:
        return None
    # The fewest answers that get there (a small knapsack over the short areas' question counts).
    target = blueprint.questions // 2 + 1 - covered
    best: dict[int, tuple[int, tuple[str, ...]]] = {0: (0, ())}  # covered -> (answers, areas)
    for area in sorted(blueprint.areas, key=lambda a: (-a.count, a.domain)):
        need = MIN_AREA_ANSWERS - asked(area.domain)
        if need <= 0:
            continue
        for got, (cost, chosen) in list(best.items()):
            reach = min(target, got + area.count)
            candidate = (cost + need, (*chosen, area.domain))
            if reach not in best or (candidate[0], len(candidate[1])) < (best[reach][0], len(best[reach][1])):
                best[reach] = candidate
    answers, chosen = best[target]
    return Missing(answers, chosen)


def practice_score(blueprint: Blueprint, areas: Mapping[str, Tally]) -> tuple[float, float, float]:
    """(expected score, its variance, the prior mean) from practice answers in the exam's areas."""
    right = sum(areas.get(a.domain, Tally(0, 0)).right for a in blueprint.areas)
    asked = sum(areas.get(a.domain, Tally(0, 0)).asked for a in blueprint.areas)
    prior = (right + 1) / (asked + 2)  # pooled accuracy, Laplace-smoothed
    mean = variance = pull = 0.0
    for area in blueprint.areas:
        tally = areas.get(area.domain, Tally(0, 0))
        weight = area.count / blueprint.questions
        n = tally.asked + PRIOR_ANSWERS
        p = (tally.right + PRIOR_ANSWERS * prior) / n
        mean += weight * p
        variance += weight**2 * p * (1 - p) / (n + 1)
        pull += weight * PRIOR_ANSWERS / n  # how much of the score rests on the prior
    # Every area leans on the same prior, so its doubt does not average out across areas.
    variance += pull**2 * prior * (1 - prior) / (asked + 3)
    return mean, variance, prior


def estimate_readiness(blueprint: Blueprint, areas: Mapping[str, Tally], mocks: Sequence[Tally]) -> Readiness:
    """Readiness for ``blueprint``'s exam from practice per area (domain -> tally) and the
    member's submitted mock exams of that exam (oldest first; the last few count)."""
    recent = [m for m in mocks if m.asked > 0][-RECENT_MOCKS:]
    measured = {a.domain: areas[a.domain] for a in blueprint.areas if a.domain in areas}
    practice_answers = sum(t.asked for t in measured.values())
    missing = _missing(blueprint, measured)
    if not recent and missing is not None:
        return Readiness(blueprint.exam, blueprint.pass_percent, None, missing)
    estimates: list[tuple[float, float]] = []  # (mean, variance of the mean)
    prior: float | None = None
    if practice_answers:
        mean, variance, prior = practice_score(blueprint, measured)
        estimates.append((mean, variance))
    if recent:
        right, asked = sum(m.right for m in recent), sum(m.asked for m in recent)
        p = right / asked
        # A perfect (or zero) mock still leaves doubt: never a zero variance.
        estimates.append((p, max(p * (1 - p), 0.25 / asked) / asked))
    precision = sum(1 / v for _, v in estimates)
    mu = sum(m / v for m, v in estimates) / precision
    n = blueprint.questions
    spread = math.sqrt(1 / precision + mu * (1 - mu) / n)
    needed = math.ceil(blueprint.pass_percent * n / 100)
    threshold = (needed - 0.5) / n
    chance = 1 - normal_cdf((threshold - mu) / spread)
    return Readiness(
        blueprint.exam,
        blueprint.pass_percent,
        Estimate(
            expected=mu,
            spread=spread,
            chance=chance,
            mocks=tuple(100 * m.right / m.asked for m in recent),
            practice_answers=practice_answers,
            prior=prior,
        ),
        None,
    )

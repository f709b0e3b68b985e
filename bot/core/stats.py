"""Daily-question streaks, computed from the guild's daily posts and one member's answers."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Streaks:
    current: int = 0  # consecutive daily questions answered, up to the latest
    best: int = 0
    current_correct: int = 0  # consecutive daily questions answered right
    best_correct: int = 0


def compute_streaks(
    posts: Sequence[Hashable],
    answers: Mapping[Hashable, bool],
    open_posts: Collection[Hashable] = (),
) -> Streaks:
    """Streaks over ``posts`` (daily post ids, oldest first).

    ``answers`` maps the post ids this member answered to whether the answer was right.
    Posts in ``open_posts`` (still answerable) that the member has not answered *yet* at the
    end of the list do not break the current streak: today's question is pending, not missed.
    """
    best = best_correct = run = run_correct = 0
    for post in posts:
        if post in answers:
            run += 1
            run_correct = run_correct + 1 if answers[post] else 0
        else:
            run = run_correct = 0
        best = max(best, run)
        best_correct = max(best_correct, run_correct)

    # Current streaks: count back from the newest post, skipping pending unanswered ones.
    items = list(posts)
    while items and items[-1] not in answers and items[-1] in open_posts:
        items.pop()
    current = current_correct = 0
    for post in reversed(items):
        if post not in answers:
            break
        current += 1
    for post in reversed(items):
        if not answers.get(post, False):
            break
        current_correct += 1
    return Streaks(current, best, current_correct, best_correct)


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    user_id: int
    name: str
    points: int
    correct: int
    answered: int


def rank_standings(rows: Iterable[tuple[int, str, int, int, int]]) -> list[Standing]:
    """Rows of (user_id, name, points, correct, answered) -> standings, best first.

    Ties on points and correct answers share a rank ("1, 2, 2, 4").
    """
    ordered = sorted(rows, key=lambda r: (-r[2], -r[3], r[4], r[0]))
    out: list[Standing] = []
    for pos, (uid, name, points, correct, answered) in enumerate(ordered, start=1):
        tied = bool(out) and (out[-1].points, out[-1].correct) == (points, correct)
        rank = out[-1].rank if tied else pos
        out.append(Standing(rank, uid, name, points, correct, answered))
    return out

"""Daily-question streaks, computed from the guild's daily posts and one member's answers."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
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

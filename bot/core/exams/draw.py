"""Drawing a mock exam: its length from what the member typed, and its questions to the
blueprint's count per area, avoiding what the member saw in their last attempts when the bank
has enough other questions (else the least recently seen come back first)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..blueprints.model import Blueprint

MIN_LENGTH = 5
LENGTH_WORDS: dict[str, float] = {"full": 1.0, "half": 0.5, "quarter": 0.25}


class ExamDrawError(ValueError):
    """A length or a draw the bank cannot satisfy; the message is shown to the member."""


@dataclass(frozen=True, slots=True)
class DrawnQuestion:
    question_id: str
    domain: str


def parse_length(text: str | None, blueprint: Blueprint) -> int:
    """``full`` (the default), ``half``, ``quarter`` or a number from 5 to the full exam's."""
    word = (text or "full").strip().lower()
    if word in LENGTH_WORDS:
        return max(MIN_LENGTH, round(blueprint.questions * LENGTH_WORDS[word]))
    full = blueprint.questions
    if not word.isdigit():
        raise ExamDrawError(
            f"Length must be full, half, quarter or a number from {MIN_LENGTH} to {full}, not {text!r}."
        )
    length = int(word)
    if not MIN_LENGTH <= length <= full:
        raise ExamDrawError(
            f"A {blueprint.exam} mock exam has from {MIN_LENGTH} to {full} questions, not {length}."
        )
    return length


def draw_exam(
    blueprint: Blueprint,
    length: int,
    pool: Mapping[str, Sequence[str]],
    last_seen: Mapping[str, datetime],
    rng: random.Random,
) -> list[DrawnQuestion]:
    """``length`` questions, per area as ``blueprint.counts_for(length)``, in a shuffled order.

    ``pool`` maps each area to its question ids; ``last_seen`` maps a question the member saw in
    their recent attempts to when. Raises :class:`ExamDrawError` when an area has too few.
    """
    drawn: list[DrawnQuestion] = []
    for domain, count in blueprint.counts_for(length).items():
        if count == 0:
            continue
        ids = sorted(set(pool.get(domain, ())))
        if len(ids) < count:
            raise ExamDrawError(
                f"The {blueprint.exam} bank has {len(ids)} question(s) in {domain}; "
                f"a {length}-question mock needs {count}."
            )
        drawn.extend(DrawnQuestion(qid, domain) for qid in _pick(ids, count, last_seen, rng))
    rng.shuffle(drawn)
    return drawn


def _pick(ids: list[str], count: int, last_seen: Mapping[str, datetime], rng: random.Random) -> list[str]:
    fresh = [qid for qid in ids if qid not in last_seen]
    rng.shuffle(fresh)
    if len(fresh) >= count:
        return fresh[:count]
    seen = [qid for qid in ids if qid in last_seen]
    rng.shuffle(seen)  # equal times in a random order
    seen.sort(key=lambda qid: last_seen[qid])
    return fresh + seen[: count - len(fresh)]

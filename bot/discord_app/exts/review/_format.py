"""Review sessions as Discord sees them: the custom_ids of their buttons (``cc:rev:``) and the
embeds of each step.  A session keeps no state in the process: its buttons carry it (the score so
far and, on an answer button, the question and when it was shown), so a restart loses nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

PREFIX = "cc:rev"
ANSWER_ID = re.compile(
    rf"{PREFIX}:a:(?P<right>\d{{1,4}}):(?P<asked>\d{{1,4}}):(?P<shown>\d{{1,12}}):(?P<choice>\d):(?P<qid>[^\s]+)"
)
NEXT_ID = re.compile(rf"{PREFIX}:n:(?P<right>\d{{1,4}}):(?P<asked>\d{{1,4}})")
MAX_COUNT = 9999  # a session's counters stop there (the custom_id stays short)


@dataclass(frozen=True, slots=True)
class Score:
    right: int = 0
    asked: int = 0

    def after(self, correct: bool) -> Score:
        return Score(min(MAX_COUNT, self.right + correct), min(MAX_COUNT, self.asked + 1))


def answer_id(score: Score, shown_at: datetime, choice: int, question_id: str) -> str:
    return f"{PREFIX}:a:{score.right}:{score.asked}:{int(shown_at.timestamp())}:{choice}:{question_id}"


def next_id(score: Score) -> str:
    return f"{PREFIX}:n:{score.right}:{score.asked}"


def shown_time(epoch: str) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)

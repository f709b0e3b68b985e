"""Result types shared by several services and the cards: the ``Round`` view, a posted round
question, how a round ended, the outcome of an answer and the summary shown at a reveal.

Services return these, never the store's records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.banks.library import LETTERS, Question
from bot.core.rounds.rules import FinishReason
from bot.core.scoring import AnswerStatus
from bot.core.stats import Standing, Streaks
from bot.store.records import RoundQuestionRecord, RoundRecord

__all__ = [
    "AnswerResult",
    "AnswerStatus",
    "FinishReason",
    "RevealSummary",
    "Round",
    "RoundEnd",
    "RoundQuestion",
]


@dataclass(frozen=True, slots=True)
class Round:
    """A channel quiz round as the adapters see it."""

    id: int
    guild_id: int
    channel_id: int
    starter_id: int
    exam: str | None
    domain: str | None
    bank: str | None
    seconds: int
    question_ids: tuple[str, ...]
    current_index: int  # the question the round is at (0-based)
    active: bool
    finish_reason: FinishReason | None
    started_at: datetime
    finished_at: datetime | None

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @classmethod
    def from_record(cls, rec: RoundRecord) -> Round:
        return cls(
            id=rec.id,
            guild_id=rec.guild_id,
            channel_id=rec.channel_id,
            starter_id=rec.starter_id,
            exam=rec.exam,
            domain=rec.domain,
            bank=rec.bank,
            seconds=rec.seconds,
            question_ids=rec.question_ids,
            current_index=rec.current_index,
            active=rec.active,
            finish_reason=rec.finish_reason,
            started_at=rec.started_at,
            finished_at=rec.finished_at,
        )


@dataclass(frozen=True, slots=True)
class RoundQuestion:
    """A posted question of a round (``id`` goes into button custom_ids)."""

    id: int
    round_id: int
    index: int  # 0-based
    number: int  # 1-based, for "Question 3/10"
    total: int
    question: Question
    seconds: int
    message_id: int | None
    posted_at: datetime
    deadline: datetime

    @classmethod
    def posted(cls, rnd: RoundRecord, rq: RoundQuestionRecord, question: Question) -> RoundQuestion:
        return cls(
            id=rq.id,
            round_id=rnd.id,
            index=rq.index,
            number=rq.index + 1,
            total=rnd.total,
            question=question,
            seconds=rnd.seconds,
            message_id=rq.message_id,
            posted_at=rq.posted_at,
            deadline=rq.deadline,
        )


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """Outcome of one answer (button click or typed answer).

    ``status``: ACCEPTED (recorded now, committed); DUPLICATE (the member had answered already;
    the first answer stands and ``correct``/``points``/``choice_index`` are the first answer's);
    CLOSED or MISSING (too late: revealed, timed out or gone; nothing recorded).
    ``reveal_now`` (rounds): every earlier participant has answered, the adapter may reveal early.
    ``streaks`` (daily): the member's streaks including this answer.
    """

    status: AnswerStatus
    correct_index: int
    explanation: str
    correct: bool | None = None
    points: int = 0
    choice_index: int | None = None
    streaks: Streaks | None = None
    reveal_now: bool = False

    @property
    def accepted(self) -> bool:
        return self.status is AnswerStatus.ACCEPTED

    @property
    def duplicate(self) -> bool:
        return self.status is AnswerStatus.DUPLICATE

    @property
    def too_late(self) -> bool:
        return self.status in (AnswerStatus.CLOSED, AnswerStatus.MISSING)


@dataclass(frozen=True, slots=True)
class RevealSummary:
    """What to show when a question is revealed."""

    question: Question
    correct_index: int
    explanation: str
    source: str
    correct_users: tuple[tuple[int, str], ...]  # (user_id, name), fastest first
    counts: tuple[int, ...]  # answers per option A..
    shares: tuple[float, ...]  # 0..1 per option (0 when nobody answered)
    total: int
    already_revealed: bool = False
    # rounds only
    round: Round | None = None
    round_finished: bool = False
    finish_reason: FinishReason | None = None
    standings: tuple[Standing, ...] = ()

    @property
    def correct_letter(self) -> str:
        return LETTERS[self.correct_index]

    @property
    def correct_text(self) -> str:
        return self.question.choices[self.correct_index]


@dataclass(frozen=True, slots=True)
class RoundEnd:
    """A round stopped (or expired): its final state, standings and the question it closed."""

    round: Round
    standings: tuple[Standing, ...]
    closed_question: RevealSummary | None  # the question that was open when stopped

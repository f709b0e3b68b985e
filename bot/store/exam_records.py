"""Mock exam attempts in the store: the records, and the ``ExamsStore`` Protocol both engines
implement (``bot.store.exams`` on SQLite, ``bot.store.postgres.exams`` on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

ExamStatus = Literal["active", "submitted", "timed_out"]


@dataclass(frozen=True, slots=True)
class NewExamAttempt:
    user_id: int
    exam: str
    started_at: datetime
    deadline: datetime
    items: tuple[tuple[str, str], ...]  # (question_id, domain) in the order asked
    channel_id: int | None = None  # the DM channel the exam runs in, when known


@dataclass(frozen=True, slots=True)
class ExamAttemptRecord:
    id: int
    user_id: int
    exam: str
    length: int
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    position: int  # 0-based: the question the member is on
    shown_at: datetime  # when they arrived at it (time spent there is added when they leave)
    status: ExamStatus
    channel_id: int | None
    notified: bool  # a time-out notice was sent (exactly once)


@dataclass(frozen=True, slots=True)
class ExamItemRecord:
    attempt_id: int
    position: int
    question_id: str
    domain: str
    chosen: int | None  # 0-based choice, None when unanswered
    flagged: bool
    seconds: float


def to_millis(seconds: float) -> int:
    """Time spent as whole milliseconds: ``db export`` carries integers exactly, not decimals."""
    return max(0, round(seconds * 1000))


def item_from_row(row: Any) -> ExamItemRecord:
    """An ``exam_items`` row, from either engine (no column needs converting)."""
    return ExamItemRecord(
        row["attempt_id"],
        row["position"],
        row["question_id"],
        row["domain"],
        row["chosen"],
        bool(row["flagged"]),
        row["millis"] / 1000,
    )


@dataclass(frozen=True, slots=True)
class ExamStep:
    """One move in an active attempt, in one transaction: the time since ``shown_at`` goes to
    the item at ``position`` (with its new answer or flag, if any); then the member is at
    ``to_position`` from ``now``."""

    position: int
    seconds: float
    to_position: int
    now: datetime
    chosen: int | None = None  # set this answer (None: leave the answer as it is)
    flagged: bool | None = None  # set the flag (None: leave it)


class ExamsStore(Protocol):
    async def create_attempt(self, new: NewExamAttempt) -> ExamAttemptRecord | None:
        """The new active attempt with its items, or None when the member already has one."""
        ...

    async def get_attempt(self, attempt_id: int) -> ExamAttemptRecord | None: ...

    async def active_attempt(self, user_id: int) -> ExamAttemptRecord | None: ...

    async def items(self, attempt_id: int) -> list[ExamItemRecord]: ...

    async def step(self, attempt_id: int, step: ExamStep) -> bool:
        """Apply ``step`` if the attempt is still active and at ``step.position``; False if not
        (submitted meanwhile, or another click moved it first)."""
        ...

    async def finish(
        self, attempt_id: int, status: ExamStatus, now: datetime, seconds: float
    ) -> ExamAttemptRecord | None:
        """Submit (or time out) an active attempt, adding ``seconds`` to the current item; the
        finished record, or None when it was not active (someone else finished it)."""
        ...

    async def expired_attempts(self, now: datetime) -> list[ExamAttemptRecord]:
        """Active attempts whose deadline has passed (for start-up recovery)."""
        ...

    async def finished_attempts(
        self, user_id: int, exam: str | None = None, limit: int = 20
    ) -> list[ExamAttemptRecord]:
        """The member's submitted or timed-out attempts, newest first."""
        ...

    async def recent_questions(self, user_id: int, exam: str, attempts: int) -> dict[str, datetime]:
        """Question id -> when last asked, over the member's last ``attempts`` attempts at ``exam``."""
        ...

    async def unnotified_timeouts(self) -> list[ExamAttemptRecord]:
        """Timed-out attempts whose notice has not been sent yet."""
        ...

    async def mark_notified(self, attempt_id: int) -> bool: ...

    async def forget_member(self, user_id: int) -> int:
        """Delete every attempt (and item) of the member; how many attempts."""
        ...


__all__ = ["ExamAttemptRecord", "ExamItemRecord", "ExamStatus", "ExamStep", "ExamsStore", "NewExamAttempt"]

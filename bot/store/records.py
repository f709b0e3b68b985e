"""What the store returns and accepts: frozen records with aware UTC datetimes.

These are storage records, not the application's views: the services turn them into their own
result types (a ``Round``, a ``DailySchedule`` ...) before anything reaches an adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

from bot.core.rounds.rules import FinishReason
from bot.core.scoring import AnswerStatus

AnswerKind = Literal["quiz", "daily"]
RoundStatus = Literal["active", "finished"]
ScoreRow = tuple[int, str, int, int, int]
"""(user_id, latest name, points, correct answers, answers), as ``bot.core.stats`` ranks them."""


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    quiz_channel_id: int | None = None
    daily_channel_id: int | None = None
    daily_time: str | None = None  # "HH:MM" local
    timezone: str = "UTC"
    daily_exam: str | None = None
    daily_enabled: bool = False
    next_run_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoundRecord:
    id: int
    guild_id: int
    channel_id: int
    starter_id: int
    exam: str | None
    domain: str | None
    bank: str | None
    seconds: int
    question_ids: tuple[str, ...]
    current_index: int
    status: RoundStatus
    unanswered_streak: int
    finish_reason: FinishReason | None
    started_at: datetime
    finished_at: datetime | None

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class NewRound:
    """A round to create (``RoundsStore.create_round``)."""

    guild_id: int
    channel_id: int
    starter_id: int
    exam: str | None
    domain: str | None
    bank: str | None
    seconds: int
    question_ids: tuple[str, ...]
    started_at: datetime


@dataclass(frozen=True, slots=True)
class RoundQuestionRecord:
    id: int
    round_id: int
    index: int
    question_id: str
    message_id: int | None
    posted_at: datetime
    deadline: datetime
    revealed: bool
    revealed_at: datetime | None


@dataclass(frozen=True, slots=True)
class DailyPostRecord:
    id: int
    guild_id: int
    local_date: date
    question_id: str
    channel_id: int
    message_id: int | None
    posted_at: datetime
    revealed_at: datetime | None


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    """A message the bot must post exactly once: recorded before the send, done after it."""

    id: int
    key: str
    channel_id: int
    created_at: datetime
    message_id: int | None
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class LeaseRecord:
    """Who owns a piece of running work (``resource``, e.g. ``round:12``) and until when."""

    resource: str
    holder: str
    acquired_at: datetime
    expires_at: datetime

    def live(self, now: datetime) -> bool:
        """Whether the lease still holds at ``now`` (past ``expires_at`` anyone may take it)."""
        return now < self.expires_at


@dataclass(frozen=True, slots=True)
class NewAnswer:
    """An answer to record: ``target_id`` is the round question id (kind "quiz") or the daily
    post id (kind "daily")."""

    kind: AnswerKind
    target_id: int
    guild_id: int
    user_id: int
    user_name: str
    question_id: str
    domain: str
    choice: int
    correct: bool
    points: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    id: int
    guild_id: int
    user_id: int
    user_name: str
    kind: AnswerKind
    round_question_id: int | None
    daily_post_id: int | None
    question_id: str
    domain: str
    choice: int
    correct: bool
    points: int
    answered_at: datetime


class AnswerOutcome(NamedTuple):
    """``record_answer``'s result: the status and the answer that counts (the new one when
    accepted, the member's earlier one when a duplicate, None when closed or missing)."""

    status: AnswerStatus
    answer: AnswerRecord | None


@dataclass(frozen=True, slots=True)
class DomainCount:
    domain: str
    answered: int
    correct: int


@dataclass(frozen=True, slots=True)
class MemberCounts:
    answered: int = 0
    correct: int = 0
    points: int = 0
    domains: tuple[DomainCount, ...] = ()


@dataclass(frozen=True, slots=True)
class DailyStreakRow:
    """One of a guild's daily posts, oldest first, as one member's streak sees it."""

    post_id: int
    open: bool  # not revealed yet (an unanswered open post does not break a streak)
    correct: bool | None  # None: the member did not answer it


TransferRow = dict[str, int | str | None]
"""One row as export and import see it: column -> JSON-native value."""


@dataclass(frozen=True, slots=True)
class ForgetResult:
    """What forgetting a member removed or changed in one server."""

    answers_deleted: int
    rounds_anonymised: int
    reports_deleted: int = 0
    review_cards_deleted: int = 0  # the member's review cards (per member, every server's)
    drills_deleted: int = 0  # the member's drills (kept per member, so in every server)
    plan_rows_deleted: int = 0  # the member's study plan, its activity and reminder rows
    votes_deleted: int = 0  # the member's votes on answers in the server (the queue names nobody)


@dataclass(frozen=True, slots=True)
class QuestionReport:
    """One member's report of a bad question in one server (the latest reason they gave)."""

    guild_id: int
    question_id: str
    user_id: int
    reason: str
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class ReportCount:
    """How many members of a server reported a question, and when the latest did."""

    question_id: str
    reports: int
    latest_at: datetime


@dataclass(frozen=True, slots=True)
class DrillSessionRecord:
    """One member's drill: the questions in asking order and how far they got."""

    id: int
    user_id: int
    exam: str
    domain: str
    question_ids: tuple[str, ...]
    position: int  # the question being asked, 0-based (= the answers given)
    started_at: datetime
    shown_at: datetime  # when the question at ``position`` was shown
    finished_at: datetime | None

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def active(self) -> bool:
        return self.finished_at is None

    @property
    def all_answered(self) -> bool:
        return self.position >= self.total


@dataclass(frozen=True, slots=True)
class DrillAnswerRecord:
    session_id: int
    position: int
    question_id: str
    domain: str
    choice: int
    correct: bool
    answered_at: datetime
    seconds: int | None


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A member's study plan (one per member); dates are their local dates."""

    user_id: int
    exam: str
    exam_date: date
    start_date: date
    hours_per_week: int
    timezone: str
    remind_at: str | None  # "HH:MM" local; None: no reminders
    enabled: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PlanActivity:
    """A member's answers in one area on one of their local days, while they had a plan."""

    local_date: date
    domain: str
    answered: int
    correct: int


ReminderOutcome = Literal["sent", "closed", "failed"]

"""The narrow interface the services depend on: one ``typing.Protocol`` per aggregate.

The SQLite classes of this package implement them; a PostgreSQL back end will implement the
same Protocols.  Services import this module and ``records`` only, never the implementations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.core.rounds.rules import FinishReason, RoundAdvance

from .errors import TransferRefused

# Mock exams: their records and Protocol live in their own module; services take them from here.
from .exam_records import (
    ExamAttemptRecord,
    ExamItemRecord,
    ExamsStore,
    ExamStatus,
    ExamStep,
    NewExamAttempt,
)

# The feedback loop (unanswered queue, votes on answers): its records and Protocol live apart too.
from .feedback_interface import FeedbackStore, NewVote, UnansweredItem
from .records import (
    AnswerKind,
    AnswerOutcome,
    AnswerRecord,
    DailyPostRecord,
    DailyStreakRow,
    ForgetResult,
    GuildSettings,
    LeaseRecord,
    MemberCounts,
    NewAnswer,
    NewRound,
    OutboxRecord,
    QuestionReport,
    ReportCount,
    RoundQuestionRecord,
    RoundRecord,
    ScoreRow,
    TransferRow,
)

# Exam prep (spaced review, drills, study plans): their Protocols live in their own module.
from .study_interface import CardChange, DrillStore, PlansStore, ReviewStore

__all__ = [
    "AnswersStore",
    "CardChange",
    "DailyStore",
    "DrillStore",
    "ExamAttemptRecord",
    "ExamItemRecord",
    "ExamStatus",
    "ExamStep",
    "ExamsStore",
    "FeedbackStore",
    "GuildSettingsStore",
    "LeaseStore",
    "NewExamAttempt",
    "NewVote",
    "OutboxStore",
    "PlansStore",
    "PrivacyStore",
    "ReportsStore",
    "ReviewStore",
    "RoundsStore",
    "TransferRefused",
    "TransferStore",
    "UnansweredItem",
]


Advance = Callable[[RoundRecord, RoundQuestionRecord, int], RoundAdvance]
"""``advance(round, revealed question, answers to it)``: the pure rule of ``bot.core.rounds``,
applied inside the reveal's transaction by every engine."""


class RoundsStore(Protocol):
    async def create_round(self, new: NewRound) -> RoundRecord | None:
        """None when the channel already has an active round."""
        ...

    async def get_round(self, round_id: int) -> RoundRecord | None: ...

    async def active_round_in_channel(self, channel_id: int) -> RoundRecord | None: ...

    async def active_rounds(self, guild_id: int | None = None) -> list[RoundRecord]: ...

    async def get_round_question(self, rq_id: int) -> RoundQuestionRecord | None: ...

    async def round_question_at(self, round_id: int, index: int) -> RoundQuestionRecord | None: ...

    async def latest_round_question(self, round_id: int) -> RoundQuestionRecord | None: ...

    async def create_round_question(
        self,
        *,
        round_id: int,
        index: int,
        question_id: str,
        posted_at: datetime,
        deadline: datetime,
        message_id: int | None,
    ) -> tuple[RoundQuestionRecord, bool]:
        """(record, created); idempotent per (round, index)."""
        ...

    async def set_round_question_message(self, rq_id: int, message_id: int) -> None: ...

    async def reveal_round_question(
        self,
        rq_id: int,
        now: datetime,
        advance: Advance,
    ) -> tuple[bool, RoundRecord | None]:
        """(revealed now, round after), atomically."""
        ...

    async def finish_round(
        self, round_id: int, reason: FinishReason, now: datetime
    ) -> tuple[bool, list[int]]:
        """(finished now, ids of the round questions this closed)."""
        ...


class DailyStore(Protocol):
    async def create_daily_post(
        self,
        *,
        guild_id: int,
        local_date: date,
        question_id: str,
        channel_id: int,
        now: datetime,
        next_run_at: datetime | None,
    ) -> tuple[DailyPostRecord, bool]:
        """(post, created); at most one post per guild and local date."""
        ...

    async def get_daily_post(self, post_id: int) -> DailyPostRecord | None: ...

    async def daily_post_for_date(self, guild_id: int, day: date) -> DailyPostRecord | None: ...

    async def set_daily_message(self, post_id: int, message_id: int) -> None: ...

    async def daily_posts(self, guild_id: int) -> list[DailyPostRecord]: ...

    async def daily_question_history(self, guild_id: int) -> list[str]: ...

    async def unrevealed_daily_posts(self) -> list[tuple[DailyPostRecord, bool]]:
        """(post, superseded by a newer post of its guild)."""
        ...

    async def unsent_daily_posts(self) -> list[DailyPostRecord]: ...

    async def mark_daily_revealed(self, post_id: int, now: datetime) -> bool: ...


class AnswersStore(Protocol):
    async def record_answer(self, new: NewAnswer) -> AnswerOutcome:
        """Committed before it returns; the database refuses double and late answers."""
        ...

    async def answers_for_round_question(self, rq_id: int) -> list[AnswerRecord]: ...

    async def answers_for_daily_post(self, post_id: int) -> list[AnswerRecord]: ...

    async def round_waiting_on(self, round_id: int, index: int, rq_id: int) -> tuple[int, int]: ...

    async def round_waiting_on_any(self, round_id: int, index: int, rq_id: int) -> tuple[bool, bool]: ...

    async def member_daily_answers(self, guild_id: int, user_id: int) -> dict[int, bool]: ...

    async def daily_streak_rows(self, guild_id: int, user_id: int) -> list[DailyStreakRow]: ...

    async def round_standings_rows(self, round_id: int) -> list[ScoreRow]: ...

    async def leaderboard(
        self, guild_id: int, *, since: datetime | None, kind: AnswerKind | None, limit: int = 10
    ) -> list[ScoreRow]: ...

    async def member_counts(self, guild_id: int, user_id: int) -> MemberCounts: ...


class GuildSettingsStore(Protocol):
    async def get_guild_settings(self, guild_id: int) -> GuildSettings | None: ...

    async def save_daily_settings(
        self,
        guild_id: int,
        *,
        channel_id: int,
        daily_time: str,
        timezone_name: str,
        exam: str | None,
        next_run_at: datetime,
        now: datetime,
    ) -> GuildSettings: ...

    async def disable_daily(self, guild_id: int, now: datetime) -> bool: ...

    async def set_quiz_channel(self, guild_id: int, channel_id: int | None, now: datetime) -> None: ...

    async def set_next_run(self, guild_id: int, next_run_at: datetime | None) -> None: ...

    async def due_guilds(self, now: datetime) -> list[GuildSettings]: ...

    async def add_ask_channel(self, guild_id: int, channel_id: int, now: datetime) -> bool: ...

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool: ...

    async def ask_channels(self, guild_id: int) -> list[int]: ...


class OutboxStore(Protocol):
    """Messages to post exactly once, keyed by what they are (e.g. ``round-reveal:12``)."""

    async def record_intent(self, key: str, channel_id: int, now: datetime) -> tuple[OutboxRecord, bool]:
        """(intent, created now); idempotent per key."""
        ...

    async def get_intent(self, key: str) -> OutboxRecord | None: ...

    async def mark_done(self, key: str, message_id: int | None, now: datetime) -> bool: ...

    async def pending_intents(self, prefix: str) -> list[OutboxRecord]: ...


class LeaseStore(Protocol):
    """Leases: which process (``holder``, its instance id) owns a piece of running work
    (``resource``, e.g. ``round:12``) until ``expires_at``.  Times come from the caller's clock,
    so the processes sharing a database need synchronised clocks (NTP; seconds of skew are
    fine against a lease of tens of seconds)."""

    async def acquire_lease(self, resource: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Atomically take or renew: True when ``holder`` now holds ``resource`` until
        ``now + ttl`` (it was free, expired at ``now``, or already held by ``holder``); False
        when another holder's lease is live.  Of racing acquirers exactly one wins."""
        ...

    async def release_lease(self, resource: str, holder: str) -> bool:
        """Give the lease up (False when ``holder`` did not hold it: it changes nothing)."""
        ...

    async def release_leases(self, holder: str) -> int:
        """Give up every lease ``holder`` holds (a process shutting down); how many there were."""
        ...

    async def leases(self, prefix: str) -> list[LeaseRecord]:
        """Every lease whose resource starts with ``prefix``, expired ones included, by resource."""
        ...


class ReportsStore(Protocol):
    """Members' reports of bad questions and the questions a server retired from its rotation."""

    async def save_report(
        self, guild_id: int, question_id: str, user_id: int, reason: str, now: datetime
    ) -> bool:
        """True for a new report; False when the member had reported it (the reason is replaced)."""
        ...

    async def report_counts(self, guild_id: int, limit: int) -> list[ReportCount]:
        """The most-reported questions of the guild first (ties: latest report first)."""
        ...

    async def guild_reports(self, guild_id: int, question_ids: Sequence[str]) -> list[QuestionReport]:
        """The reports of those questions in the guild, newest first."""
        ...

    async def retire_question(self, guild_id: int, question_id: str, now: datetime) -> bool:
        """False when it was retired already."""
        ...

    async def restore_question(self, guild_id: int, question_id: str) -> bool:
        """False when it was not retired."""
        ...

    async def retired_questions(self, guild_id: int) -> frozenset[str]: ...


class PrivacyStore(Protocol):
    """Removing a member's data from one server."""

    async def forget_member(self, guild_id: int, user_id: int) -> ForgetResult:
        """In one transaction: delete the member's answers in the guild and take their id off
        the rounds they started there (``starter_id`` becomes 0, the round stays), and delete
        their question reports and votes on answers there; delete the member's review cards
        (they are per member, across servers)."""
        ...

    async def rows_naming_member(self, guild_id: int, user_id: int) -> int:
        """How many rows of the guild still name the member (0 after ``forget_member``)."""
        ...


class TransferStore(Protocol):
    """Engine-neutral row access for export, import and migration reports.

    A row is a mapping of column name to a JSON-native value: ``int``, ``str`` or ``None``
    (times are the UTC text form ``YYYY-MM-DDTHH:MM:SS.ffffffZ``, dates ``YYYY-MM-DD``, booleans
    0/1, a round's question ids the JSON text the SQLite store writes, ids as stored): SQLite's
    own form.  Another engine (``bot.store.postgres.row_format``) converts to and from it exactly
    in ``dump``/``load``, refusing a value it could not give back unchanged, and, after
    ``load``, moves its id sequences past the highest id loaded.
    """

    @property
    def tables(self) -> tuple[str, ...]:
        """Every table, in an order where a row's references come before it (load order)."""
        ...

    async def schema_version(self) -> int: ...

    async def dump(self) -> dict[str, list[TransferRow]]:
        """Every table's rows (tables in load order, rows by primary key), read as one
        consistent snapshot even while the bot writes."""
        ...

    async def load(self, rows: Mapping[str, Sequence[TransferRow]]) -> None:
        """Insert ``rows`` (table -> rows, ids included) in one transaction, tables in load
        order; raises ``TransferRefused`` (nothing written) when any table already has rows."""
        ...

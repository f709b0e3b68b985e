"""Quiz service: channel quiz rounds, the daily question, leaderboards and member stats.

Discord-free: the Discord cogs and the console both call this class, so every rule lives
here (or in the pure core ``bot.core``) and both surfaces behave the same.  All state
is kept per guild in the ``Store``; every method is ``async``.  Methods taking ``now``
default to ``clock()`` (an aware UTC datetime).

Errors a member can cause raise a ``QuizError`` subclass whose ``message`` (and ``str()``)
is a friendly sentence to show as is.

Channel quiz round, as the cog drives it::

    rnd = await svc.start_round(guild_id, channel_id, starter_id, exam, domain, bank, count, seconds)
    while rnd.active:
        rq = await svc.post_question(rnd.id)          # records posted_at and the deadline
        msg = await channel.send(render(rq))          # buttons: custom_id carries rq.id
        await svc.set_question_message(rq.id, msg.id)
        # buttons -> svc.answer(rq.id, user.id, user.display_name, choice_index)
        # typed   -> svc.answer_typed(channel_id, user.id, user.display_name, text)
        # reveal when rq.deadline passes or an AnswerResult has reveal_now=True:
        summary = await svc.reveal_question(rq.id)    # summary.round is the round after
        rnd = summary.round
    # summary.standings holds the final standings when summary.round_finished

Daily question, as a once-a-minute ticker drives it::

    for due in await svc.due_daily():
        if due.action == "skip":
            await svc.skip_daily(due.guild_id)         # missed and the local day is over
            continue
        post = await svc.create_daily_post(due.guild_id)   # None: already posted today
        if post:
            msg = await send(post); await svc.set_daily_message(post.id, msg.id)
    for post in await svc.daily_posts_to_reveal():      # superseded or older than 24 h
        summary = await svc.reveal_daily(post.id)
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.banks.domains import DOMAINS, EXAMS, domain_title
from bot.core.banks.library import LETTERS, BankSummary, Question, QuizLibrary
from bot.core.daily import catch_up_action, local_date, next_run, parse_hhmm, pick_daily_question
from bot.core.rounds.rules import advance_after_reveal, early_reveal, pick_round_questions
from bot.core.rounds.typed_answers import match_typed_answer
from bot.core.scoring import score_answer
from bot.core.stats import Standing, Streaks, compute_streaks, rank_standings
from bot.storage import (
    AnswerRecord,
    DailyPostRecord,
    GuildSettings,
    RoundQuestionRecord,
    RoundRecord,
    Store,
)

MIN_COUNT, MAX_COUNT = 1, 50
MIN_SECONDS, MAX_SECONDS = 10, 300
DEFAULT_COUNT, DEFAULT_SECONDS = 10, 30
DAILY_WINDOW = timedelta(hours=24)  # a daily post is revealed after this (or at the next post)
ANSWER_GRACE = timedelta(seconds=1)  # network latency allowance after a round deadline
MIN_DOMAIN_ANSWERS = 3  # answers in a domain before it can be named the weakest
STALE_ROUND = timedelta(minutes=15)  # at start-up, older idle rounds are finished, not resumed
PERIODS = {"week": timedelta(days=7), "month": timedelta(days=30), "all": None}
KINDS = ("all", "quiz", "daily")

Round = RoundRecord  # re-exported for callers: id, guild_id, channel_id, starter_id, ..., active, total


# --------------------------------------------------------------------------- errors


class QuizError(Exception):
    """A member-facing problem; ``message`` is friendly text to show as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RoundAlreadyRunning(QuizError):
    pass


class NoQuestionsMatch(QuizError):
    pass


class InvalidOption(QuizError):
    """A parameter out of range or unknown (count, seconds, time, exam, period, choice...)."""


class UnknownTimezone(InvalidOption):
    pass


class NotAllowed(QuizError):
    pass


class NotFound(QuizError):
    pass


class RoundNotActive(QuizError):
    pass


class DailyNotConfigured(QuizError):
    pass


# --------------------------------------------------------------------------- results


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
    revealed: bool


@dataclass(frozen=True, slots=True)
class DailyPost:
    id: int
    guild_id: int
    local_date: date
    question: Question
    channel_id: int
    message_id: int | None
    posted_at: datetime
    revealed_at: datetime | None

    @property
    def closes_at(self) -> datetime:
        """Latest reveal time (it is revealed earlier when the next post comes)."""
        return self.posted_at + DAILY_WINDOW


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """Outcome of one answer (button click or typed answer).

    accepted: recorded now (committed).  duplicate: the member had answered already; the
    first answer stands (``correct``/``points``/``choice_index`` are the first answer's).
    too_late: the question was revealed / timed out; nothing recorded.
    reveal_now: (rounds) every earlier participant has answered: the cog may reveal early.
    streaks: (daily) the member's streaks including this answer.
    """

    accepted: bool
    duplicate: bool = False
    too_late: bool = False
    correct: bool | None = None
    points: int = 0
    choice_index: int | None = None
    correct_index: int | None = None
    explanation: str | None = None
    question_id: str | None = None
    streaks: Streaks | None = None
    reveal_now: bool = False

    @property
    def message(self) -> str:
        """A short default reply for the member (plain text)."""
        if self.too_late:
            return "Too late, this question has already been revealed. Catch the next one!"
        letter = LETTERS[self.choice_index] if self.choice_index is not None else "?"
        if self.duplicate:
            return f"You already answered {letter}; your first answer counts."
        if self.correct:
            return f"Locked in {letter}: correct! +{self.points} points."
        return f"Locked in {letter}. Not quite; the answer is {LETTERS[self.correct_index or 0]}."


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
    round: RoundRecord | None = None
    round_finished: bool = False
    finish_reason: str | None = None
    standings: tuple[Standing, ...] = ()
    # daily only
    daily_post_id: int | None = None

    @property
    def correct_letter(self) -> str:
        return LETTERS[self.correct_index]

    @property
    def correct_text(self) -> str:
        return self.question.choices[self.correct_index]


@dataclass(frozen=True, slots=True)
class RoundEnd:
    round: RoundRecord
    standings: tuple[Standing, ...]
    closed_question: RevealSummary | None  # the question that was open when stopped


@dataclass(frozen=True, slots=True)
class DueDaily:
    guild_id: int
    channel_id: int
    action: Literal["post", "skip"]
    scheduled_at: datetime
    local_date: date
    timezone: str


@dataclass(frozen=True, slots=True)
class DomainStats:
    domain: str
    title: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class MemberStats:
    user_id: int
    answered: int
    correct: int
    points: int
    streaks: Streaks
    domains: tuple[DomainStats, ...]
    weakest: DomainStats | None  # lowest accuracy among domains with >= 3 answers

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def current_streak(self) -> int:
        return self.streaks.current

    @property
    def best_streak(self) -> int:
        return self.streaks.best


@dataclass(frozen=True, slots=True)
class RecoveryPlan:
    """What to do after a restart (see ``QuizService.startup_recovery``)."""

    resume_rounds: tuple[RoundRecord, ...] = ()
    finished_rounds: tuple[RoundEnd, ...] = ()
    daily_to_send: tuple[DailyPost, ...] = ()
    daily_to_reveal: tuple[DailyPost, ...] = ()


# --------------------------------------------------------------------------- helpers


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def resolve_timezone(name: str) -> ZoneInfo:
    """A ZoneInfo for an IANA name (case-insensitive); raises UnknownTimezone."""
    cleaned = (name or "").strip().replace(" ", "_")
    canonical = _zone_names().get(cleaned.lower(), cleaned)
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimezone(
            f"I don't know the time zone {name!r}. Use an IANA name such as America/New_York, "
            "Europe/London or Australia/Sydney."
        ) from None


# --------------------------------------------------------------------------- the service


class QuizService:
    """The quiz application layer.  ``QuizService(store, library, clock=utcnow, rng=None)``."""

    def __init__(
        self,
        store: Store,
        library: QuizLibrary,
        clock: Callable[[], datetime] = _utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.library = library
        self.clock = clock
        self.rng = rng or random.Random()
        # Posted round questions never change except for "revealed" (which the store checks
        # inside the answer transaction), so the answer path can skip two lookups.
        self._posted_cache: OrderedDict[int, tuple[RoundQuestionRecord, RoundRecord]] = OrderedDict()
        self._revealed: set[int] = set()  # revealed by this process: refuse without a query
        # Daily posts, per guild, for streaks: this process is the only writer of posts, so the
        # list is refreshed whenever it creates or reveals one (the answer path then reads
        # only the member's answers).
        self._daily_posts: dict[int, list[tuple[int, bool]]] = {}
        self._post_cache: dict[int, DailyPostRecord] = {}

    async def _posted(self, rq_id: int) -> tuple[RoundQuestionRecord, RoundRecord]:
        hit = self._posted_cache.get(rq_id)
        if hit is not None:
            self._posted_cache.move_to_end(rq_id)
            return hit
        rq = await self.store.get_round_question(rq_id)
        if rq is None:
            raise NotFound("I can't find that quiz question.")
        rnd = await self.get_round(rq.round_id)
        if rq.revealed:
            self._revealed.add(rq_id)
        self._posted_cache[rq_id] = (rq, rnd)  # only immutable fields are used from these
        while len(self._posted_cache) > 4096:
            self._posted_cache.popitem(last=False)
        return rq, rnd

    def _now(self, now: datetime | None) -> datetime:
        return _aware(now if now is not None else self.clock())

    def reload_library(self, library: QuizLibrary) -> None:
        """Swap in freshly loaded banks (running rounds keep their question ids)."""
        self.library = library

    def _question(self, question_id: str) -> Question:
        q = self.library.get(question_id)
        if q is None:
            raise NotFound("That question is no longer in the question banks.")
        return q

    # ----------------------------------------------------------------- banks

    def banks_overview(self) -> list[BankSummary]:
        """Every bank: id, title, exams, question count, counts per domain id."""
        return self.library.overview()

    # ----------------------------------------------------------------- rounds

    async def start_round(
        self,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        exam: str | None = None,
        domain: str | None = None,
        bank: str | None = None,
        count: int = DEFAULT_COUNT,
        seconds: int = DEFAULT_SECONDS,
        now: datetime | None = None,
    ) -> RoundRecord:
        """Start a round of ``count`` distinct random questions matching the filters.

        Raises InvalidOption (count outside 1-50, seconds outside 10-300, unknown exam /
        domain / bank), RoundAlreadyRunning, NoQuestionsMatch.  If fewer questions match
        than ``count`` the round asks all of them (``round.total``).
        """
        now = self._now(now)
        if not isinstance(count, int) or not MIN_COUNT <= count <= MAX_COUNT:
            raise InvalidOption(f"Pick between {MIN_COUNT} and {MAX_COUNT} questions.")
        if not isinstance(seconds, int) or not MIN_SECONDS <= seconds <= MAX_SECONDS:
            raise InvalidOption(f"Pick between {MIN_SECONDS} and {MAX_SECONDS} seconds per question.")
        exam = exam.strip().upper() if exam and exam.strip() else None
        domain = domain.strip().lower() if domain and domain.strip() else None
        bank = bank.strip().lower() if bank and bank.strip() else None
        if exam and exam not in EXAMS:
            raise InvalidOption(f"Unknown exam {exam!r}. Choose one of: {', '.join(EXAMS)}.")
        if domain and domain not in DOMAINS:
            raise InvalidOption(f"Unknown domain {domain!r}.")
        if bank and self.library.bank(bank) is None:
            raise InvalidOption(f"There is no question bank called {bank!r}.")
        if await self.store.active_round_in_channel(channel_id):
            raise RoundAlreadyRunning(
                "A quiz is already running in this channel. Wait for it to end or stop it first."
            )
        pool = [q.id for q in self.library.select(exam=exam, domain=domain, bank=bank)]
        if not pool:
            raise NoQuestionsMatch("No questions match those filters yet. Try another exam, domain or bank.")
        ids = pick_round_questions(pool, count, self.rng)
        rnd = await self.store.create_round(
            guild_id=guild_id,
            channel_id=channel_id,
            starter_id=starter_id,
            exam=exam,
            domain=domain,
            bank=bank,
            seconds=seconds,
            question_ids=ids,
            now=now,
        )
        if rnd is None:  # lost a race with another start in the same channel
            raise RoundAlreadyRunning(
                "A quiz is already running in this channel. Wait for it to end or stop it first."
            )
        return rnd

    async def get_round(self, round_id: int) -> RoundRecord:
        rnd = await self.store.get_round(round_id)
        if rnd is None:
            raise NotFound("I can't find that quiz.")
        return rnd

    async def active_round(self, channel_id: int) -> RoundRecord | None:
        """The channel's running round, if any (for typed answers and /quiz stop)."""
        return await self.store.active_round_in_channel(channel_id)

    async def active_rounds(self, guild_id: int | None = None) -> list[RoundRecord]:
        return await self.store.active_rounds(guild_id)

    def _rq_view(self, rnd: RoundRecord, rq: RoundQuestionRecord) -> RoundQuestion:
        return RoundQuestion(
            id=rq.id,
            round_id=rnd.id,
            index=rq.index,
            number=rq.index + 1,
            total=rnd.total,
            question=self._question(rq.question_id),
            seconds=rnd.seconds,
            message_id=rq.message_id,
            posted_at=rq.posted_at,
            deadline=rq.deadline,
            revealed=rq.revealed,
        )

    async def current_question(self, round_id: int) -> Question | None:
        """The question the round is at (posted or not); None when the round is over."""
        rnd = await self.get_round(round_id)
        if not rnd.active or rnd.current_index >= rnd.total:
            return None
        return self._question(rnd.question_ids[rnd.current_index])

    async def post_question(
        self, round_id: int, message_id: int | None = None, now: datetime | None = None
    ) -> RoundQuestion:
        """Record that the round's current question is posted now: its deadline starts.

        Idempotent (calling again returns the same question).  Pass ``message_id`` here or
        later with ``set_question_message``.  Raises RoundNotActive when the round is over.
        """
        now = self._now(now)
        rnd = await self.get_round(round_id)
        if not rnd.active or rnd.current_index >= rnd.total:
            raise RoundNotActive("This quiz has finished.")
        qid = rnd.question_ids[rnd.current_index]
        rq, _created = await self.store.create_round_question(
            round_id=rnd.id,
            index=rnd.current_index,
            question_id=qid,
            posted_at=now,
            deadline=now + timedelta(seconds=rnd.seconds),
            message_id=message_id,
        )
        return self._rq_view(rnd, rq)

    async def set_question_message(self, round_question_id: int, message_id: int) -> None:
        await self.store.set_round_question_message(round_question_id, message_id)

    async def open_question(self, round_id: int) -> RoundQuestion | None:
        """The posted, not yet revealed question of a round, if any."""
        rnd = await self.get_round(round_id)
        rq = await self.store.round_question_at(rnd.id, rnd.current_index)
        if rq is None or rq.revealed or not rnd.active:
            return None
        return self._rq_view(rnd, rq)

    async def get_round_question(self, round_question_id: int) -> RoundQuestion:
        rq = await self.store.get_round_question(round_question_id)
        if rq is None:
            raise NotFound("I can't find that quiz question.")
        return self._rq_view(await self.get_round(rq.round_id), rq)

    async def round_questions_due(self, now: datetime | None = None) -> list[RoundQuestion]:
        """Open questions whose timer has run out (for the cog's reveal ticker)."""
        out = []
        for rq in await self.store.round_questions_due(self._now(now)):
            rnd = await self.store.get_round(rq.round_id)
            if rnd is not None:
                out.append(self._rq_view(rnd, rq))
        return out

    async def answer(
        self,
        round_question_id: int,
        user_id: int,
        user_name: str,
        choice_index: int,
        now: datetime | None = None,
    ) -> AnswerResult:
        """Record a member's answer to a round question (committed before returning).

        Returns duplicate=True for a second answer (the first counts) and too_late=True
        after the reveal or the deadline.  Raises NotFound / InvalidOption.
        """
        now = self._now(now)
        rq, rnd = await self._posted(round_question_id)
        q = self._question(rq.question_id)
        if not 0 <= choice_index < len(q.choices):
            raise InvalidOption(f"Choose one of {', '.join(q.letters)}.")
        late = AnswerResult(
            accepted=False, too_late=True, correct_index=q.answer, explanation=q.explanation, question_id=q.id
        )
        if round_question_id in self._revealed:
            return late
        correct = choice_index == q.answer
        if now > rq.deadline + ANSWER_GRACE:
            return late
        elapsed = (now - rq.posted_at).total_seconds()
        points = score_answer(correct, min(elapsed, rnd.seconds), rnd.seconds)
        status, rec = await self.store.record_answer(
            kind="quiz",
            target_id=rq.id,
            guild_id=rnd.guild_id,
            user_id=user_id,
            user_name=user_name,
            question_id=q.id,
            domain=q.domain,
            choice=choice_index,
            correct=correct,
            points=points,
            answered_at=now,
        )
        return await self._answer_result(status, rec, q, round_ctx=(rnd, rq, now))

    async def _answer_result(
        self,
        status: str,
        rec: AnswerRecord | None,
        q: Question,
        round_ctx: tuple[RoundRecord, RoundQuestionRecord, datetime] | None = None,
        streaks: Streaks | None = None,
    ) -> AnswerResult:
        base = dict(correct_index=q.answer, explanation=q.explanation, question_id=q.id)
        if status in ("closed", "missing") or rec is None:
            return AnswerResult(accepted=False, too_late=True, **base)
        if status == "duplicate":
            return AnswerResult(
                accepted=False,
                duplicate=True,
                correct=rec.correct,
                points=rec.points,
                choice_index=rec.choice,
                streaks=streaks,
                **base,
            )
        reveal_now = False
        if round_ctx is not None:
            rnd, rq, _now = round_ctx
            before, missing = await self.store.round_waiting_on(rnd.id, rq.index, rq.id)
            reveal_now = early_reveal(before, missing)
        return AnswerResult(
            accepted=True,
            correct=rec.correct,
            points=rec.points,
            choice_index=rec.choice,
            streaks=streaks,
            reveal_now=reveal_now,
            **base,
        )

    async def answer_typed(
        self,
        channel_id: int,
        user_id: int,
        user_name: str,
        text: str,
        now: datetime | None = None,
    ) -> AnswerResult | None:
        """Treat a chat message as an answer to the channel's open round question.

        None when no round question is open in the channel or the text is not clearly an
        answer (see ``match_typed_answer``) - the cog then ignores the message.
        """
        rnd = await self.store.active_round_in_channel(channel_id)
        if rnd is None:
            return None
        rq = await self.store.round_question_at(rnd.id, rnd.current_index)
        if rq is None or rq.revealed:
            return None
        q = self.library.get(rq.question_id)
        if q is None:
            return None
        choice = match_typed_answer(text, q)
        if choice is None:
            return None
        return await self.answer(rq.id, user_id, user_name, choice, now)

    async def _summary(
        self, q: Question, answers: list[AnswerRecord], *, already: bool = False, **extra
    ) -> RevealSummary:
        counts = [0] * len(q.choices)
        for a in answers:
            if 0 <= a.choice < len(counts):
                counts[a.choice] += 1
        total = len(answers)
        return RevealSummary(
            question=q,
            correct_index=q.answer,
            explanation=q.explanation,
            source=q.source,
            correct_users=tuple((a.user_id, a.user_name) for a in answers if a.correct),
            counts=tuple(counts),
            shares=tuple((c / total) if total else 0.0 for c in counts),
            total=total,
            already_revealed=already,
            **extra,
        )

    async def reveal_question(self, round_question_id: int, now: datetime | None = None) -> RevealSummary:
        """Reveal a round question (idempotent) and move the round on.

        The summary has the answer, explanation, source, who got it right, share per
        option; ``round`` is the round afterwards, and when ``round_finished`` is True,
        ``finish_reason`` ("completed" | "inactive") and final ``standings`` are set.
        """
        now = self._now(now)
        rq = await self.store.get_round_question(round_question_id)
        if rq is None:
            raise NotFound("I can't find that quiz question.")
        q = self._question(rq.question_id)

        def advance(rnd: RoundRecord, rqr: RoundQuestionRecord, count: int):
            a = advance_after_reveal(rqr.index, rnd.total, rnd.unanswered_streak, count)
            return a.next_index, a.unanswered_streak, a.finished, a.reason

        revealed_now, rnd = await self.store.reveal_round_question(rq.id, now, advance)
        if len(self._revealed) > 100_000:
            self._revealed.clear()  # only a shortcut: the store refuses late answers anyway
        self._revealed.add(rq.id)
        answers = await self.store.answers_for_round_question(rq.id)
        finished = rnd is not None and not rnd.active
        standings = tuple(await self.standings(rnd.id)) if finished else ()
        return await self._summary(
            q,
            answers,
            already=not revealed_now,
            round=rnd,
            round_finished=finished,
            finish_reason=rnd.finish_reason if finished else None,
            standings=standings,
        )

    async def standings(self, round_id: int) -> list[Standing]:
        """Ranked standings of one round (points, then correct answers)."""
        return rank_standings(await self.store.round_standings_rows(round_id))

    async def stop_round(
        self, round_id: int, by_user: int, is_moderator: bool = False, now: datetime | None = None
    ) -> RoundEnd:
        """Stop a running round (only its starter or a moderator).

        Closes the open question (``closed_question`` summary) and returns final standings.
        Raises NotFound, NotAllowed, RoundNotActive.
        """
        now = self._now(now)
        rnd = await self.get_round(round_id)
        if not rnd.active:
            raise RoundNotActive("This quiz has already finished.")
        if by_user != rnd.starter_id and not is_moderator:
            raise NotAllowed("Only the member who started this quiz or a moderator can stop it.")
        return await self._finish(rnd, "stopped", now)

    async def _finish(self, rnd: RoundRecord, reason: str, now: datetime) -> RoundEnd:
        finished_now, closed_ids = await self.store.finish_round(rnd.id, reason, now)
        if not finished_now:
            raise RoundNotActive("This quiz has already finished.")
        closed = None
        self._revealed.update(closed_ids)
        for rq_id in closed_ids:
            rq = await self.store.get_round_question(rq_id)
            q = self.library.get(rq.question_id) if rq else None
            if q is not None:
                closed = await self._summary(q, await self.store.answers_for_round_question(rq_id))
        rnd_after = await self.get_round(rnd.id)
        return RoundEnd(rnd_after, tuple(await self.standings(rnd.id)), closed)

    # ----------------------------------------------------------------- guild settings

    async def settings(self, guild_id: int) -> GuildSettings | None:
        return await self.store.get_guild_settings(guild_id)

    async def set_quiz_channel(
        self, guild_id: int, channel_id: int | None, now: datetime | None = None
    ) -> None:
        await self.store.set_quiz_channel(guild_id, channel_id, self._now(now))

    async def add_ask_channel(self, guild_id: int, channel_id: int, now: datetime | None = None) -> bool:
        """True if added, False if it already was an ask channel."""
        return await self.store.add_ask_channel(guild_id, channel_id, self._now(now))

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        """True if removed, False if it was not an ask channel."""
        return await self.store.remove_ask_channel(guild_id, channel_id)

    async def ask_channels(self, guild_id: int) -> list[int]:
        return await self.store.ask_channels(guild_id)

    # ----------------------------------------------------------------- daily question

    async def setup_daily(
        self,
        guild_id: int,
        channel_id: int,
        at: str,
        tz_name: str,
        exam: str | None = None,
        now: datetime | None = None,
    ) -> GuildSettings:
        """Post a daily question in ``channel_id`` at local time ``at`` ("HH:MM") in ``tz_name``.

        Raises InvalidOption (bad time / exam), UnknownTimezone, NoQuestionsMatch.
        The returned settings carry ``next_run_at`` (UTC).
        """
        now = self._now(now)
        try:
            local_t = parse_hhmm(at)
        except ValueError:
            raise InvalidOption(f"{at!r} is not a time. Use 24-hour HH:MM, e.g. 08:30 or 19:00.") from None
        tz = resolve_timezone(tz_name)
        exam = exam.strip().upper() if exam and exam.strip() else None
        if exam and exam not in EXAMS:
            raise InvalidOption(f"Unknown exam {exam!r}. Choose one of: {', '.join(EXAMS)}.")
        if not self.library.select(exam=exam):
            raise NoQuestionsMatch(
                "There are no questions for that exam yet, so there is nothing to post daily."
            )
        return await self.store.save_daily_settings(
            guild_id,
            channel_id=channel_id,
            daily_time=local_t.strftime("%H:%M"),
            timezone_name=tz.key,
            exam=exam,
            next_run_at=next_run(local_t, tz, now),
            now=now,
        )

    async def disable_daily(self, guild_id: int, now: datetime | None = None) -> bool:
        """Stop the daily question; False if it was not enabled."""
        return await self.store.disable_daily(guild_id, self._now(now))

    def _schedule(self, s: GuildSettings) -> tuple[time, ZoneInfo]:
        return parse_hhmm(s.daily_time or "00:00"), resolve_timezone(s.timezone)

    async def due_daily(self, now: datetime | None = None) -> list[DueDaily]:
        """Guilds whose daily run is due (``next_run_at <= now``) and what to do for each:
        "post" if the server's local day of that run is not over (and nothing was posted
        for today yet), otherwise "skip" (then call ``skip_daily``)."""
        now = self._now(now)
        out: list[DueDaily] = []
        for s in await self.store.due_guilds(now):
            try:
                _t, tz = self._schedule(s)
            except QuizError:
                tz = ZoneInfo("UTC")
            action = catch_up_action(s.next_run_at, now, tz)
            today = local_date(now, tz)
            if action == "post":
                existing = await self.store.daily_post_for_date(s.guild_id, today)
                if existing is not None and existing.message_id is not None:
                    action = "skip"
            out.append(DueDaily(s.guild_id, s.daily_channel_id or 0, action, s.next_run_at, today, tz.key))
        return out

    async def skip_daily(self, guild_id: int, now: datetime | None = None) -> datetime | None:
        """Move a guild's daily run to its next occurrence without posting; returns it."""
        now = self._now(now)
        s = await self.store.get_guild_settings(guild_id)
        if s is None or not s.daily_enabled:
            return None
        t, tz = self._schedule(s)
        nxt = next_run(t, tz, now)
        await self.store.set_next_run(guild_id, nxt)
        return nxt

    def _daily_view(self, rec: DailyPostRecord) -> DailyPost:
        return DailyPost(
            id=rec.id,
            guild_id=rec.guild_id,
            local_date=rec.local_date,
            question=self._question(rec.question_id),
            channel_id=rec.channel_id,
            message_id=rec.message_id,
            posted_at=rec.posted_at,
            revealed_at=rec.revealed_at,
        )

    async def create_daily_post(self, guild_id: int, now: datetime | None = None) -> DailyPost | None:
        """Create today's (server-local) daily post and schedule the next run.

        Picks a question not used in this guild in the current cycle.  Returns the post to
        send, or None when today's post already exists and was sent (the UNIQUE(guild,
        local_date) rule: never twice a day).  A post created but never sent (crash before
        ``set_daily_message``) is returned again so it can be sent.  Raises
        DailyNotConfigured, or NoQuestionsMatch (the run is still moved on).
        """
        now = self._now(now)
        s = await self.store.get_guild_settings(guild_id)
        if s is None or not s.daily_enabled or s.daily_channel_id is None:
            raise DailyNotConfigured("The daily question is not set up here. An admin can set it up first.")
        t, tz = self._schedule(s)
        today = local_date(now, tz)
        nxt = next_run(t, tz, now)
        existing = await self.store.daily_post_for_date(guild_id, today)
        if existing is not None:
            await self.store.set_next_run(guild_id, nxt)
            return (
                self._daily_view(existing)
                if existing.message_id is None and existing.revealed_at is None
                else None
            )
        pool = [q.id for q in self.library.select(exam=s.daily_exam)]
        qid = pick_daily_question(pool, await self.store.daily_question_history(guild_id), self.rng)
        if qid is None:
            await self.store.set_next_run(guild_id, nxt)
            raise NoQuestionsMatch("There are no questions for the daily exam filter.")
        self._daily_posts.pop(guild_id, None)
        rec, created = await self.store.create_daily_post(
            guild_id=guild_id,
            local_date=today,
            question_id=qid,
            channel_id=s.daily_channel_id,
            now=now,
            next_run_at=nxt,
        )
        if not created and (rec.message_id is not None or rec.revealed_at is not None):
            return None  # a concurrent call posted it
        return self._daily_view(rec)

    async def set_daily_message(self, post_id: int, message_id: int) -> None:
        await self.store.set_daily_message(post_id, message_id)

    async def get_daily_post(self, post_id: int) -> DailyPost:
        rec = await self.store.get_daily_post(post_id)
        if rec is None:
            raise NotFound("I can't find that daily question.")
        return self._daily_view(rec)

    async def daily_posts_to_reveal(
        self, now: datetime | None = None, guild_id: int | None = None
    ) -> list[DailyPost]:
        """Unrevealed daily posts that a newer post superseded or that are 24 h old."""
        now = self._now(now)
        out = []
        for rec, superseded in await self.store.unrevealed_daily_posts():
            if guild_id is not None and rec.guild_id != guild_id:
                continue
            if superseded or now - rec.posted_at >= DAILY_WINDOW:
                if self.library.get(rec.question_id) is None:
                    await self.store.mark_daily_revealed(rec.id, now)  # question gone: just close it
                    self._daily_posts.pop(rec.guild_id, None)
                    continue
                out.append(self._daily_view(rec))
        return out

    async def reveal_daily(self, post_id: int, now: datetime | None = None) -> RevealSummary:
        """Close a daily post to answers and summarise it (idempotent: already_revealed)."""
        now = self._now(now)
        rec = await self.store.get_daily_post(post_id)
        if rec is None:
            raise NotFound("I can't find that daily question.")
        q = self._question(rec.question_id)
        revealed_now = await self.store.mark_daily_revealed(post_id, now)
        self._daily_posts.pop(rec.guild_id, None)
        answers = await self.store.answers_for_daily_post(post_id)
        return await self._summary(q, answers, already=not revealed_now, daily_post_id=post_id)

    async def answer_daily(
        self,
        post_id: int,
        user_id: int,
        user_name: str,
        choice_index: int,
        now: datetime | None = None,
    ) -> AnswerResult:
        """Record a member's answer to a daily post (committed before returning).

        Points: 10 if right plus up to 5 for speed over the 24-hour window.  The result
        carries the explanation and the member's streaks.  duplicate / too_late as for rounds.
        """
        now = self._now(now)
        rec = await self._daily_post_record(post_id)
        q = self._question(rec.question_id)
        if not 0 <= choice_index < len(q.choices):
            raise InvalidOption(f"Choose one of {', '.join(q.letters)}.")
        correct = choice_index == q.answer
        points = score_answer(correct, (now - rec.posted_at).total_seconds(), DAILY_WINDOW.total_seconds())
        status, ans = await self.store.record_answer(
            kind="daily",
            target_id=rec.id,
            guild_id=rec.guild_id,
            user_id=user_id,
            user_name=user_name,
            question_id=q.id,
            domain=q.domain,
            choice=choice_index,
            correct=correct,
            points=points,
            answered_at=now,
        )
        streaks = await self.streaks(rec.guild_id, user_id) if status in ("accepted", "duplicate") else None
        return await self._answer_result(status, ans, q, streaks=streaks)

    async def _daily_post_record(self, post_id: int) -> DailyPostRecord:
        """A daily post's immutable facts (id, guild, question, posted_at), cached."""
        rec = self._post_cache.get(post_id)
        if rec is None:
            rec = await self.store.get_daily_post(post_id)
            if rec is None:
                raise NotFound("I can't find that daily question.")
            if len(self._post_cache) > 1024:
                self._post_cache.clear()
            self._post_cache[post_id] = rec
        return rec

    async def _guild_daily_posts(self, guild_id: int) -> list[tuple[int, bool]]:
        posts = self._daily_posts.get(guild_id)
        if posts is None:
            posts = [(p.id, p.revealed_at is None) for p in await self.store.daily_posts(guild_id)]
            self._daily_posts[guild_id] = posts
        return posts

    async def streaks(self, guild_id: int, user_id: int) -> Streaks:
        """The member's daily streaks (answered / answered right) in this guild."""
        posts = await self._guild_daily_posts(guild_id)
        answers = await self.store.member_daily_answers(guild_id, user_id)
        return compute_streaks(
            [pid for pid, _ in posts], answers, open_posts={pid for pid, is_open in posts if is_open}
        )

    # ----------------------------------------------------------------- leaderboard and stats

    async def leaderboard(
        self,
        guild_id: int,
        period: str = "week",
        kind: str = "all",
        now: datetime | None = None,
        limit: int = 10,
    ) -> list[Standing]:
        """Ranked members (rank, user_id, name, points, correct, answered).

        period: "week" (last 7 days), "month" (last 30 days) or "all"; kind: "all",
        "quiz" or "daily".  Raises InvalidOption for anything else.
        """
        now = self._now(now)
        period = (period or "week").lower()
        kind = (kind or "all").lower()
        if period not in PERIODS:
            raise InvalidOption("Period must be week, month or all.")
        if kind not in KINDS:
            raise InvalidOption("Kind must be all, quiz or daily.")
        span = PERIODS[period]
        rows = await self.store.leaderboard(
            guild_id,
            since=now - span if span else None,
            kind=None if kind == "all" else kind,
            limit=max(1, min(int(limit), 100)),
        )
        return rank_standings(rows)

    async def member_stats(self, guild_id: int, user_id: int) -> MemberStats:
        """Answered, correct, accuracy, points, daily streaks and per-domain accuracy, with the
        weakest domain (lowest accuracy among domains with at least 3 answers)."""
        counts = await self.store.member_counts(guild_id, user_id)
        domains = tuple(
            DomainStats(d.domain, domain_title(d.domain), d.answered, d.correct) for d in counts.domains
        )
        eligible = [d for d in domains if d.answered >= MIN_DOMAIN_ANSWERS]
        weakest = min(eligible, key=lambda d: (d.accuracy, -d.answered, d.domain)) if eligible else None
        return MemberStats(
            user_id=user_id,
            answered=counts.answered,
            correct=counts.correct,
            points=counts.points,
            streaks=await self.streaks(guild_id, user_id),
            domains=domains,
            weakest=weakest,
        )

    # ----------------------------------------------------------------- start-up recovery

    async def startup_recovery(
        self, now: datetime | None = None, stale_after: timedelta = STALE_ROUND
    ) -> RecoveryPlan:
        """Decide what to do with state left by the previous run.

        * Active rounds idle longer than ``stale_after`` are finished (reason "expired");
          their standings are in ``finished_rounds`` for an announcement.  The others are
          in ``resume_rounds``: reveal the open question when its deadline passes
          (``round_questions_due``) or post the next one.
        * ``daily_to_send``: today's posts created but never sent (send them now).
        * ``daily_to_reveal``: unrevealed daily posts that are due to be revealed.
        Missed daily runs are handled by ``due_daily`` (post if the local day is not over).
        """
        now = self._now(now)
        resume: list[RoundRecord] = []
        finished: list[RoundEnd] = []
        for rnd in await self.store.active_rounds():
            last = await self.store.latest_round_question(rnd.id)
            last_activity = max(rnd.started_at, last.deadline if last else rnd.started_at)
            if now - last_activity > stale_after:
                try:
                    finished.append(await self._finish(rnd, "expired", now))
                except RoundNotActive:
                    pass
            else:
                resume.append(rnd)
        to_send: list[DailyPost] = []
        for rec in await self.store.unsent_daily_posts():
            s = await self.store.get_guild_settings(rec.guild_id)
            tz = resolve_timezone(s.timezone) if s else ZoneInfo("UTC")
            if rec.local_date == local_date(now, tz) and self.library.get(rec.question_id) is not None:
                to_send.append(self._daily_view(rec))
        return RecoveryPlan(
            resume_rounds=tuple(resume),
            finished_rounds=tuple(finished),
            daily_to_send=tuple(to_send),
            daily_to_reveal=tuple(await self.daily_posts_to_reveal(now)),
        )

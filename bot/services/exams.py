"""Mock exams: start one drawn to the exam's blueprint, answer, move back and forth, flag,
submit, and read the report and history (``/exam`` in Discord, ``exam`` in the console).

Rules both adapters share:

* One active attempt per member (the database enforces it); starting another while one runs
  is refused with a friendly error that says how to resume.
* The clock runs at the real exam's pace (``Blueprint.minutes_for``) and does not stop while the
  bot is down: every action first checks the deadline and, past it, submits the attempt as
  timed out (start-up recovery does the same for every expired attempt).
* Time on a question is added when the member leaves it (answer, back, next, submit).
* Every move is committed before it is shown; a stale click (another process or a double click
  moved the attempt first) changes nothing and shows where the attempt is now.
* On finishing, one ``PracticeResult(source="exam")`` per answered question is published, by
  the one caller whose finish committed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.core.blueprints.model import Blueprint
from bot.core.clock import utcnow
from bot.core.exams.draw import ExamDrawError, draw_exam, parse_length
from bot.core.exams.scoring import trend
from bot.store.interface import ExamAttemptRecord, ExamItemRecord, ExamsStore, ExamStep, NewExamAttempt

from .banks import BanksService
from .common import Clock
from .errors import QuizError
from .exam_views import ExamQuestionView, ExamReport, build_report, question_view, score_items, summary_of
from .practice import ExamAttemptSummary, PracticeEvents, PracticeResult

RECENT_ATTEMPTS = 3  # questions of the member's last attempts are avoided when the bank allows
DEFAULT_EXAM = "CPC"
Move = Literal["back", "next", "next_flagged"]
ExamOutcome = ExamQuestionView | ExamReport


RECENT_FOR_READINESS = 20  # attempts readiness and the trend chart look back on


class ExamError(QuizError):
    """A member-facing problem with a mock exam."""


class ExamAlreadyRunning(ExamError):
    pass


class NoExamRunning(ExamError):
    def __init__(self) -> None:
        super().__init__("You have no mock exam running: start one with /exam start.")


@dataclass(frozen=True, slots=True)
class _Live:
    attempt: ExamAttemptRecord
    items: list[ExamItemRecord]
    blueprint: Blueprint


class ExamService:
    def __init__(
        self,
        store: ExamsStore,
        banks: BanksService,
        blueprints: dict[str, Blueprint],
        events: PracticeEvents,
        *,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self._store = store
        self._banks = banks
        self._blueprints = blueprints
        self._events = events
        self.clock = clock  # public: the end-to-end tests move it to a later time
        self._rng = rng or random.Random()

    # ------------------------------------------------------------------ starting

    def exams(self) -> list[str]:
        return sorted(self._blueprints)

    def blueprint(self, exam: str | None) -> Blueprint:
        name = (exam or DEFAULT_EXAM).strip().upper()
        if name not in self._blueprints:
            known = ", ".join(self.exams()) or "none"
            raise ExamError(f"There is no mock exam for {exam!r}. Exams: {known}.")
        return self._blueprints[name]

    async def start(
        self, user_id: int, exam: str | None = None, length: str | None = None, channel_id: int | None = None
    ) -> ExamQuestionView:
        """A new attempt at its first question; raises ``ExamAlreadyRunning`` while one runs."""
        blueprint = self.blueprint(exam)
        try:
            size = parse_length(length, blueprint)
        except ExamDrawError as exc:
            raise ExamError(str(exc)) from exc
        running = await self.resume(user_id)
        if isinstance(running, ExamQuestionView):
            raise ExamAlreadyRunning(
                f"You already have a {running.exam} mock exam running (question {running.number} of "
                f"{running.total}): resume it, or submit it first."
            )
        pool: dict[str, list[str]] = {}
        for q in self._banks.select(exam=blueprint.exam):
            pool.setdefault(q.domain, []).append(q.id)
        seen = await self._store.recent_questions(user_id, blueprint.exam, RECENT_ATTEMPTS)
        try:
            drawn = draw_exam(blueprint, size, pool, seen, self._rng)
        except ExamDrawError as exc:
            raise ExamError(str(exc)) from exc
        now = self.clock()
        deadline = now + timedelta(minutes=blueprint.minutes_for(size))
        new = NewExamAttempt(
            user_id,
            blueprint.exam,
            now,
            deadline,
            tuple((d.question_id, d.domain) for d in drawn),
            channel_id,
        )
        attempt = await self._store.create_attempt(new)
        if attempt is None:  # another click or process started one a moment ago
            raise ExamAlreadyRunning("You already have a mock exam running: resume it, or submit it first.")
        items = await self._store.items(attempt.id)
        return self._view(_Live(attempt, items, blueprint), now)

    # ------------------------------------------------------------------ during the exam

    async def resume(self, user_id: int) -> ExamOutcome | None:
        """Where the member's running attempt is; its report if it just timed out; None if none."""
        attempt = await self._store.active_attempt(user_id)
        if attempt is None:
            return None
        return await self._current(attempt)

    async def answer(
        self, user_id: int, letter: str, *, attempt_id: int | None = None, at: int | None = None
    ) -> ExamOutcome:
        """Record ``letter`` for the current question (or question ``at``, 0-based, when the
        click came from its message) and go on to the next one."""
        live, outcome = await self._live(user_id, attempt_id)
        if outcome is not None:
            return outcome
        assert live is not None
        position = live.attempt.position
        if at is not None and at != position:  # a click on an older question's message
            return await self._current(live.attempt)
        question = self._banks.find(live.items[position].question_id)
        choice = letter.strip().upper()
        if question is None or len(choice) != 1 or choice not in question.letters:
            letters = question.letters if question else "A-D"
            raise ExamError(f"Answer with one of the letters {', '.join(letters)}.")
        target = min(position + 1, len(live.items) - 1)
        return await self._step(live, position, target, chosen=question.letters.index(choice))

    async def move(
        self, user_id: int, where: Move, *, attempt_id: int | None = None, at: int | None = None
    ) -> ExamOutcome:
        live, outcome = await self._live(user_id, attempt_id)
        if outcome is not None:
            return outcome
        assert live is not None
        position, last = live.attempt.position, len(live.items) - 1
        if at is not None and at != position:  # a click on an older question's message
            return await self._current(live.attempt)
        if where == "back":
            target = max(0, position - 1)
        elif where == "next":
            target = min(last, position + 1)
        else:
            flagged = [i.position for i in live.items if i.flagged and i.position != position]
            if not flagged:
                raise ExamError("No other question is flagged.")
            target = next((p for p in flagged if p > position), flagged[0])
        return await self._step(live, position, target)

    async def flag(
        self, user_id: int, *, attempt_id: int | None = None, at: int | None = None
    ) -> ExamOutcome:
        """Flag the current question for review, or unflag it."""
        live, outcome = await self._live(user_id, attempt_id)
        if outcome is not None:
            return outcome
        assert live is not None
        position = live.attempt.position
        if at is not None and at != position:
            return await self._current(live.attempt)
        return await self._step(live, position, position, flagged=not live.items[position].flagged)

    async def submit(self, user_id: int, *, attempt_id: int | None = None) -> ExamReport:
        live, outcome = await self._live(user_id, attempt_id)
        if isinstance(outcome, ExamReport):
            return outcome
        assert live is not None
        report = await self._finish(live.attempt, "submitted")
        if report is None:  # finished meanwhile elsewhere: show that
            return await self.report(user_id, live.attempt.id)
        return report

    # ------------------------------------------------------------------ after the exam

    async def report(self, user_id: int, attempt_id: int) -> ExamReport:
        attempt = await self._store.get_attempt(attempt_id)
        if attempt is None or attempt.user_id != user_id or attempt.status == "active":
            raise ExamError("That mock exam is not one of your finished attempts.")
        return await self._report(attempt)

    async def history(
        self, user_id: int, exam: str | None = None, limit: int = 10
    ) -> list[ExamAttemptSummary]:
        """The member's finished attempts, newest first (a running one past its deadline is
        submitted first, so it is counted)."""
        await self.resume(user_id)
        name = self.blueprint(exam).exam if exam else None
        summaries = []
        for attempt in await self._store.finished_attempts(user_id, name, limit):
            blueprint = self._blueprints.get(attempt.exam)
            if blueprint is not None:
                score = score_items(blueprint, await self._store.items(attempt.id), self._banks)
                summaries.append(summary_of(attempt, score))
        return summaries

    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        """The member's recent finished attempts, oldest first (readiness and charts read them)."""
        return list(reversed(await self.history(user_id, exam, limit=RECENT_FOR_READINESS)))

    async def recover(self) -> list[ExamReport]:
        """Start-up: submit, as timed out, every attempt whose deadline passed while the bot was
        down; their reports (a notice to each member is the adapter's job, see ``pending_notices``)."""
        reports = []
        for attempt in await self._store.expired_attempts(self.clock()):
            report = await self._finish(attempt, "timed_out")
            if report is not None:
                reports.append(report)
        return reports

    async def pending_notices(self) -> list[tuple[ExamAttemptRecord, ExamReport]]:
        """Timed-out attempts whose notice is not marked sent (recorded before sending)."""
        pending = []
        for attempt in await self._store.unnotified_timeouts():
            pending.append((attempt, await self._report(attempt)))
        return pending

    async def mark_notified(self, attempt_id: int) -> bool:
        return await self._store.mark_notified(attempt_id)

    # ------------------------------------------------------------------ internals

    async def _live(self, user_id: int, attempt_id: int | None) -> tuple[_Live | None, ExamOutcome | None]:
        """The member's running attempt, or what to show instead: the report of the attempt a
        stale message names (or of the one that just timed out)."""
        attempt = await self._store.active_attempt(user_id)
        if attempt is None or (attempt_id is not None and attempt.id != attempt_id):
            if attempt_id is not None:
                old = await self._store.get_attempt(attempt_id)
                if old is not None and old.user_id == user_id and old.status != "active":
                    return None, await self._report(old)
            raise (
                NoExamRunning()
                if attempt is None
                else ExamError("That exam is over: /exam resume shows your current one.")
            )
        blueprint = self._blueprints[attempt.exam]
        if self.clock() >= attempt.deadline:
            return None, await self._current(attempt)
        return _Live(attempt, await self._store.items(attempt.id), blueprint), None

    async def _current(self, attempt: ExamAttemptRecord) -> ExamOutcome:
        """The question ``attempt`` is at, or its report once it is over (timing it out first
        when its deadline has passed; if another caller finished it, their result stands)."""
        now = self.clock()
        if attempt.status == "active" and now >= attempt.deadline:
            report = await self._finish(attempt, "timed_out")
            if report is not None:
                return report
            attempt = await self._store.get_attempt(attempt.id) or attempt
        if attempt.status != "active":
            return await self._report(attempt)
        items = await self._store.items(attempt.id)
        return self._view(_Live(attempt, items, self._blueprints[attempt.exam]), now)

    async def _step(
        self,
        live: _Live,
        position: int,
        target: int,
        *,
        chosen: int | None = None,
        flagged: bool | None = None,
    ) -> ExamOutcome:
        now = self.clock()
        spent = _spent(live.attempt, now) if position == live.attempt.position else 0.0
        step = ExamStep(live.attempt.position, spent, target, now, chosen=chosen, flagged=flagged)
        if position != live.attempt.position or not await self._store.step(live.attempt.id, step):
            fresh = await self._store.get_attempt(live.attempt.id)  # a stale click: show where it is
            if fresh is None:
                raise NoExamRunning()
            return await self._current(fresh)
        fresh = await self._store.get_attempt(live.attempt.id)
        assert fresh is not None
        return await self._current(fresh)

    def _view(self, live: _Live, now: datetime) -> ExamQuestionView:
        item = live.items[live.attempt.position]
        question = self._banks.question(item.question_id)
        return question_view(live.attempt, live.items, question, live.blueprint, now)

    async def _finish(
        self, attempt: ExamAttemptRecord, status: Literal["submitted", "timed_out"]
    ) -> ExamReport | None:
        now = min(self.clock(), attempt.deadline)
        done = await self._store.finish(attempt.id, status, now, _spent(attempt, now))
        if done is None:
            return None
        report = await self._report(done)
        for item in await self._store.items(done.id):
            question = self._banks.find(item.question_id)
            if item.chosen is None or question is None:
                continue
            await self._events.publish(
                PracticeResult(
                    done.user_id,
                    item.question_id,
                    item.domain,
                    item.chosen == question.answer,
                    item.seconds,
                    now,
                    "exam",
                )
            )
        return report

    async def _report(self, attempt: ExamAttemptRecord) -> ExamReport:
        blueprint = self._blueprints[attempt.exam]
        earlier = [
            a
            for a in await self._store.finished_attempts(attempt.user_id, attempt.exam, 50)
            if (a.started_at, a.id) < (attempt.started_at, attempt.id)
        ]
        percents = []
        for a in reversed(earlier[:10]):
            score = score_items(blueprint, await self._store.items(a.id), self._banks)
            percents.append(score.percent)
        items = await self._store.items(attempt.id)
        return build_report(attempt, items, blueprint, self._banks, trend(percents))


def _spent(attempt: ExamAttemptRecord, now: datetime) -> float:
    """Seconds on the current question since it was shown (never past the deadline)."""
    return max(0.0, (min(now, attempt.deadline) - attempt.shown_at).total_seconds())

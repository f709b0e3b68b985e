"""Channel quiz rounds: start, post each question, answers, reveals, stop.

As an adapter drives a round::

    rnd = await rounds.start_round(guild_id, channel_id, starter_id, exam, domain, bank, count, seconds)
    while rnd.active:
        rq = await rounds.post_question(rnd.id)         # records posted_at and the deadline
        msg = await channel.send(render(rq))            # buttons: custom_id carries rq.id
        await rounds.set_question_message(rq.id, msg.id)
        # buttons -> rounds.answer(rq.id, user.id, user.display_name, choice_index)
        # typed   -> rounds.answer_typed(channel_id, user.id, user.display_name, text)
        # reveal when rq.deadline passes or an AnswerResult has reveal_now=True:
        summary = await rounds.reveal_question(rq.id)   # summary.round is the round after
        rnd = summary.round
    # summary.standings holds the final standings when summary.round_finished

Methods taking ``now`` default to the clock (an aware UTC datetime).
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.core.banks.domains import DOMAINS
from bot.core.clock import utcnow
from bot.core.rounds.rules import (
    FinishReason,
    RoundAdvance,
    advance_after_reveal,
    early_reveal,
    pick_round_questions,
)
from bot.core.rounds.typed_answers import match_typed_answer
from bot.core.scoring import AnswerStatus, score_answer
from bot.core.stats import Standing, rank_standings
from bot.store.interface import AnswersStore, RoundsStore
from bot.store.records import NewAnswer, NewRound, RoundQuestionRecord, RoundRecord

from .banks import BanksService
from .common import Clock, answer_result, check_choice, clean_exam, current_time, reveal_summary, too_late
from .errors import InvalidOption, NoQuestionsMatch, NotAllowed, NotFound, RoundAlreadyRunning, RoundNotActive
from .posted_questions import PostedQuestions
from .practice import PracticeEvents, PracticeResult
from .reports import ReportsService
from .results import AnswerResult, RevealSummary, Round, RoundEnd, RoundQuestion
from .shared_reads import SharedReads

__all__ = ["RoundQuestion", "RoundsService"]  # RoundQuestion lives in .results, shared with the cards

MIN_COUNT, MAX_COUNT = 1, 50
MIN_SECONDS, MAX_SECONDS = 10, 300
DEFAULT_COUNT, DEFAULT_SECONDS = 10, 30
ANSWER_GRACE = timedelta(seconds=1)  # network latency allowance after a round deadline
RoundHook = Callable[[Round], Awaitable[object]]
Take = Callable[[Round], Awaitable[bool]] | None
ALREADY_RUNNING = "A quiz is already running in this channel. Wait for it to end or stop it first."


class RoundsService:
    def __init__(
        self,
        rounds: RoundsStore,
        answers: AnswersStore,
        banks: BanksService,
        *,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
        reports: ReportsService | None = None,
        events: PracticeEvents | None = None,
    ) -> None:
        self._rounds = rounds
        self._events = events  # each accepted answer, once committed (spaced review, the plan)
        self._reports = reports  # questions retired in a server are never drawn there
        self._answers = answers
        self._banks = banks
        self.clock = clock
        self.rng = rng or random.Random()
        self._posted = PostedQuestions(rounds)  # the answer path's look-up, kept once read
        # The early-reveal count, shared by the answers of a burst (each sees its own write).
        self._waiting_on = SharedReads(self._count_waiting_on)

    # ----------------------------------------------------------------- start and look up

    async def start_round(
        self,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        *,
        exam: str | None = None,
        domain: str | None = None,
        bank: str | None = None,
        count: int = DEFAULT_COUNT,
        seconds: int = DEFAULT_SECONDS,
        now: datetime | None = None,
    ) -> Round:
        """Start a round of ``count`` distinct random questions matching the filters.

        Raises InvalidOption (count outside 1-50, seconds outside 10-300, unknown exam /
        domain / bank), RoundAlreadyRunning, NoQuestionsMatch.  If fewer questions match
        than ``count`` the round asks all of them (``round.total``).
        """
        now = current_time(self.clock, now)
        exam, domain, bank = _check_options(
            self._banks, exam=exam, domain=domain, bank=bank, count=count, seconds=seconds
        )
        if await self._rounds.active_round_in_channel(channel_id):
            raise RoundAlreadyRunning(ALREADY_RUNNING)
        pool = await self._banks.pool(self.rng, exam=exam, domain=domain, bank=bank)
        if self._reports is not None:
            pool = await self._reports.without_retired(guild_id, pool)
        if not pool:
            raise NoQuestionsMatch("No questions match those filters yet. Try another exam, domain or bank.")
        rec = await self._rounds.create_round(
            NewRound(
                guild_id=guild_id,
                channel_id=channel_id,
                starter_id=starter_id,
                exam=exam,
                domain=domain,
                bank=bank,
                seconds=seconds,
                question_ids=tuple(pick_round_questions(pool, count, self.rng)),
                started_at=now,
            )
        )
        if rec is None:  # lost a race with another start in the same channel
            raise RoundAlreadyRunning(ALREADY_RUNNING)
        return Round.from_record(rec)

    async def _round_record(self, round_id: int) -> RoundRecord:
        rec = await self._rounds.get_round(round_id)
        if rec is None:
            raise NotFound("I can't find that quiz.")
        return rec

    async def get_round(self, round_id: int) -> Round:
        return Round.from_record(await self._round_record(round_id))

    async def active_round(self, channel_id: int) -> Round | None:
        """The channel's running round, if any (for typed answers and /quiz stop)."""
        rec = await self._rounds.active_round_in_channel(channel_id)
        return Round.from_record(rec) if rec else None

    # ----------------------------------------------------------------- questions

    async def post_question(
        self, round_id: int, message_id: int | None = None, now: datetime | None = None
    ) -> RoundQuestion:
        """Record that the round's current question is posted now: its deadline starts.

        Idempotent (calling again returns the same question).  Pass ``message_id`` here or
        later with ``set_question_message``.  Raises RoundNotActive when the round is over.
        """
        now = current_time(self.clock, now)
        rnd = await self._round_record(round_id)
        if not rnd.active or rnd.current_index >= rnd.total:
            raise RoundNotActive("This quiz has finished.")
        rq, _created = await self._rounds.create_round_question(
            round_id=rnd.id,
            index=rnd.current_index,
            question_id=rnd.question_ids[rnd.current_index],
            posted_at=now,
            deadline=now + timedelta(seconds=rnd.seconds),
            message_id=message_id,
        )
        if not rq.revealed:
            self._posted.remember(rq, rnd)
        return RoundQuestion.posted(rnd, rq, self._banks.question(rq.question_id))

    async def set_question_message(self, round_question_id: int, message_id: int) -> None:
        await self._rounds.set_round_question_message(round_question_id, message_id)

    async def open_question(self, round_id: int) -> RoundQuestion | None:
        """The posted, not yet revealed question of a round, if any."""
        rnd = await self._round_record(round_id)
        rq = await self._rounds.round_question_at(rnd.id, rnd.current_index)
        if rq is None or rq.revealed or not rnd.active:
            return None
        return RoundQuestion.posted(rnd, rq, self._banks.question(rq.question_id))

    async def get_round_question(self, round_question_id: int) -> RoundQuestion:
        rq = await self._rounds.get_round_question(round_question_id)
        if rq is None:
            raise NotFound("I can't find that quiz question.")
        return RoundQuestion.posted(
            await self._round_record(rq.round_id), rq, self._banks.question(rq.question_id)
        )

    # ----------------------------------------------------------------- answers

    async def answer(
        self,
        round_question_id: int,
        user_id: int,
        user_name: str,
        choice_index: int,
        now: datetime | None = None,
    ) -> AnswerResult:
        """Record a member's answer to a round question (committed before returning).

        Returns a DUPLICATE result for a second answer (the first counts) and a too-late one
        after the reveal or the deadline.  Raises NotFound / InvalidOption.
        """
        now = current_time(self.clock, now)
        rq, rnd = await self._posted.get(round_question_id)
        q = self._banks.question(rq.question_id)
        check_choice(q, choice_index)
        if self._posted.revealed_here(round_question_id) or now > rq.deadline + ANSWER_GRACE:
            return too_late(q)
        correct = choice_index == q.answer
        elapsed = (now - rq.posted_at).total_seconds()
        outcome = await self._answers.record_answer(
            NewAnswer(
                kind="quiz",
                target_id=rq.id,
                guild_id=rnd.guild_id,
                user_id=user_id,
                user_name=user_name,
                question_id=q.id,
                domain=q.domain,
                choice=choice_index,
                correct=correct,
                points=score_answer(correct, min(elapsed, rnd.seconds), rnd.seconds),
                answered_at=now,
            )
        )
        if outcome.status is AnswerStatus.ACCEPTED and self._events is not None:
            await self._events.publish(
                PracticeResult(user_id, q.id, q.domain, correct, elapsed, now, "quiz", rnd.guild_id)
            )
        reveal_now = False
        if outcome.status is AnswerStatus.ACCEPTED and rq.index > 0:  # nobody took part before the first
            before, missing = await self._waiting_on.get((rnd.id, rq.index, rq.id))
            reveal_now = early_reveal(int(before), int(missing))
        return answer_result(outcome, q, reveal_now=reveal_now)

    async def _count_waiting_on(self, key: tuple[int, int, int]) -> tuple[bool, bool]:
        return await self._answers.round_waiting_on_any(*key)

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
        answer (see ``match_typed_answer``) - the adapter then ignores the message.
        """
        rnd = await self._rounds.active_round_in_channel(channel_id)
        if rnd is None:
            return None
        rq = await self._rounds.round_question_at(rnd.id, rnd.current_index)
        if rq is None or rq.revealed:
            return None
        q = self._banks.find(rq.question_id)
        if q is None:
            return None
        choice = match_typed_answer(text, q)
        if choice is None:
            return None
        return await self.answer(rq.id, user_id, user_name, choice, now)

    # ----------------------------------------------------------------- reveal and finish

    async def reveal_question(self, round_question_id: int, now: datetime | None = None) -> RevealSummary:
        """Reveal a round question (idempotent) and move the round on.

        The summary has the answer, explanation, source, who got it right, share per
        option; ``round`` is the round afterwards, and when ``round_finished`` is True,
        ``finish_reason`` ("completed" | "inactive") and final ``standings`` are set.
        """
        now = current_time(self.clock, now)
        rq, _ = await self._posted.get(round_question_id)  # its id and question never change
        q = self._banks.question(rq.question_id)
        revealed_now, rnd = await self._rounds.reveal_round_question(rq.id, now, _advance)
        self._posted.mark_revealed((rq.id,))
        summary = reveal_summary(
            q, await self._answers.answers_for_round_question(rq.id), already=not revealed_now
        )
        if rnd is None:
            return summary
        finished = not rnd.active
        return dataclasses.replace(
            summary,
            round=Round.from_record(rnd),
            round_finished=finished,
            finish_reason=rnd.finish_reason if finished else None,
            standings=tuple(await self.final_standings(rnd.id)) if finished else (),
        )

    async def final_standings(self, round_id: int) -> list[Standing]:
        """Ranked standings of one round (points, then correct answers)."""
        return rank_standings(await self._answers.round_standings_rows(round_id))

    async def stop_round(
        self, round_id: int, by_user: int, is_moderator: bool = False, now: datetime | None = None
    ) -> RoundEnd:
        """Stop a running round (only its starter or a moderator).

        Closes the open question (``closed_question`` summary) and returns final standings.
        Raises NotFound, NotAllowed, RoundNotActive.
        """
        now = current_time(self.clock, now)
        rnd = await self._round_record(round_id)
        if not rnd.active:
            raise RoundNotActive("This quiz has already finished.")
        if by_user != rnd.starter_id and not is_moderator:
            raise NotAllowed("Only the member who started this quiz or a moderator can stop it.")
        return await self._finish(rnd.id, "stopped", now)

    async def _finish(self, round_id: int, reason: FinishReason, now: datetime) -> RoundEnd:
        finished_now, closed_ids = await self._rounds.finish_round(round_id, reason, now)
        if not finished_now:
            raise RoundNotActive("This quiz has already finished.")
        closed = None
        self._posted.mark_revealed(closed_ids)
        for rq_id in closed_ids:
            rq = await self._rounds.get_round_question(rq_id)
            q = self._banks.find(rq.question_id) if rq else None
            if q is not None:
                closed = reveal_summary(q, await self._answers.answers_for_round_question(rq_id))
        after = await self.get_round(round_id)
        return RoundEnd(after, tuple(await self.final_standings(round_id)), closed)

    # ----------------------------------------------------------------- start-up recovery

    async def resume_or_expire(
        self, now: datetime, stale: timedelta, expiring: RoundHook | None = None, take: Take = None
    ) -> tuple[list[Round], list[RoundEnd]]:
        """Active rounds for which ``take(round)`` is true (this process owns them): (to resume,
        finished now).  A round idle longer than ``stale`` (since its start or its last question's
        deadline) is finished ("expired", after ``expiring(round)``); the others resume."""
        resume: list[Round] = []
        finished: list[RoundEnd] = []
        for rnd in await self._rounds.active_rounds():
            if take is not None and not await take(Round.from_record(rnd)):
                continue
            last = await self._rounds.latest_round_question(rnd.id)
            last_activity = max(rnd.started_at, last.deadline if last else rnd.started_at)
            if now - last_activity <= stale:
                resume.append(Round.from_record(rnd))
                continue
            if expiring is not None:
                await expiring(Round.from_record(rnd))
            with contextlib.suppress(RoundNotActive):  # finished meanwhile by another path
                finished.append(await self._finish(rnd.id, "expired", now))
        return resume, finished


def _advance(rnd: RoundRecord, rq: RoundQuestionRecord, answers_count: int) -> RoundAdvance:
    return advance_after_reveal(rq.index, rnd.total, rnd.unanswered_streak, answers_count)


def _check_options(
    banks: BanksService, *, exam: str | None, domain: str | None, bank: str | None, count: int, seconds: int
) -> tuple[str | None, str | None, str | None]:
    """(exam, domain, bank) in canonical form; raises InvalidOption for anything out of range."""
    if not isinstance(count, int) or not MIN_COUNT <= count <= MAX_COUNT:
        raise InvalidOption(f"Pick between {MIN_COUNT} and {MAX_COUNT} questions.")
    if not isinstance(seconds, int) or not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InvalidOption(f"Pick between {MIN_SECONDS} and {MAX_SECONDS} seconds per question.")
    domain = domain.strip().lower() if domain and domain.strip() else None
    bank = bank.strip().lower() if bank and bank.strip() else None
    exam = clean_exam(exam)
    if domain and domain not in DOMAINS:
        raise InvalidOption(f"Unknown domain {domain!r}.")
    if bank and not banks.has_bank(bank):
        raise InvalidOption(f"There is no question bank called {bank!r}.")
    return exam, domain, bank

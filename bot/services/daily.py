"""The daily question: due runs, posts, answers and reveals (the schedule itself is set up by
the guild settings service).

As a once-a-minute ticker drives it::

    for due in await daily.due_daily():
        if due.action == "skip":
            await daily.skip_daily(due.guild_id)           # missed and the local day is over
            continue
        post = await daily.create_daily_post(due.guild_id)  # None: already posted today
        if post:
            msg = await send(post); await daily.set_daily_message(post.id, msg.id)
    for post in await daily.daily_posts_to_reveal():        # superseded or older than 24 h
        summary = await daily.reveal_daily(post.id)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.banks.library import Question
from bot.core.clock import utcnow
from bot.core.daily import CatchUp, catch_up_action, local_date, next_run, parse_hhmm, pick_daily_question
from bot.core.scoring import AnswerStatus, score_answer
from bot.store.interface import AnswersStore, DailyStore, GuildSettingsStore
from bot.store.records import DailyPostRecord, GuildSettings, NewAnswer

from .banks import BanksService
from .common import Clock, answer_result, check_choice, current_time, resolve_timezone, reveal_summary
from .errors import DailyNotConfigured, NoQuestionsMatch, NotFound, QuizError
from .ownership import GuildFilter, every_guild
from .practice import PracticeEvents, PracticeResult
from .reports import ReportsService
from .results import AnswerResult, RevealSummary
from .shared_reads import SharedReads
from .stats import StatsService

DAILY_WINDOW = timedelta(hours=24)  # a daily post is revealed after this (or at the next post)
POST_CACHE_SIZE = 1024
NOT_FOUND = "I can't find that daily question."


@dataclass(frozen=True, slots=True)
class DailyPost:
    id: int
    guild_id: int
    local_date: date
    question: Question
    channel_id: int
    message_id: int | None
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class DueDaily:
    guild_id: int
    channel_id: int
    action: CatchUp  # "post" | "skip"
    local_date: date


class DailyService:
    def __init__(
        self,
        daily: DailyStore,
        answers: AnswersStore,
        guilds: GuildSettingsStore,
        banks: BanksService,
        stats: StatsService,
        *,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
        reports: ReportsService | None = None,
        events: PracticeEvents | None = None,
    ) -> None:
        self._daily = daily
        self._events = events  # each accepted answer, once committed (spaced review, the plan)
        self._reports = reports  # questions retired in a server are never drawn there
        self._answers = answers
        self._guilds = guilds
        self._banks = banks
        self._stats = stats  # the member's streaks, in the feedback to a daily answer
        self.clock = clock
        self.rng = rng or random.Random()
        self._posts: dict[int, DailyPostRecord] = {}  # immutable facts of posts being answered
        self._post_reads = SharedReads(self._read_post_record)

    def _view(self, rec: DailyPostRecord) -> DailyPost:
        return DailyPost(
            id=rec.id,
            guild_id=rec.guild_id,
            local_date=rec.local_date,
            question=self._banks.question(rec.question_id),
            channel_id=rec.channel_id,
            message_id=rec.message_id,
            posted_at=rec.posted_at,
        )

    # ----------------------------------------------------------------- schedule

    async def due_daily(
        self, now: datetime | None = None, guilds: GuildFilter = every_guild
    ) -> list[DueDaily]:
        """Guilds (among ``guilds``) whose daily run is due (``next_run_at <= now``) and what to
        do for each: "post" if the server's local day of that run is not over (and nothing was
        posted for today yet), otherwise "skip" (then call ``skip_daily``)."""
        now = current_time(self.clock, now)
        out: list[DueDaily] = []
        for s in await self._guilds.due_guilds(now):
            if not guilds(s.guild_id):
                continue
            try:
                tz = resolve_timezone(s.timezone)
            except QuizError:
                tz = ZoneInfo("UTC")
            action = catch_up_action(s.next_run_at or now, now, tz)
            today = local_date(now, tz)
            if action == "post":
                existing = await self._daily.daily_post_for_date(s.guild_id, today)
                if existing is not None and existing.message_id is not None:
                    action = "skip"
            out.append(DueDaily(s.guild_id, s.daily_channel_id or 0, action, today))
        return out

    async def skip_daily(self, guild_id: int, now: datetime | None = None) -> datetime | None:
        """Move a guild's daily run to its next occurrence without posting; returns it."""
        now = current_time(self.clock, now)
        s = await self._guilds.get_guild_settings(guild_id)
        if s is None or not s.daily_enabled:
            return None
        t, tz = _schedule(s)
        nxt = next_run(t, tz, now)
        await self._guilds.set_next_run(guild_id, nxt)
        return nxt

    # ----------------------------------------------------------------- posts

    async def create_daily_post(self, guild_id: int, now: datetime | None = None) -> DailyPost | None:
        """Create today's (server-local) daily post and schedule the next run.

        Picks a question not used in this guild in the current cycle.  Returns the post to
        send, or None when today's post already exists and was sent (the UNIQUE(guild,
        local_date) rule: never twice a day).  A post created but never sent (crash before
        ``set_daily_message``) is returned again so it can be sent.  Raises
        DailyNotConfigured, or NoQuestionsMatch (the run is still moved on).
        """
        now = current_time(self.clock, now)
        s = await self._guilds.get_guild_settings(guild_id)
        if s is None or not s.daily_enabled or s.daily_channel_id is None:
            raise DailyNotConfigured("The daily question is not set up here. An admin can set it up first.")
        t, tz = _schedule(s)
        today = local_date(now, tz)
        nxt = next_run(t, tz, now)
        existing = await self._daily.daily_post_for_date(guild_id, today)
        if existing is not None:
            await self._guilds.set_next_run(guild_id, nxt)
            unsent = existing.message_id is None and existing.revealed_at is None
            return self._view(existing) if unsent else None
        pool = await self._banks.pool(self.rng, exam=s.daily_exam)
        if self._reports is not None:
            pool = await self._reports.without_retired(guild_id, pool)
        qid = pick_daily_question(pool, await self._daily.daily_question_history(guild_id), self.rng)
        if qid is None:
            await self._guilds.set_next_run(guild_id, nxt)
            raise NoQuestionsMatch("There are no questions for the daily exam filter.")
        rec, created = await self._daily.create_daily_post(
            guild_id=guild_id,
            local_date=today,
            question_id=qid,
            channel_id=s.daily_channel_id,
            now=now,
            next_run_at=nxt,
        )
        if not created and (rec.message_id is not None or rec.revealed_at is not None):
            return None  # a concurrent call posted it
        return self._view(rec)

    async def set_daily_message(self, post_id: int, message_id: int) -> None:
        await self._daily.set_daily_message(post_id, message_id)

    async def get_daily_post(self, post_id: int) -> DailyPost:
        rec = await self._daily.get_daily_post(post_id)
        if rec is None:
            raise NotFound(NOT_FOUND)
        return self._view(rec)

    async def daily_posts_to_reveal(
        self, now: datetime | None = None, guild_id: int | None = None, guilds: GuildFilter = every_guild
    ) -> list[DailyPost]:
        """Unrevealed daily posts (of ``guild_id``, or of ``guilds``) that a newer post
        superseded or that are 24 h old."""
        now = current_time(self.clock, now)
        out = []
        for rec, superseded in await self._daily.unrevealed_daily_posts():
            if (guild_id is not None and rec.guild_id != guild_id) or not guilds(rec.guild_id):
                continue
            if superseded or now - rec.posted_at >= DAILY_WINDOW:
                if self._banks.find(rec.question_id) is None:
                    await self._daily.mark_daily_revealed(rec.id, now)  # question gone: just close it
                    continue
                out.append(self._view(rec))
        return out

    async def unsent_posts_for_today(self, now: datetime) -> list[DailyPost]:
        """Today's posts (each guild's local day) created but never sent, e.g. after a crash."""
        out: list[DailyPost] = []
        for rec in await self._daily.unsent_daily_posts():
            s = await self._guilds.get_guild_settings(rec.guild_id)
            tz = resolve_timezone(s.timezone) if s else ZoneInfo("UTC")
            if rec.local_date == local_date(now, tz) and self._banks.find(rec.question_id) is not None:
                out.append(self._view(rec))
        return out

    async def reveal_daily(self, post_id: int, now: datetime | None = None) -> RevealSummary:
        """Close a daily post to answers and summarise it (idempotent: already_revealed)."""
        now = current_time(self.clock, now)
        rec = await self._daily.get_daily_post(post_id)
        if rec is None:
            raise NotFound(NOT_FOUND)
        q = self._banks.question(rec.question_id)
        revealed_now = await self._daily.mark_daily_revealed(post_id, now)
        answers = await self._answers.answers_for_daily_post(post_id)
        return reveal_summary(q, answers, already=not revealed_now)

    # ----------------------------------------------------------------- answers

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
        carries the explanation and the member's streaks.  Duplicate / too late as for rounds.
        """
        now = current_time(self.clock, now)
        rec = await self._post_record(post_id)
        q = self._banks.question(rec.question_id)
        check_choice(q, choice_index)
        correct = choice_index == q.answer
        outcome = await self._answers.record_answer(
            NewAnswer(
                kind="daily",
                target_id=rec.id,
                guild_id=rec.guild_id,
                user_id=user_id,
                user_name=user_name,
                question_id=q.id,
                domain=q.domain,
                choice=choice_index,
                correct=correct,
                points=score_answer(
                    correct, (now - rec.posted_at).total_seconds(), DAILY_WINDOW.total_seconds()
                ),
                answered_at=now,
            )
        )
        if outcome.status is AnswerStatus.ACCEPTED and self._events is not None:
            # No answer time: hours may pass between the post and the answer.
            await self._events.publish(
                PracticeResult(user_id, q.id, q.domain, correct, None, now, "daily", rec.guild_id)
            )
        counted = outcome.status in (AnswerStatus.ACCEPTED, AnswerStatus.DUPLICATE)
        streaks = await self._stats.streaks(rec.guild_id, user_id) if counted else None
        return answer_result(outcome, q, streaks=streaks)

    async def _post_record(self, post_id: int) -> DailyPostRecord:
        """A daily post's immutable facts (id, guild, question, posted_at), cached."""
        rec = self._posts.get(post_id)
        if rec is None:  # the first clicks of a burst share the look-up
            rec = await self._post_reads.get(post_id)
        return rec

    async def _read_post_record(self, post_id: int) -> DailyPostRecord:
        rec = await self._daily.get_daily_post(post_id)
        if rec is None:
            raise NotFound(NOT_FOUND)
        if len(self._posts) > POST_CACHE_SIZE:
            self._posts.clear()
        self._posts[post_id] = rec
        return rec


def _schedule(s: GuildSettings) -> tuple[time, ZoneInfo]:
    return parse_hhmm(s.daily_time or "00:00"), resolve_timezone(s.timezone)

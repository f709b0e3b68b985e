"""Posting exactly once: round questions, reveals, standings, daily questions and reveals.

A crash can fall between Discord storing a message and the bot recording its id, or between a
reveal being committed and its message being sent.  So every such message is an *intent* in
the store's outbox, recorded before the send (for a reveal, before the reveal is committed)
and completed with the posted message's id after it.  This service decides what must be posted
and records intents and outcomes; it knows nothing of Discord.  The adapter sends each intent
with its ``nonce`` (Discord then returns the message it already created for that nonce instead
of creating a second one) and its ``marker``; for an intent recorded before (``resumed``: maybe
by a run that died) it first looks for its own message carrying the marker in the channel's
recent history, and sends only when it is not there.  At start-up the adapter posts what
``pending_round_reveals`` and ``pending_daily_reveals`` return.

As an adapter posts a reveal::

    reveal = await posts.reveal_round_question(rq, channel_id)   # None: nothing to post
    msg = await send(reveal.reveal, render(reveal.summary))       # nonce, marker, history
    await posts.posted(reveal.reveal, msg.id)
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core.clock import utcnow
from bot.core.rounds.rules import FinishReason
from bot.core.stats import Standing
from bot.store.interface import OutboxStore
from bot.store.records import OutboxRecord

from .common import Clock, current_time
from .daily import DailyPost, DailyService
from .errors import NotFound
from .results import RevealSummary, Round, RoundQuestion
from .rounds import RoundsService

ROUND_QUESTION = "round-question"
ROUND_REVEAL = "round-reveal"
ROUND_STANDINGS = "round-standings"
DAILY_QUESTION = "daily-question"
DAILY_REVEAL = "daily-reveal"
NONCE_LENGTH = 25  # Discord's limit for a string nonce
Owns = Callable[[int], Awaitable[bool]]
"""Whether this process owns a round (by id) and so may post what the outbox left pending."""
OwnsPost = Callable[[DailyPost], Awaitable[bool]]
"""Whether this process owns a daily post's guild work and so may post its pending reveal."""


@dataclass(frozen=True, slots=True)
class PostIntent:
    """One message to post exactly once (``key`` says what it is, e.g. ``round-reveal:12``)."""

    key: str
    channel_id: int
    created_at: datetime
    message_id: int | None = None
    done: bool = False
    resumed: bool = False  # recorded before this call (maybe by a run that died): it may be posted

    @property
    def nonce(self) -> str:
        """The same for every attempt at this intent, and unique to it."""
        digest = hashlib.sha256(f"{self.key}|{self.created_at.isoformat()}".encode()).hexdigest()
        return ("cc" + digest)[:NONCE_LENGTH]

    @property
    def marker(self) -> str:
        """The line the posted message carries so that it can be found again."""
        return f"ref {self.key}"


@dataclass(frozen=True, slots=True)
class RoundReveal:
    """A revealed round question to announce: ``reveal`` and/or ``standings`` still to post."""

    question: RoundQuestion
    channel_id: int
    summary: RevealSummary
    reveal: PostIntent | None
    standings: PostIntent | None


@dataclass(frozen=True, slots=True)
class RoundStandings:
    """A finished round's standings still to post."""

    intent: PostIntent
    standings: tuple[Standing, ...]
    finish_reason: FinishReason | None
    round_id: int


@dataclass(frozen=True, slots=True)
class DailyReveal:
    post: DailyPost
    summary: RevealSummary
    reveal: PostIntent


def _intent(rec: OutboxRecord, *, resumed: bool) -> PostIntent:
    return PostIntent(rec.key, rec.channel_id, rec.created_at, rec.message_id, rec.done, resumed)


def _target(key: str) -> int:
    return int(key.rsplit(":", 1)[1])


class PostsService:
    def __init__(
        self, outbox: OutboxStore, rounds: RoundsService, daily: DailyService, *, clock: Clock = utcnow
    ) -> None:
        self._outbox = outbox
        self._rounds = rounds
        self._daily = daily
        self.clock = clock
        self._in_flight: set[str] = set()  # keys this process is posting right now

    async def _intend(self, kind: str, target_id: int, channel_id: int) -> PostIntent | None:
        """The intent for ``kind:target_id``, recorded now if new; None when there is nothing
        to post (done already, or being posted by this process right now)."""
        key = f"{kind}:{target_id}"
        if key in self._in_flight:
            return None
        rec, created = await self._outbox.record_intent(key, channel_id, current_time(self.clock, None))
        if rec.done:
            return None
        self._in_flight.add(key)
        return _intent(rec, resumed=not created)

    async def posted(self, intent: PostIntent, message_id: int | None) -> None:
        """Record that an intent's message is posted; with None (the send failed) the intent
        stays pending, to be tried again (after a restart, history first)."""
        if message_id is not None:
            await self._outbox.mark_done(intent.key, message_id, current_time(self.clock, None))
        self._in_flight.discard(intent.key)

    async def _drop(self, key: str) -> None:
        """Nothing to post for this intent any more."""
        await self._outbox.mark_done(key, None, current_time(self.clock, None))
        self._in_flight.discard(key)

    # ----------------------------------------------------------------- rounds

    async def round_question(self, rq: RoundQuestion, channel_id: int) -> PostIntent | None:
        return await self._intend(ROUND_QUESTION, rq.id, channel_id)

    async def round_question_posted(self, intent: PostIntent, rq_id: int, message_id: int | None) -> None:
        if message_id is not None:
            await self._rounds.set_question_message(rq_id, message_id)
        await self.posted(intent, message_id)

    async def reveal_round_question(self, rq: RoundQuestion, channel_id: int) -> RoundReveal | None:
        """Reveal a round question (the intent to announce it is recorded first, so a committed
        reveal is always announced).  None when the question was closed another way meanwhile
        (e.g. /quiz stop) or its reveal is already posted or being posted."""
        intent = await self._intend(ROUND_REVEAL, rq.id, channel_id)
        summary = await self._rounds.reveal_question(rq.id)
        if intent is None:
            return None
        if summary.already_revealed and not intent.resumed:  # closed by another path
            await self._drop(intent.key)
            return None
        return await self._round_reveal(rq, channel_id, summary, intent)

    async def _round_reveal(
        self, rq: RoundQuestion, channel_id: int, summary: RevealSummary, intent: PostIntent | None
    ) -> RoundReveal:
        standings = None
        if summary.round_finished and summary.finish_reason in ("completed", "inactive"):
            standings = await self._intend(ROUND_STANDINGS, rq.round_id, channel_id)
        return RoundReveal(rq, channel_id, summary, intent, standings)

    async def round_standings(self, round_id: int, channel_id: int) -> PostIntent | None:
        """The intent for a finished round's standings (e.g. a round that expired)."""
        return await self._intend(ROUND_STANDINGS, round_id, channel_id)

    async def pending_round_reveals(self, owns: Owns | None = None) -> list[RoundReveal]:
        """Reveals an earlier run committed (or was about to) but may not have announced; the
        reveal is committed now if it was not.  For the start-up, before rounds resume; only
        those of rounds for which ``owns(round id)`` is true (this process owns the round)."""
        out: list[RoundReveal] = []
        for rec in await self._outbox.pending_intents(ROUND_REVEAL + ":"):
            if rec.key in self._in_flight:
                continue
            try:
                rq = await self._rounds.get_round_question(_target(rec.key))
            except NotFound:
                await self._drop(rec.key)
                continue
            if owns is not None and not await owns(rq.round_id):
                continue
            self._in_flight.add(rec.key)
            summary = await self._rounds.reveal_question(rq.id)
            out.append(await self._round_reveal(rq, rec.channel_id, summary, _intent(rec, resumed=True)))
        return out

    async def expiring(self, rnd: Round) -> None:
        """A round is about to be finished at start-up ("expired"): its standings are to be
        posted (recorded before the round is finished, so they cannot be lost)."""
        await self._outbox.record_intent(
            f"{ROUND_STANDINGS}:{rnd.id}", rnd.channel_id, current_time(self.clock, None)
        )

    async def pending_round_standings(self, owns: Owns | None = None) -> list[RoundStandings]:
        """Standings an earlier run meant to post (call after ``pending_round_reveals``), of
        the rounds for which ``owns(round id)`` is true."""
        out: list[RoundStandings] = []
        for rec in await self._outbox.pending_intents(ROUND_STANDINGS + ":"):
            if rec.key in self._in_flight:
                continue
            try:
                rnd = await self._rounds.get_round(_target(rec.key))
            except NotFound:
                await self._drop(rec.key)
                continue
            if rnd.active:  # it did not finish after all: its end will post them
                continue
            if owns is not None and not await owns(rnd.id):
                continue
            if rnd.finish_reason == "stopped":  # /quiz stop answered with the standings
                await self._drop(rec.key)
                continue
            self._in_flight.add(rec.key)
            standings = tuple(await self._rounds.final_standings(rnd.id))
            out.append(RoundStandings(_intent(rec, resumed=True), standings, rnd.finish_reason, rnd.id))
        return out

    # ----------------------------------------------------------------- daily

    async def daily_question(self, post: DailyPost) -> PostIntent | None:
        return await self._intend(DAILY_QUESTION, post.id, post.channel_id)

    async def daily_question_posted(self, intent: PostIntent, post_id: int, message_id: int | None) -> None:
        if message_id is not None:
            await self._daily.set_daily_message(post_id, message_id)
        await self.posted(intent, message_id)

    async def unrecorded_daily_question(self, post: DailyPost) -> PostIntent | None:
        """The intent of a daily question that may have been posted without its message id
        being recorded (to find the message, e.g. to take its buttons off at the reveal)."""
        rec = await self._outbox.get_intent(f"{DAILY_QUESTION}:{post.id}")
        if rec is None or rec.done or rec.key in self._in_flight:
            return None
        return _intent(rec, resumed=True)

    async def reveal_daily(self, post: DailyPost) -> DailyReveal | None:
        """Reveal a daily post (intent first, as for rounds); None when there is nothing to post."""
        intent = await self._intend(DAILY_REVEAL, post.id, post.channel_id)
        summary = await self._daily.reveal_daily(post.id)
        if intent is None:
            return None
        if summary.already_revealed and not intent.resumed:
            await self._drop(intent.key)
            return None
        return DailyReveal(post, summary, intent)

    async def pending_daily_reveals(self, owns: OwnsPost | None = None) -> list[DailyReveal]:
        """Daily reveals an earlier run committed (or was about to) but may not have posted, of
        the posts for which ``owns(post)`` is true (this process owns the guild's daily work)."""
        out: list[DailyReveal] = []
        for rec in await self._outbox.pending_intents(DAILY_REVEAL + ":"):
            if rec.key in self._in_flight:
                continue
            try:
                post = await self._daily.get_daily_post(_target(rec.key))
            except NotFound:
                await self._drop(rec.key)
                continue
            if owns is not None and not await owns(post):
                continue
            self._in_flight.add(rec.key)
            summary = await self._daily.reveal_daily(post.id)
            out.append(DailyReveal(post, summary, _intent(rec, resumed=True)))
        return out

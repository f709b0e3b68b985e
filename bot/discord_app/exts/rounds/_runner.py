"""Runs the rounds of this process, one task per channel: post a question, wait for its
deadline or for everyone to answer, reveal it, pause, and go on until the round ends.

A round runs only while this process holds its lease (``OwnershipService``): taken before the
first step, renewed in the background, released when the round is over.  When another process
has taken the lease (this one stalled longer than the lease), the task stops at once and
leaves the round to that process.

The rules (deadlines, when a round ends, standings) are the rounds service's; this only does
the Discord side and the waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from datetime import UTC, datetime

import discord

from ....cards.model import Card
from ....cards.rounds import reveal_card, round_question_card, standings_card
from ....services.ownership import OwnershipService, round_lease
from ....services.posts import PostIntent, PostsService, RoundReveal
from ....services.results import RoundQuestion
from ....services.rounds import RoundsService
from ...answer_buttons import AnswerButtons
from ...channels import ChannelPoster
from ...embeds import card_to_embed
from ...report_button import report_view
from ...shared import RunningRounds

log = logging.getLogger("certcoach.quiz")

PAUSE_BETWEEN_QUESTIONS = 3.0  # seconds between a reveal and the next question


class RoundRunner:
    def __init__(
        self,
        rounds: RoundsService,
        posts: PostsService,
        poster: ChannelPoster,
        running: RunningRounds,
        buttons: AnswerButtons,
        *,
        ownership: OwnershipService,
        typed_answers: bool,
    ) -> None:
        self.rounds = rounds
        self.posts = posts
        self.ownership = ownership
        self.poster = poster
        self.running = running
        self.buttons = buttons
        self.typed_answers = typed_answers
        self.reveal_events: dict[int, asyncio.Event] = {}  # round question id -> "everyone answered"
        self.open_questions: dict[int, int] = {}  # channel id -> open round question id
        self.round_of: dict[int, int] = {}  # channel id -> the round running there
        self.pause_between = PAUSE_BETWEEN_QUESTIONS

    def start(self, round_id: int, channel_id: int) -> None:
        if self.running.is_running(channel_id):
            return
        task = asyncio.create_task(self._run_owned(round_id, channel_id))
        self.running.tasks[channel_id] = task
        self.round_of[channel_id] = round_id
        task.add_done_callback(functools.partial(self._done, channel_id))

    def runs(self, round_id: int) -> bool:
        """Whether this process is running the round right now."""
        return round_id in self.round_of.values()

    def _done(self, channel_id: int, task: asyncio.Task[None]) -> None:
        # Only forget the channel's runner if it is still this one (a new round may have started).
        if self.running.tasks.get(channel_id) is task:
            del self.running.tasks[channel_id]
            self.round_of.pop(channel_id, None)
            rq_id = self.open_questions.pop(channel_id, None)
            if rq_id is not None:
                self.reveal_events.pop(rq_id, None)

    async def stop(self, channel_id: int) -> None:
        """Stop running the channel's round (already stopped in the service) and take the
        buttons off the question that was open."""
        task = self.running.tasks.pop(channel_id, None)
        round_id = self.round_of.pop(channel_id, None)
        if task is not None:
            task.cancel()
        if round_id is not None:
            await self.ownership.release(round_lease(round_id))
        rq_id = self.open_questions.pop(channel_id, None)
        if rq_id is not None:
            self.reveal_events.pop(rq_id, None)
            rq = await self.rounds.get_round_question(rq_id)
            await self.poster.close_buttons(channel_id, rq.message_id)

    def cancel_all(self) -> None:
        for task in list(self.running.tasks.values()):
            task.cancel()

    def reveal_soon(self, rq_id: int) -> None:
        """Everyone has answered: reveal now instead of at the deadline."""
        event = self.reveal_events.get(rq_id)
        if event is not None:
            event.set()

    def reveal_soon_in(self, channel_id: int) -> None:
        rq_id = self.open_questions.get(channel_id)
        if rq_id is not None:
            self.reveal_soon(rq_id)

    async def _post_question(self, round_id: int, channel_id: int) -> RoundQuestion | None:
        rq = await self.rounds.open_question(round_id)
        if rq is None:
            rq = await self.rounds.post_question(round_id)
        # Ready for "everyone answered" before anyone can see the question.
        self.reveal_events.setdefault(rq.id, asyncio.Event())
        if rq.message_id is None:
            intent = await self.posts.round_question(rq, channel_id)
            if intent is None:  # posted already, or being posted
                return rq
            card = round_question_card(rq, typed_answers=self.typed_answers)
            view = self.buttons.view(rq.id, len(rq.question.choices))
            message = await self.poster.send_once(intent, embed=card_to_embed(card), view=view)
            await self.posts.round_question_posted(intent, rq.id, message.id if message else None)
            if message is None:
                return None
            rq = await self.rounds.get_round_question(rq.id)
        return rq

    async def _run_owned(self, round_id: int, channel_id: int) -> None:
        """Run the round while holding its lease; release it once the round is over."""
        lease = round_lease(round_id)
        try:
            if not await self.ownership.claim(lease):
                log.info("quiz round %s is run by another process", round_id)
                return
        except Exception:
            log.exception("quiz round %s: could not take its lease", round_id)
            return
        task = asyncio.current_task()
        assert task is not None
        keeper = self.ownership.keep(lease, on_lost=task.cancel)
        try:
            over = await self._run(round_id, channel_id)
        finally:
            keeper.cancel()
        if over:
            with contextlib.suppress(Exception):  # not released: it expires
                await self.ownership.release(lease)

    async def _run(self, round_id: int, channel_id: int) -> bool:
        """Run the round to its end; True when it is over (False: it failed, logged)."""
        try:
            while True:
                rnd = await self.rounds.get_round(round_id)
                if not rnd.active:
                    return True
                rq = await self._post_question(round_id, channel_id)
                if rq is None:  # cannot post here any more: end the round cleanly
                    await self.rounds.stop_round(round_id, by_user=rnd.starter_id, is_moderator=True)
                    return True
                if not await self._wait_and_reveal(rq, channel_id):
                    return True
                await asyncio.sleep(self.pause_between)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("quiz round %s failed", round_id)
            return False

    async def _wait_and_reveal(self, rq: RoundQuestion, channel_id: int) -> bool:
        """Wait for the deadline (or everyone), reveal; False when the round is over."""
        event = self.reveal_events.setdefault(rq.id, asyncio.Event())
        self.open_questions[channel_id] = rq.id
        wait = (rq.deadline - datetime.now(UTC)).total_seconds()
        with contextlib.suppress(TimeoutError):  # the deadline: reveal anyway
            await asyncio.wait_for(event.wait(), timeout=max(0.0, wait))
        self.reveal_events.pop(rq.id, None)
        self.open_questions.pop(channel_id, None)
        reveal = await self.posts.reveal_round_question(rq, channel_id)
        if reveal is None:  # stopped meanwhile, or announced already
            return (await self.rounds.get_round(rq.round_id)).active
        await self.announce(reveal)
        return not reveal.summary.round_finished

    async def announce(self, reveal: RoundReveal) -> None:
        """Take the buttons off a revealed question, post its reveal and, when the round is
        over, the standings (each exactly once)."""
        await self.poster.close_buttons(reveal.channel_id, reveal.question.message_id)
        if reveal.reveal is not None:
            view = report_view(reveal.summary.question.id)
            await self.post(reveal.reveal, reveal_card(reveal.summary), view=view)
        if reveal.standings is not None:
            card = standings_card(reveal.summary.standings, reveal.summary.finish_reason)
            await self.post(reveal.standings, card)

    async def post(self, intent: PostIntent, card: Card, view: discord.ui.View | None = None) -> None:
        message = await self.poster.send_once(intent, embed=card_to_embed(card), view=view)
        await self.posts.posted(intent, message.id if message else None)

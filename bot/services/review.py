"""Spaced review: a card for every question a member missed, shown again when FSRS says it is
due, until it sticks.

A miss anywhere (quiz round, daily question, mock exam, drill) creates the member's card for
that question, or reviews the existing card as Again; a right answer reviews an existing card
(Easy, Good or Hard by the time taken against the exam's pace).

Quiz and daily answers are read back from the answers table, which is their durable log:
:meth:`ReviewService.sync` applies, in one transaction, every answer of the member newer than
their last sync (it runs before every read of the member's cards), so a miss is never lost nor
counted twice, whatever happens between an answer's commit and its event, and the answer path
pays nothing for review.  Mock-exam and drill answers arrive as
:class:`~bot.services.practice.PracticeEvents` (their slices keep their own tables).

A session::

    card = await review.next_card(user_id)         # None: nothing due (see next_due_at)
    result = await review.answer(user_id, card.question.id, choice, card.shown_at)
    result.correct, result.question.explanation, result.next_due, result.leech
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core.banks.domains import domain_title
from bot.core.banks.library import Question
from bot.core.blueprints.model import Blueprint
from bot.core.clock import utcnow
from bot.core.review import DEFAULT_SECONDS, Answered, CardState, Grade, ReviewScheduler, is_leech, rate
from bot.store.interface import ReviewStore

from .banks import BanksService
from .common import Clock, check_choice, current_time
from .errors import NotFound
from .practice import PracticeEvents, PracticeResult

RelatedTopic = Callable[..., tuple[str, str] | None]  # texts -> (topic id, title) or None
DUE_LOOKAHEAD = 20  # due cards read at once, to skip those whose question left the banks
SYNCED_SOURCES = ("quiz", "daily", "review")  # not applied from events (see on_result)
GONE = "That card is no longer in your review (its question or your data was removed)."


@dataclass(frozen=True, slots=True)
class Leech:
    """A card missed ``lapses`` times: reread the guideline (and the topic, when there is one)."""

    lapses: int
    source: str
    topic_id: str | None = None
    topic_title: str | None = None


@dataclass(frozen=True, slots=True)
class DueCard:
    question: Question
    card: CardState
    shown_at: datetime  # pass it back with the answer: the answer time is measured from it
    due: int  # cards due now, this one included


@dataclass(frozen=True, slots=True)
class ReviewResult:
    question: Question
    choice: int
    correct: bool
    grade: Grade
    next_due: datetime
    due_left: int  # cards still due now
    leech: Leech | None = None
    duplicate: bool = False  # this card was answered already since it was shown: not counted


class ReviewService:
    def __init__(
        self,
        store: ReviewStore,
        banks: BanksService,
        *,
        blueprints: dict[str, Blueprint] | None = None,
        events: PracticeEvents | None = None,
        clock: Clock = utcnow,
        related_topic: RelatedTopic | None = None,
    ) -> None:
        self._store = store
        self._banks = banks
        self._blueprints = blueprints or {}
        self._events = events
        self.clock = clock
        self.related_topic = related_topic  # set by the wiring once the knowledge base is loaded
        self._scheduler = ReviewScheduler()
        if events is not None:
            events.subscribe(self.on_result)

    # ----------------------------------------------------------------- events

    async def on_result(self, result: PracticeResult) -> None:
        """A committed mock-exam or drill answer: a miss makes or lapses the card, a right answer
        reviews the card if there is one.  Quiz and daily answers are read from the answers
        table instead (:meth:`sync`), and review's own answers are applied where they are made."""
        if result.source in SYNCED_SOURCES:
            return
        if result.correct and await self._store.card(result.user_id, result.question_id) is None:
            return  # most right answers have no card: a read, no write transaction
        fact = Answered(result.question_id, result.correct, result.answered_at, result.seconds)
        await self._store.change_card(
            result.user_id, result.question_id, lambda card: self._apply(card, fact)
        )

    async def sync(self, user_id: int) -> int:
        """Apply the member's quiz and daily answers committed since the last sync, each exactly
        once (the answers table is their log); how many cards changed."""
        return await self._store.sync_answers(user_id, self._apply, self.clock())

    def _apply(self, card: CardState | None, answer: Answered) -> CardState | None:
        """The card after ``answer`` (None: unchanged): a miss makes a new card."""
        when = current_time(self.clock, answer.answered_at)
        if card is None:
            return None if answer.correct else self._scheduler.first_miss(answer.question_id, when)
        if card.last_review is not None and card.last_review > when:
            return None  # an older answer read after a newer review: the schedule moved on
        grade = rate(answer.correct, answer.seconds, self._pace(self._banks.find(answer.question_id)))
        return self._scheduler.review(card, grade, when)

    # ----------------------------------------------------------------- reads

    async def due_count(self, user_id: int, now: datetime | None = None) -> int:
        await self.sync(user_id)
        return await self._store.due_count(user_id, current_time(self.clock, now))

    async def next_due_at(self, user_id: int) -> datetime | None:
        """When the member's next card falls due (None: they have no cards)."""
        await self.sync(user_id)
        return await self._store.next_due_at(user_id)

    async def next_card(self, user_id: int, now: datetime | None = None) -> DueCard | None:
        """The member's next due card (longest overdue first), or None when nothing is due."""
        now = current_time(self.clock, now)
        await self.sync(user_id)
        for card in await self._store.due_cards(user_id, now, DUE_LOOKAHEAD):
            question = self._banks.find(card.question_id)
            if question is not None:
                return DueCard(question, card, now, await self._store.due_count(user_id, now))
        return None

    # ----------------------------------------------------------------- answers

    async def answer(
        self, user_id: int, question_id: str, choice: int, shown_at: datetime, now: datetime | None = None
    ) -> ReviewResult:
        """Answer a card shown at ``shown_at`` (committed before returning).  A second answer to
        the same showing is a duplicate and changes nothing.  Raises NotFound, InvalidOption."""
        now = current_time(self.clock, now)
        question = self._banks.find(question_id)
        if question is None:
            raise NotFound(GONE)
        check_choice(question, choice)
        correct = choice == question.answer
        seconds = max(0.0, (now - current_time(self.clock, shown_at)).total_seconds())
        grade = rate(correct, seconds, self._pace(question))
        shown = current_time(self.clock, shown_at)

        def change(card: CardState | None) -> CardState | None:
            if card is None or (card.last_review is not None and card.last_review >= shown):
                return None
            return self._scheduler.review(card, grade, now)

        before, after = await self._store.change_card(user_id, question_id, change)
        if after is None:
            raise NotFound(GONE)
        duplicate = before == after
        if not duplicate and self._events is not None:
            await self._events.publish(
                PracticeResult(user_id, question.id, question.domain, correct, seconds, now, "review")
            )
        leech = None
        if not duplicate and grade is Grade.AGAIN and is_leech(after.lapses):
            leech = self._leech(question, after.lapses)
        due_left = await self._store.due_count(user_id, now)
        return ReviewResult(question, choice, correct, grade, after.due_at, due_left, leech, duplicate)

    # ----------------------------------------------------------------- helpers

    def _pace(self, question: Question | None) -> float:
        """The exam's seconds per question (the first of the question's exams with a blueprint)."""
        for exam in question.exams if question else ():
            blueprint = self._blueprints.get(exam)
            if blueprint is not None:
                return blueprint.seconds_per_question
        return DEFAULT_SECONDS

    def _leech(self, question: Question, lapses: int) -> Leech:
        topic = None
        if self.related_topic is not None:
            topic = self.related_topic(question.source, domain_title(question.domain))
        return Leech(lapses, question.source, *(topic or (None, None)))

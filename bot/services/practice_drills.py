"""Weak-area drills (``/drill [exam] [area] [count]``): private practice on one exam area.

Without an area the drill takes the member's weakest area of the exam (``bot.core.practice_drills``
over their recent quiz, daily and drill answers in every server); without an exam, the exam
they answered most lately (CPC for a new member). One unfinished drill per member: ``/drill``
with no options, or the same area, resumes it; anything else replaces it (the old one is
finished, its answers kept). Each answer is committed before the member hears how it went, then
published as a ``PracticeResult(source="drill")``. The drill lives in the store, so it carries
on after a restart.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.banks.domains import DOMAINS, EXAMS, domain_title
from bot.core.banks.library import Question
from bot.core.blueprints.model import Blueprint
from bot.core.codes.drills import DRILL_DOMAIN, DRILL_EXAMS, DRILL_SOURCE
from bot.core.practice_drills.choose import (
    RECENT_PER_AREA,
    Accuracy,
    check_count,
    pick_questions,
    weakest_area,
)
from bot.store.interface import DrillStore
from bot.store.records import DrillAnswerRecord, DrillSessionRecord

from .banks import BanksService
from .common import Clock
from .errors import InvalidOption, NoQuestionsMatch, NotAllowed, NotFound, QuizError
from .practice import PracticeEvents, PracticeResult

DEFAULT_EXAM = "CPC"
SEEN_LIMIT = 2000  # answered question ids looked at when choosing fresh ones


@dataclass(frozen=True, slots=True)
class DrillQuestion:
    session_id: int
    position: int  # 0-based
    total: int
    exam: str
    domain: str
    question: Question

    @property
    def number(self) -> int:
        return self.position + 1


@dataclass(frozen=True, slots=True)
class DrillStart:
    question: DrillQuestion
    resumed: bool  # the member's unfinished drill, carried on
    replaced: bool  # an unfinished drill was finished to start this one
    weakest: bool  # the area was chosen as the member's weakest
    accuracy: Accuracy  # the member's recent accuracy in the area before this drill


@dataclass(frozen=True, slots=True)
class DrillFeedback:
    session_id: int
    position: int
    total: int
    question: Question
    choice: int
    correct: bool

    @property
    def finished(self) -> bool:
        return self.position + 1 >= self.total


@dataclass(frozen=True, slots=True)
class DrillSummary:
    session_id: int
    exam: str
    domain: str
    right: int
    asked: int
    total: int
    before: Accuracy  # recent accuracy in the area before the drill started
    now: Accuracy  # and now, the drill's answers included


class PracticeDrillService:
    def __init__(
        self,
        store: DrillStore,
        banks: BanksService,
        blueprints: Mapping[str, Blueprint],
        events: PracticeEvents,
        *,
        clock: Clock,
        rng: random.Random,
    ) -> None:
        self._store = store
        self._banks = banks
        self._blueprints = blueprints
        self._events = events
        self._clock = clock
        self._rng = rng

    # ----------------------------------------------------------------- areas

    def exams(self) -> list[str]:
        return [*EXAMS, *([DRILL_SOURCE] if self._banks.offers_drills() else [])]

    def weighable_areas(self, exam: str) -> list[str]:
        """The exam's areas with questions, in blueprint order: the candidates for "weakest"."""
        blueprint = self._blueprints.get(exam)
        listed = [a.domain for a in blueprint.areas] if blueprint else []
        listed += [d.id for d in DOMAINS.values() if d.exam == exam and d.id not in listed]
        return [a for a in listed if self._banks.select(domain=a)]

    def areas(self, exam: str | None = None) -> list[str]:
        """Every area a drill can take (of ``exam`` when given): the generated ICD-10-CM drills too."""
        drills = [DRILL_DOMAIN] if self._banks.offers_drills() else []
        if exam is None:
            return [d for d in DOMAINS if d != DRILL_DOMAIN and self._banks.select(domain=d)] + drills
        if exam == DRILL_SOURCE:
            return drills
        return self.weighable_areas(exam) + (drills if exam in DRILL_EXAMS else [])

    def parse_exam(self, text: str | None) -> str | None:
        if text is None or not text.strip():
            return None
        wanted = text.strip().upper()
        for exam in self.exams():
            if exam.upper() == wanted:
                return exam
        raise InvalidOption(f"Unknown exam {text.strip()!r}. Exams: {', '.join(self.exams())}.")

    def parse_area(self, text: str | None, exam: str | None = None) -> str | None:
        """An area id, or words of one area's title (when they name just one of ``exam``'s)."""
        if text is None or not text.strip():
            return None
        wanted = text.strip().lower()
        if wanted in DOMAINS:
            return wanted
        hits = [d for d in self.areas(exam) if wanted in domain_title(d).lower()]
        if len(hits) == 1:
            return hits[0]
        more = f" It could be {', '.join(hits[:5])}." if hits else " /drill suggests them as you type."
        raise InvalidOption(f"I don't know the area {text.strip()!r}.{more}")

    # ----------------------------------------------------------------- the drill

    async def start(
        self,
        user_id: int,
        *,
        exam: str | None = None,
        area: str | None = None,
        count: int | None = None,
    ) -> DrillStart:
        """Resume the member's unfinished drill (no options, or the same area), or start one."""
        wanted_exam = self.parse_exam(exam)
        wanted_area = self.parse_area(area, wanted_exam)
        try:
            size = check_count(count)
        except ValueError as exc:
            raise InvalidOption(str(exc)) from exc
        active = await self._store.active_drill(user_id)
        same = (
            active is not None and wanted_area in (None, active.domain) and wanted_exam in (None, active.exam)
        )
        if active is not None and same and not active.all_answered and count is None:
            return await self._resume(active)
        chosen_exam, chosen_area, weakest = await self._choose(user_id, wanted_exam, wanted_area)
        pool = await self._pool(chosen_area)
        seen = await self._store.recent_questions(user_id, SEEN_LIMIT)
        picked = pick_questions(pool, seen, size, self._rng)
        if not picked:
            raise NoQuestionsMatch(f"There are no questions in {domain_title(chosen_area)} yet.")
        before = await self._accuracy(user_id, chosen_area)
        session, replaced = await self._store.start_drill(
            user_id, chosen_exam, chosen_area, picked, self._clock()
        )
        question = self._question(session)
        return DrillStart(
            question, resumed=False, replaced=replaced is not None, weakest=weakest, accuracy=before
        )

    async def _resume(self, active: DrillSessionRecord) -> DrillStart:
        await self._store.show_drill_question(active.id, active.position, self._clock())
        before = await self._accuracy(active.user_id, active.domain, before=active)
        return DrillStart(
            self._question(active), resumed=True, replaced=False, weakest=False, accuracy=before
        )

    async def _choose(self, user_id: int, exam: str | None, area: str | None) -> tuple[str, str, bool]:
        if area is not None:
            owner = DOMAINS[area].exam or (DRILL_SOURCE if area == DRILL_DOMAIN else "")
            if exam is not None and owner and exam != owner and area != DRILL_DOMAIN:
                raise InvalidOption(f"{domain_title(area)} is a {owner} area, not a {exam} one.")
            return exam or owner or DEFAULT_EXAM, area, False
        exam = exam or await self._usual_exam(user_id)
        candidates = self.weighable_areas(exam) if exam != DRILL_SOURCE else self.areas(exam)
        if not candidates:
            raise NoQuestionsMatch(f"There are no {exam} questions to drill yet.")
        recent = await self._store.recent_results(user_id, candidates, RECENT_PER_AREA)
        blueprint = self._blueprints.get(exam)
        weights = {a.domain: a.count for a in blueprint.areas} if blueprint else {}
        rank = weakest_area(candidates, recent, weights)
        assert rank is not None
        return exam, rank.domain, True

    async def _usual_exam(self, user_id: int) -> str:
        """The exam of most of the member's recent answers (CPC for a new member)."""
        recent = await self._store.recent_results(user_id, None, RECENT_PER_AREA)
        votes = Counter(
            {DOMAINS[d].exam: len(r) for d, r in recent.items() if d in DOMAINS and DOMAINS[d].exam}
        )
        return votes.most_common(1)[0][0] if votes else DEFAULT_EXAM

    async def _pool(self, area: str) -> list[str]:
        if area == DRILL_DOMAIN:
            return await self._banks.pool(self._rng, domain=DRILL_DOMAIN)
        return [q.id for q in self._banks.select(domain=area)]

    async def _accuracy(
        self, user_id: int, area: str, *, before: DrillSessionRecord | None = None
    ) -> Accuracy:
        at = before.started_at if before is not None else None
        recent = await self._store.recent_results(user_id, [area], RECENT_PER_AREA, before=at)
        return Accuracy.of(recent.get(area, []))

    def _question(self, session: DrillSessionRecord) -> DrillQuestion:
        question = self._banks.question(session.question_ids[session.position])
        return DrillQuestion(
            session.id, session.position, session.total, session.exam, session.domain, question
        )

    async def _owned(self, user_id: int, session_id: int) -> DrillSessionRecord:
        session = await self._store.get_drill(session_id)
        if session is None:
            raise NotFound("That drill is gone. Start another with /drill.")
        if session.user_id != user_id:
            raise NotAllowed("That is someone else's drill. Start your own with /drill.")
        return session

    async def current(self, user_id: int) -> DrillQuestion | None:
        """The question the member's unfinished drill is waiting on, if any."""
        active = await self._store.active_drill(user_id)
        if active is None or active.all_answered:
            return None
        return self._question(active)

    async def next_question(self, user_id: int, session_id: int) -> DrillQuestion | None:
        """The drill's next question, shown now; ``None`` when every question is answered."""
        session = await self._owned(user_id, session_id)
        if not session.active:
            raise QuizError("That drill is over. Start another with /drill.")
        if session.all_answered:
            return None
        await self._store.show_drill_question(session.id, session.position, self._clock())
        return self._question(session)

    async def answer(
        self, user_id: int, session_id: int, position: int, choice: int, *, guild_id: int | None = None
    ) -> DrillFeedback:
        """Record the member's answer to the question at ``position``, then publish it."""
        session = await self._owned(user_id, session_id)
        if not session.active:
            raise QuizError("That drill is over. Start another with /drill.")
        if position != session.position:
            raise QuizError("You already answered that question.")
        question = self._question(session).question
        if not 0 <= choice < len(question.choices):
            raise InvalidOption(f"Answer with a letter from A to {question.letters[-1]}.")
        now = self._clock()
        seconds = max(0, int((now - session.shown_at).total_seconds()))
        correct = choice == question.answer
        record = DrillAnswerRecord(
            session.id, position, question.id, question.domain, choice, correct, now, seconds
        )
        if await self._store.record_drill_answer(record) is None:
            raise QuizError("You already answered that question.")
        await self._events.publish(
            PracticeResult(
                user_id, question.id, question.domain, correct, float(seconds), now, "drill", guild_id
            )
        )
        return DrillFeedback(session.id, position, session.total, question, choice, correct)

    async def finish(self, user_id: int, session_id: int) -> DrillSummary:
        """End the drill (idempotent) and sum it up."""
        session = await self._owned(user_id, session_id)
        await self._store.finish_drill(session.id, self._clock())
        answers = await self._store.drill_answers(session.id)
        right = sum(1 for a in answers if a.correct)
        before = await self._accuracy(user_id, session.domain, before=session)
        now = await self._accuracy(user_id, session.domain)
        return DrillSummary(
            session.id, session.exam, session.domain, right, len(answers), session.total, before, now
        )

    async def stop(self, user_id: int) -> DrillSummary | None:
        """Finish the member's unfinished drill, if any."""
        active = await self._store.active_drill(user_id)
        return await self.finish(user_id, active.id) if active is not None else None

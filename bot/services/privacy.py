"""Forgetting a member: ``/forget-me`` and a moderator's ``/forget-member``.

What is removed in the server: every answer of the member (quiz and daily; their points,
streaks and names go with them, so leaderboards and stats no longer show them). Rounds they
started are kept for the other members' answers, but no longer name them: their starter
becomes 0 (nobody; a moderator can still stop such a round). Their reports of bad questions
are deleted too, and so are their spaced-review cards, mock exam attempts, weak-area drills and
study plan (all kept per member, not per server, so forgetting them in any server removes all of
them). Their Helpful / Not helpful votes in the server go too; the unanswered queue keeps its
anonymised questions and counts, which name nobody. No other table names a member.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.interface import ExamsStore, PrivacyStore
from bot.store.records import ForgetResult


@dataclass(frozen=True, slots=True)
class Forgotten:
    guild_id: int
    user_id: int
    answers_deleted: int
    rounds_anonymised: int
    reports_deleted: int = 0
    review_cards_deleted: int = 0
    exams_deleted: int = 0
    drills_deleted: int = 0  # drills are per member: these went in every server
    plan_rows_deleted: int = 0
    votes_deleted: int = 0  # Helpful / Not helpful votes (the unanswered queue names nobody)

    @property
    def summary(self) -> str:
        reports = f" Deleted {self.reports_deleted} question report(s)." if self.reports_deleted else ""
        cards = f" Deleted {self.review_cards_deleted} review card(s)." if self.review_cards_deleted else ""
        if self.exams_deleted:
            cards += f" Deleted {self.exams_deleted} mock exam attempt(s)."
        if self.drills_deleted:
            cards += f" Deleted {self.drills_deleted} drill(s)."
        if self.plan_rows_deleted:
            cards += " Deleted the study plan and its reminders."
        if self.votes_deleted:
            cards += f" Deleted {self.votes_deleted} vote(s) on answers."
        return (
            f"Deleted {self.answers_deleted} answer(s); {self.rounds_anonymised} round(s) "
            f"they started no longer name them.{reports}{cards}"
        )


class PrivacyService:
    def __init__(self, store: PrivacyStore, exams: ExamsStore | None = None) -> None:
        self._store = store
        self._exams = exams

    async def forget(self, guild_id: int, user_id: int) -> Forgotten:
        """Remove every row naming ``user_id`` in ``guild_id`` (idempotent)."""
        result: ForgetResult = await self._store.forget_member(guild_id, user_id)
        exams = await self._exams.forget_member(user_id) if self._exams is not None else 0
        return Forgotten(
            guild_id,
            user_id,
            result.answers_deleted,
            result.rounds_anonymised,
            result.reports_deleted,
            result.review_cards_deleted,
            exams,
            result.drills_deleted,
            result.plan_rows_deleted,
            result.votes_deleted,
        )

    async def rows_naming(self, guild_id: int, user_id: int) -> int:
        rows = await self._store.rows_naming_member(guild_id, user_id)
        if self._exams is not None:
            rows += len(await self._exams.finished_attempts(user_id, limit=1))
            rows += await self._exams.active_attempt(user_id) is not None
        return rows

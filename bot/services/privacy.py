"""Forgetting a member: ``/forget-me`` and a moderator's ``/forget-member``.

What is removed in the server: every answer of the member (quiz and daily; their points,
streaks and names go with them, so leaderboards and stats no longer show them). Rounds they
started are kept for the other members' answers, but no longer name them: their starter
becomes 0 (nobody; a moderator can still stop such a round). Their reports of bad questions
are deleted too, and so is their study plan (with its activity and reminder rows): a plan is the
member's own, not a server's, so forgetting them in any server removes it. No other table names
a member.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.interface import PrivacyStore
from bot.store.records import ForgetResult


@dataclass(frozen=True, slots=True)
class Forgotten:
    guild_id: int
    user_id: int
    answers_deleted: int
    rounds_anonymised: int
    reports_deleted: int = 0
    plan_rows_deleted: int = 0

    @property
    def summary(self) -> str:
        reports = f" Deleted {self.reports_deleted} question report(s)." if self.reports_deleted else ""
        plan = " Deleted the study plan and its reminders." if self.plan_rows_deleted else ""
        return (
            f"Deleted {self.answers_deleted} answer(s); {self.rounds_anonymised} round(s) "
            f"they started no longer name them.{reports}{plan}"
        )


class PrivacyService:
    def __init__(self, store: PrivacyStore) -> None:
        self._store = store

    async def forget(self, guild_id: int, user_id: int) -> Forgotten:
        """Remove every row naming ``user_id`` in ``guild_id`` (idempotent)."""
        result: ForgetResult = await self._store.forget_member(guild_id, user_id)
        return Forgotten(
            guild_id,
            user_id,
            result.answers_deleted,
            result.rounds_anonymised,
            result.reports_deleted,
            result.plan_rows_deleted,
        )

    async def rows_naming(self, guild_id: int, user_id: int) -> int:
        return await self._store.rows_naming_member(guild_id, user_id)

"""Members' reports of bad questions, and moderators retiring questions from their server.

A member reports a question they saw revealed (wrong key, unclear, outdated, typo, other, with
an optional note): one report per member, question and server; reporting again replaces the
reason. Moderators list the most-reported questions and retire one from the server's rotation:
rounds and the daily question never draw a retired question there again (``without_retired``,
used by ``RoundsService`` and ``DailyService``: one query for the guild's retired ids).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.core.clock import utcnow
from bot.store.interface import ReportsStore

from .banks import BanksService
from .common import Clock, current_time
from .errors import InvalidOption

REASONS = ("wrong key", "unclear", "outdated", "typo", "other")
NOTE_LIMIT = 200  # characters of a member's own words kept with a report
LIST_LIMIT = 10  # questions /reports shows
REASONS_SHOWN = 3  # latest reasons per question in /reports


@dataclass(frozen=True, slots=True)
class Reported:
    question_id: str
    created: bool  # False: the member had reported it; the reason was replaced

    @property
    def message(self) -> str:
        if self.created:
            return f"Thanks: your report of {self.question_id} was recorded for the moderators."
        return f"You had already reported {self.question_id}; your reason was updated."


@dataclass(frozen=True, slots=True)
class QuestionReports:
    """One question's reports in a server, for the moderators' list."""

    question_id: str
    reports: int
    latest_at: datetime
    reasons: tuple[str, ...]  # the latest few, newest first
    retired: bool


class ReportsService:
    def __init__(self, store: ReportsStore, banks: BanksService, *, clock: Clock = utcnow) -> None:
        self._store = store
        self._banks = banks
        self.clock = clock

    async def report(
        self,
        guild_id: int,
        question_id: str,
        user_id: int,
        *,
        reason: str,
        note: str = "",
        now: datetime | None = None,
    ) -> Reported:
        """Record (or update) ``user_id``'s report; raises NotFound / InvalidOption."""
        qid = self._banks.question(question_id.strip()).id
        text = reason_text(reason, note)
        created = await self._store.save_report(guild_id, qid, user_id, text, current_time(self.clock, now))
        return Reported(qid, created)

    async def report_text(self, guild_id: int, question_id: str, user_id: int, text: str) -> Reported:
        """A report typed as one line ("wrong key: C is right", "the stem is unclear"): a line
        starting with one of REASONS is that reason, any other line is "other" with the words."""
        reason, note = split_reason(text)
        return await self.report(guild_id, question_id, user_id, reason=reason, note=note)

    async def list_reports(self, guild_id: int, limit: int = LIST_LIMIT) -> list[QuestionReports]:
        """The most-reported questions of the server first, each with its latest reasons."""
        counts = await self._store.report_counts(guild_id, limit)
        reports = await self._store.guild_reports(guild_id, [c.question_id for c in counts])
        retired = await self._store.retired_questions(guild_id)
        reasons: dict[str, list[str]] = {}
        for r in reports:  # newest first
            reasons.setdefault(r.question_id, []).append(r.reason)
        return [
            QuestionReports(
                c.question_id,
                c.reports,
                c.latest_at,
                tuple(reasons.get(c.question_id, ())[:REASONS_SHOWN]),
                c.question_id in retired,
            )
            for c in counts
        ]

    async def retire(self, guild_id: int, question_id: str, now: datetime | None = None) -> str:
        """Take a question out of the server's rotation; a sentence saying what happened."""
        qid = self._banks.question(question_id.strip()).id
        if await self._store.retire_question(guild_id, qid, current_time(self.clock, now)):
            return f"Retired {qid}: rounds and the daily question here will not use it again."
        return f"{qid} was already retired here."

    async def restore(self, guild_id: int, question_id: str) -> str:
        qid = question_id.strip()
        if await self._store.restore_question(guild_id, qid):
            return f"Restored {qid}: it is back in this server's rotation."
        return f"{qid} was not retired here."

    async def without_retired(self, guild_id: int, pool: Iterable[str]) -> list[str]:
        """``pool`` without the questions retired in the server (one query)."""
        retired = await self._store.retired_questions(guild_id)
        return [qid for qid in pool if qid not in retired]


def split_reason(text: str) -> tuple[str, str]:
    """(reason, note) of a typed line; InvalidOption when it is empty."""
    words = " ".join(text.split())
    if not words:
        raise InvalidOption(f"Say what is wrong: {', '.join(REASONS)}, and why if you like.")
    for reason in REASONS:
        if words.lower().startswith(reason):
            return reason, words[len(reason) :].lstrip(" :-,.;")
    return "other", words


def reason_text(reason: str, note: str = "") -> str:
    """``reason`` (one of REASONS) with the member's note, on one line; InvalidOption otherwise."""
    key = " ".join(reason.split()).lower()
    if key not in REASONS:
        raise InvalidOption(f"Pick a reason: {', '.join(REASONS)}.")
    words = " ".join(note.split())
    if len(words) > NOTE_LIMIT:
        raise InvalidOption(f"Please keep the note to {NOTE_LIMIT} characters.")
    return f"{key}: {words}" if words else key

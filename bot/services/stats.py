"""Leaderboards, member stats and daily streaks."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from bot.core.banks.domains import domain_title
from bot.core.clock import utcnow
from bot.core.stats import Standing, Streaks, compute_streaks, rank_standings
from bot.store.interface import AnswersStore

from .common import Clock, current_time
from .errors import InvalidOption

Period = Literal["week", "month", "all"]
LeaderboardKind = Literal["all", "quiz", "daily"]
PERIODS: dict[Period, timedelta | None] = {
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "all": None,
}
KINDS: tuple[LeaderboardKind, ...] = get_args(LeaderboardKind)
MIN_DOMAIN_ANSWERS = 3  # answers in a domain before it can be named the weakest


@dataclass(frozen=True, slots=True)
class DomainStats:
    domain: str
    title: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class MemberStats:
    user_id: int
    answered: int
    correct: int
    points: int
    streaks: Streaks
    domains: tuple[DomainStats, ...]
    weakest: DomainStats | None  # lowest accuracy among domains with >= 3 answers

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def parse_period(text: str | None) -> Period:
    """ "week" (default), "month" or "all" in any case; raises InvalidOption."""
    period = (text or "week").lower()
    if period not in PERIODS:
        raise InvalidOption("Period must be week, month or all.")
    return period


def parse_kind(text: str | None) -> LeaderboardKind:
    """ "all" (default), "quiz" or "daily" in any case; raises InvalidOption."""
    kind = (text or "all").lower()
    if kind not in KINDS:
        raise InvalidOption("Kind must be all, quiz or daily.")
    return kind


class StatsService:
    def __init__(self, answers: AnswersStore, *, clock: Clock = utcnow) -> None:
        self._answers = answers
        self.clock = clock

    async def streaks(self, guild_id: int, user_id: int) -> Streaks:
        """The member's daily streaks (answered / answered right) in this guild.

        The guild's posts and the member's answers come from one query each time: with several
        processes on one database, a post list kept here could miss another process's post.
        """
        rows = await self._answers.daily_streak_rows(guild_id, user_id)
        answers: dict[Hashable, bool] = {r.post_id: r.correct for r in rows if r.correct is not None}
        return compute_streaks(
            [r.post_id for r in rows], answers, open_posts={r.post_id for r in rows if r.open}
        )

    async def leaderboard(
        self,
        guild_id: int,
        period: Period | str = "week",
        kind: LeaderboardKind | str = "all",
        now: datetime | None = None,
        limit: int = 10,
    ) -> list[Standing]:
        """Ranked members (rank, user_id, name, points, correct, answered).

        period: "week" (last 7 days), "month" (last 30 days) or "all"; kind: "all",
        "quiz" or "daily".  Raises InvalidOption for anything else.
        """
        now = current_time(self.clock, now)
        span = PERIODS[parse_period(period)]
        board_kind = parse_kind(kind)
        rows = await self._answers.leaderboard(
            guild_id,
            since=now - span if span else None,
            kind=None if board_kind == "all" else board_kind,
            limit=max(1, min(int(limit), 100)),
        )
        return rank_standings(rows)

    async def member_stats(self, guild_id: int, user_id: int) -> MemberStats:
        """Answered, correct, accuracy, points, daily streaks and per-domain accuracy, with the
        weakest domain (lowest accuracy among domains with at least 3 answers)."""
        counts = await self._answers.member_counts(guild_id, user_id)
        domains = tuple(
            DomainStats(d.domain, domain_title(d.domain), d.answered, d.correct) for d in counts.domains
        )
        eligible = [d for d in domains if d.answered >= MIN_DOMAIN_ANSWERS]
        weakest = min(eligible, key=lambda d: (d.accuracy, -d.answered, d.domain)) if eligible else None
        return MemberStats(
            user_id=user_id,
            answered=counts.answered,
            correct=counts.correct,
            points=counts.points,
            streaks=await self.streaks(guild_id, user_id),
            domains=domains,
            weakest=weakest,
        )

"""Score commands in the console: /stats and /leaderboard [week|month|all] [daily|quiz]."""

from __future__ import annotations

from ..cards.stats import leaderboard_card, stats_card
from ..services.review import ReviewService
from ..services.stats import StatsService
from .commands import Handler, Render
from .identity import CONSOLE_GUILD, CONSOLE_USER

PERIODS = ("week", "month", "all")
KINDS = ("daily", "quiz")


class StatsCommands:
    def __init__(
        self, stats: StatsService, render: Render, member_name: str, review: ReviewService | None = None
    ) -> None:
        self.stats = stats
        self.review = review  # /stats says how many review cards are due
        self.render = render
        self.member_name = member_name

    def commands(self) -> dict[str, Handler]:
        return {"stats": self.member_stats, "leaderboard": self.leaderboard}

    async def member_stats(self, args: list[str]) -> str:
        stats = await self.stats.member_stats(CONSOLE_GUILD, CONSOLE_USER)
        due = await self.review.due_count(CONSOLE_USER) if self.review is not None else None
        return self.render(stats_card(stats, self.member_name, due))

    async def leaderboard(self, args: list[str]) -> str:
        words = [a.lower() for a in args]
        period = next((w for w in words if w in PERIODS), "week")
        kind = next((w for w in words if w in KINDS), "all")
        rows = await self.stats.leaderboard(CONSOLE_GUILD, period=period, kind=kind)
        return self.render(leaderboard_card(rows, period, kind))

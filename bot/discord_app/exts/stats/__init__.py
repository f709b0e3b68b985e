"""Scores: /leaderboard and /stats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import StatsCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(
        StatsCog(
            bot.services.stats,
            bot.services.readiness,
            bot.services.charts,
            bot.services.review,
            bot.services.plans,
        )
    )

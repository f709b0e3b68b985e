"""The study plan: /plan set|show|off|remind, the Stop reminders button and the reminder ticker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import PlanCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(
        PlanCog(
            bot,
            bot.services.plans,
            ownership=bot.services.ownership,
            tick_seconds=bot.settings.daily_tick_seconds,
        )
    )

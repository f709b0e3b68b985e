"""The daily question: /daily setup|off|now, the ticker and the daily answer buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import DailyCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(
        DailyCog(
            bot,
            bot.services.daily,
            bot.services.guild_settings,
            bot.services.posts,
            recovery=bot.recovery,
            takeover=bot.services.recovery,
            ownership=bot.services.ownership,
            guilds=bot.holds_guild,
            tick_seconds=bot.settings.daily_tick_seconds,
        )
    )

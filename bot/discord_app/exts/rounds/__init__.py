"""Quiz rounds: /quiz start, /quiz stop, /quiz banks, the round loop and its answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import RoundsCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(
        RoundsCog(
            bot,
            bot.services.rounds,
            bot.services.banks,
            bot.services.posts,
            running=bot.running_rounds,
            recovery=bot.recovery,
            takeover=bot.services.recovery,
            ownership=bot.services.ownership,
            guilds=bot.holds_guild,
        )
    )

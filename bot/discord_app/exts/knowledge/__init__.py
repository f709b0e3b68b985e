"""Knowledge: /ask, /compare, /cert, /certs, /path, /help, mentions, DMs and ask channels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import KnowledgeCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(
        KnowledgeCog(
            bot,
            bot.services.knowledge,
            cooldown_seconds=bot.settings.cooldown_seconds,
            ask_channels=bot.ask_channels,
            round_running=bot.running_rounds.is_running,
            quizzes=True,
            codes=bot.services.codes,
            feedback=bot.services.feedback,
        )
    )

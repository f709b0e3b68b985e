"""Weak-area drills: /drill [exam] [area] [count], a private (ephemeral) flow with A–E buttons,
feedback after each answer, a Next button and a summary; works in DMs too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import PracticeDrillsCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(PracticeDrillsCog(bot, bot.services.practice_drills))

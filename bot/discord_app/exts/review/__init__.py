"""Spaced review: /review, a private session of the member's due cards (in a server or in DMs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import ReviewCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    cog = ReviewCog(bot.services.review)
    bot.add_dynamic_items(*cog.buttons.items)  # old sessions' buttons keep working after a restart
    await bot.add_cog(cog)

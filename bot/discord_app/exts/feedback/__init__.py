"""The feedback loop: Helpful / Not helpful under free-form answers, /unanswered for moderators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import FeedbackCog
from ._views import vote_buttons

if TYPE_CHECKING:
    from ...client import CertCoachBot

__all__ = ["FeedbackCog", "setup", "vote_buttons"]


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(FeedbackCog(bot, bot.services.feedback))

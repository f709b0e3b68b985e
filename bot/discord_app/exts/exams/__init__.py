"""Mock exams: /exam start, resume, history and report. The exam runs in the member's DMs (or
privately in the server when their DMs are closed), with buttons that survive restarts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import ExamsCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(ExamsCog(bot, bot.services.exams, bot.services.charts))

"""Question reports: the Report button under reveals, /reports list, retire and restore."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import ReportsCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(ReportsCog(bot, bot.services.reports))

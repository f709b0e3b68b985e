"""ICD-10-CM codes: /code lookup (with autocomplete), /code search, paging a header's codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import CodesCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(CodesCog(bot.services.codes))

"""Privacy: /forget-me (a member deletes their own data) and /forget-member (Manage Server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import PrivacyCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(PrivacyCog(bot.services.privacy))

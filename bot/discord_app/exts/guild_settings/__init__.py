"""Server settings: /config ask-channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._cog import GuildSettingsCog

if TYPE_CHECKING:
    from ...client import CertCoachBot


async def setup(bot: CertCoachBot) -> None:
    await bot.add_cog(GuildSettingsCog(bot.ask_channels, message_content=bot.intents.message_content))

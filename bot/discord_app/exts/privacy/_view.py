"""The confirmation buttons of /forget-me: only the member can press them; timing out deletes nothing."""

from __future__ import annotations

import logging

import discord

from ....services.privacy import PrivacyService
from ._format import CANCELLED, ONLY_YOU, TIMED_OUT, forgotten_self

log = logging.getLogger("certcoach.discord")


class ConfirmForget(discord.ui.View):
    def __init__(self, privacy: PrivacyService, guild_id: int, user_id: int, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.privacy = privacy
        self.guild_id = guild_id
        self.user_id = user_id
        self.origin: discord.Interaction | None = None  # the /forget-me interaction (to edit on timeout)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:
            await interaction.response.send_message(ONLY_YOU, ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmForget]
    ) -> None:
        self.stop()
        result = await self.privacy.forget(self.guild_id, self.user_id)
        await interaction.response.edit_message(content=forgotten_self(result), view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction, button: discord.ui.Button[ConfirmForget]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(content=CANCELLED, view=None)

    async def on_timeout(self) -> None:
        if self.origin is None:
            return
        try:
            await self.origin.edit_original_response(content=TIMED_OUT, view=None)
        except discord.HTTPException:
            log.info("could not mark a /forget-me confirmation as timed out")

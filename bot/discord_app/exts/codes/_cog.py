"""The /code command group: lookup (autocomplete from the index) and search."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.codes import lookup_card, search_card
from ....cards.model import Card
from ....services.codes import CodesService
from ...embeds import card_to_embed
from ._views import pager_for


class CodesCog(commands.Cog, name="Codes"):
    code = app_commands.Group(name="code", description="ICD-10-CM codes: look one up or search")

    def __init__(self, codes: CodesService) -> None:
        self.codes = codes

    async def _begin(self, interaction: discord.Interaction) -> None:
        """Loading the code data the first time may take a second or two: acknowledge first."""
        if not self.codes.loaded:
            await interaction.response.defer(thinking=True)

    async def _send(
        self, interaction: discord.Interaction, card: Card, view: discord.ui.View | None = None
    ) -> None:
        embed = card_to_embed(card)
        ephemeral = not card.matched
        if interaction.response.is_done():
            if view is None:
                await interaction.followup.send(embed=embed, ephemeral=ephemeral)
            else:
                await interaction.followup.send(embed=embed, view=view, ephemeral=ephemeral)
        elif view is None:
            await interaction.response.send_message(embed=embed, ephemeral=ephemeral)
        else:
            await interaction.response.send_message(embed=embed, view=view, ephemeral=ephemeral)

    async def _code_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=label, value=value)
            for label, value in await self.codes.autocomplete(current[:100])
        ]

    @code.command(name="lookup", description="An ICD-10-CM code: description, billable or not, notes")
    @app_commands.describe(code="A code such as J45.909 or j45909 (or start typing words)")
    @app_commands.autocomplete(code=_code_autocomplete)
    async def lookup(self, interaction: discord.Interaction, code: app_commands.Range[str, 1, 100]) -> None:
        await self._begin(interaction)
        result = await self.codes.lookup(code)
        await self._send(interaction, lookup_card(result), pager_for(self.codes, result))

    @code.command(name="search", description="ICD-10-CM codes for words, lay terms or abbreviations")
    @app_commands.describe(words="For example: mild intermittent asthma, ckd 4, broken wrist")
    async def search(self, interaction: discord.Interaction, words: app_commands.Range[str, 1, 200]) -> None:
        await self._begin(interaction)
        await self._send(interaction, search_card(await self.codes.search(words)))

"""The Previous / Next buttons under a header code: page 0 is the look-up card, then one page
of the header's codes per click. Anyone may page (the message is public); state lives in the
view, which stops after a few idle minutes."""

from __future__ import annotations

import discord

from ....cards.codes import children_card, lookup_card
from ....core.codes.book import CodeProblem
from ....services.codes import PAGE_SIZE, ChildrenPage, CodesService, LookupResult
from ...embeds import card_to_embed

PAGER_TIMEOUT = 600.0


class ChildrenPager(discord.ui.View):
    def __init__(self, codes: CodesService, code: str, pages: int, *, timeout: float = PAGER_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.codes = codes
        self.code = code
        self.pages = pages
        self.page = 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages

    async def _show(self, interaction: discord.Interaction) -> None:
        if self.page == 0:
            card = lookup_card(await self.codes.lookup(self.code))
        else:
            result = await self.codes.children(self.code, self.page)
            card = children_card(result) if isinstance(result, ChildrenPage) else lookup_card(result)
        self._sync()
        await interaction.response.edit_message(embed=card_to_embed(card), view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, button: discord.ui.Button[ChildrenPager]
    ) -> None:
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.primary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[ChildrenPager]) -> None:
        self.page = min(self.pages, self.page + 1)
        await self._show(interaction)


def pager_for(codes: CodesService, result: LookupResult) -> ChildrenPager | None:
    """Buttons for a header with codes under it (not for a base that only needs a 7th character)."""
    entry = result.entry
    if isinstance(entry, CodeProblem) or not entry.children or entry.needs_seventh:
        return None
    return ChildrenPager(codes, entry.code, -(-len(entry.children) // PAGE_SIZE))

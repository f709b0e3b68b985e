"""The "Sources" button under a knowledge answer: the answer's full source list, privately.

The Sources button is a ``DynamicItem`` whose custom_id names the answer, ``cc:src:<key>``
(``key`` from :func:`bot.cards.knowledge_sources.answer_key`, e.g. ``f:cpc:exam``), so the
buttons of answers sent before a restart keep working. Posted messages carry these ids: never
change the key format, add new kinds.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Self

import discord

from ....cards.model import Card

PREFIX = "cc:src"
TEMPLATE = rf"{PREFIX}:(?P<key>[a-z]:[a-z0-9.:-]{{1,80}})"

SourcesHandler = Callable[[discord.Interaction, str], Awaitable[None]]


class SourcesButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Never registered itself: :func:`bind_sources` registers a subclass with the cog's handler."""

    def __init__(self, key: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Sources", style=discord.ButtonStyle.secondary, custom_id=f"{PREFIX}:{key}"
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match["key"])


def bind_sources(on_click: SourcesHandler) -> type[SourcesButton]:
    class Bound(SourcesButton, template=TEMPLATE):
        async def callback(self, interaction: discord.Interaction) -> None:
            await on_click(interaction, self.key)

    Bound.__name__ = Bound.__qualname__ = "SourcesButton_bound"
    return Bound


def sources_items(card: Card, item: type[SourcesButton]) -> list[discord.ui.Item[Any]]:
    """A Sources button when the answer shows only some of its sources."""
    if card.sources_hidden and card.sources_key:
        return [item(card.sources_key)]
    return []

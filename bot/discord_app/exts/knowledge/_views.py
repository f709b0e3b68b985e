"""The components under a free-form answer, composed in one place (each slice supplies its own
buttons: the feedback slice its Helpful / Not helpful)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import discord


def answer_view(items: Iterable[discord.ui.Item[Any]]) -> discord.ui.View:
    """A persistent view holding ``items`` (``DynamicItem``s, so clicks survive a restart)."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view

"""What a card is: a neutral answer that each adapter formats its own way.

A card carries no markup of any surface (no Discord ``**bold**``, no backticks). Where the
wording needs emphasis or a literal, it says so with structure: :class:`Strong` and
:class:`Code` pieces inside a :data:`Text`; a member's name is a :class:`Name`, which an adapter
escapes; the choices of a question as (letter, text) pairs,
a comparison as a :class:`Table`; sources as a short numbered list (the full list
behind :attr:`Card.sources_key`). The Discord adapter turns these into Markdown; the console
into plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.knowledge.model import Source


@dataclass(frozen=True)
class Strong:
    """Words to stress (Discord shows them bold)."""

    text: str


@dataclass(frozen=True)
class Code:
    """A literal the member types or copies: a command, a bank id."""

    text: str


@dataclass(frozen=True)
class Name:
    """Text a member chose (a display name): shown as written, never read as markup."""

    text: str


Inline = str | Strong | Code | Name
# A piece of wording: a plain string, or plain strings mixed with marked pieces.
Text = str | tuple[Inline, ...]


@dataclass
class Table:
    headers: tuple[str, ...]
    rows: Sequence[tuple[Text, ...]]


@dataclass
class Card:
    title: Text
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # a question's (letter, text) pairs, after the description
    fields: list[tuple[Text, Text]] = field(default_factory=list)
    table: Table | None = None
    notes: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # numbered under the answer, with links
    sources_hidden: int = 0  # how many more the full list holds (a Sources button, --sources)
    sources_all: list[Source] = field(default_factory=list)  # that full list
    sources_key: str = ""  # names the answer whose full source list a Sources button shows
    sources_dated: bool = False  # the full list: each source with its date
    hint: str = ""  # what to ask next
    image: str = ""  # an attached image's file name (Discord shows it in the embed)
    matched: bool = True  # False: a decline or an unknown name (adapters answer it quietly)

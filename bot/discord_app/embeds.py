"""Cards as Discord embeds, always inside Discord's limits, with Discord's formatting added:
choice letters and comparison labels bold, stressed words bold, literals as `code`. A member's
name is escaped (no Markdown, no mentions), and bold in a table row so that it reads as one
cell whatever it contains.

Limits (Discord API): title 256, description 4,096, 25 fields of name 256 / value 1,024,
footer 2,048, and 6,000 characters for the whole embed.
"""

from __future__ import annotations

import discord

from ..cards.model import Card, Code, Name, Strong, Text
from ..core.text import truncate

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
MESSAGE_LIMIT = 2000

COLOUR_ANSWER = discord.Colour.from_rgb(46, 134, 171)
COLOUR_DECLINE = discord.Colour.from_rgb(150, 150, 150)


def escape_name(name: str) -> str:
    """A member's name as literal text: its Markdown and mentions made inert."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(name))


def markdown(text: Text) -> str:
    """Marked wording as Discord Markdown."""
    if isinstance(text, str):
        return text
    out: list[str] = []
    for piece in text:
        if isinstance(piece, Name):
            out.append(escape_name(piece.text))
        elif isinstance(piece, Strong):
            out.append(f"**{piece.text}**")
        elif isinstance(piece, Code):
            out.append(f"`{piece.text}`")
        else:
            out.append(piece)
    return "".join(out)


def description_parts(card: Card) -> tuple[str, str]:
    """The card's own description and what follows it in the embed: the choices, then the notes."""
    after = []
    if card.choices:
        after.append("\n".join(f"**{letter}**) {choice}" for letter, choice in card.choices))
    if card.notes:
        after.append("\n".join(f"⚠️ {n}" for n in card.notes))
    return card.description, "\n\n".join(after)


def _description(card: Card) -> str:
    """The description, clipped first so that every choice and note stays visible."""
    head, tail = description_parts(card)
    if head and tail:
        head = truncate(head, max(1, DESCRIPTION_LIMIT - len(tail) - 2))
    return "\n\n".join(part for part in (head, tail) if part).strip()


def _cell(text: Text) -> str:
    """A table cell; a member's name bold, so that a `·` in it cannot pass for a column."""
    if not isinstance(text, str) and any(isinstance(piece, Name) for piece in text):
        return f"**{markdown(text)}**"
    return markdown(text)


def _table_fields(card: Card) -> list[tuple[str, str]]:
    """A table as one field per row: reads well on phones, unlike side-by-side columns."""
    if card.table is None:
        return []
    headers = card.table.headers
    fields = []
    for cells in card.table.rows:
        row = [_cell(cell) for cell in cells]
        if headers[0] == "":
            # Comparison: first cell is the row label, then one value per credential.
            lines = [f"**{headers[i]}:** {row[i]}" for i in range(1, len(row))]
            fields.append((row[0], "\n".join(lines)))
        else:
            fields.append((row[0], " · ".join(row[1:])))
    return fields


def _footer(card: Card) -> str:
    """What to ask next (plain text: a footer shows no links, so the sources are a field)."""
    return card.hint


def source_lines(card: Card) -> list[str]:
    """The card's sources numbered, as Markdown links, and how to see the ones not shown."""
    lines = []
    for n, source in enumerate(card.sources, 1):
        title = f"[{source.title}]({source.url})" if source.url else source.title
        lines.append(f"[{n}] {title}" + (f" ({source.date})" if card.sources_dated else ""))
    if card.sources_hidden:
        lines.append(f"+{card.sources_hidden} more: press Sources")
    return lines


def source_fields(card: Card) -> list[tuple[str, str]]:
    """The sources as one field, or as several when the full list is longer than a field."""
    chunks: list[str] = []
    for full_line in source_lines(card):
        line = truncate(full_line, FIELD_VALUE_LIMIT)
        if chunks and len(chunks[-1]) + 1 + len(line) <= FIELD_VALUE_LIMIT:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return [("Sources" if i == 0 else "Sources (continued)", chunk) for i, chunk in enumerate(chunks)]


def embed_fields(card: Card) -> list[tuple[str, str]]:
    """Every field of the card's embed, in order: the table's rows, the fields, the sources."""
    fields = _table_fields(card) + [(markdown(name), markdown(value)) for name, value in card.fields]
    return fields + source_fields(card)


def card_to_embed(card: Card) -> discord.Embed:
    description = _description(card)
    embed = discord.Embed(
        title=truncate(markdown(card.title), TITLE_LIMIT),
        description=truncate(description, DESCRIPTION_LIMIT) if description else None,
        colour=COLOUR_ANSWER if card.matched else COLOUR_DECLINE,
    )
    fields = embed_fields(card)
    if len(fields) > FIELD_COUNT_LIMIT:  # keep the sources: drop the last fields before them
        sources = source_fields(card)
        fields = fields[: FIELD_COUNT_LIMIT - len(sources)] + sources
    for name, value in fields[:FIELD_COUNT_LIMIT]:
        embed.add_field(
            name=truncate(name or "\u200b", FIELD_NAME_LIMIT),
            value=truncate(value or "\u200b", FIELD_VALUE_LIMIT),
            inline=False,
        )
    footer = _footer(card)
    if footer:
        embed.set_footer(text=truncate(footer, FOOTER_LIMIT))
    if card.image:  # the caller sends the file with this name beside the embed
        embed.set_image(url=f"attachment://{card.image}")
    _fit_total(embed)
    return embed


def _fit_total(embed: discord.Embed) -> None:
    """Shrink the longest parts until the embed is within the 6,000-character total."""
    for _ in range(100):
        if len(embed) <= EMBED_TOTAL_LIMIT:
            return
        excess = len(embed) - EMBED_TOTAL_LIMIT
        longest = max(
            range(len(embed.fields)),
            key=lambda i: len(embed.fields[i].value or ""),
            default=None,
        )
        desc_len = len(embed.description or "")
        if longest is not None and len(embed.fields[longest].value or "") >= desc_len:
            f = embed.fields[longest]
            value = f.value or ""
            new_len = max(40, len(value) - excess - 1)
            embed.set_field_at(longest, name=f.name, value=truncate(value, new_len), inline=f.inline)
        elif desc_len:
            embed.description = truncate(embed.description or "", max(40, desc_len - excess - 1))
        elif embed.footer.text:
            embed.set_footer(text=truncate(embed.footer.text, max(20, len(embed.footer.text) - excess - 1)))
    # Still too long after shrinking everything to a minimum: drop trailing fields.
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)


def clip_message(text: str) -> str:
    return truncate(text, MESSAGE_LIMIT)

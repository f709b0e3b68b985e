"""Cards as plain text: the console, ``ask`` and the ``answer`` field of ``ask --json``."""

from __future__ import annotations

import textwrap

from bot.cards.model import Card, Code, Name, Strong, Table, Text

DEFAULT_WIDTH = 100


def text(value: Text) -> str:
    """Marked wording as plain text: stress is dropped, a literal keeps its backticks."""
    if isinstance(value, str):
        return value
    out: list[str] = []
    for piece in value:
        if isinstance(piece, Code):
            out.append(f"`{piece.text}`")  # as in the README: a command stands out from prose
        elif isinstance(piece, (Strong, Name)):
            out.append(piece.text)
        else:
            out.append(piece)
    return "".join(out)


def _wrap(cell: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in cell.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    return lines


def render_table(table: Table, width: int = DEFAULT_WIDTH) -> str:
    """A boxed table whose wide columns wrap so the whole thing fits ``width`` characters."""
    ncols = len(table.headers)
    rows = [tuple(text(cell) for cell in row) for row in table.rows]
    natural = [
        max(
            [len(table.headers[i])]
            + [max((len(x) for x in str(row[i]).splitlines()), default=0) for row in rows]
        )
        for i in range(ncols)
    ]
    available = width - (3 * ncols + 1)
    widths = list(natural)
    # Shrink the widest column until the table fits (never below 12 characters).
    while sum(widths) > available and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(cells: tuple[str, ...]) -> list[str]:
        wrapped = [_wrap(str(c), widths[i]) for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for r in range(height):
            parts = [(wrapped[i][r] if r < len(wrapped[i]) else "").ljust(widths[i]) for i in range(ncols)]
            out.append("| " + " | ".join(parts) + " |")
        return out

    out = [sep, *line(table.headers), sep.replace("-", "=")]
    for row in rows:
        out.extend(line(row))
        out.append(sep)
    return "\n".join(out)


def source_lines(card: Card) -> list[str]:
    """The card's sources numbered with their addresses, and how to see the ones not shown."""
    lines = []
    for n, source in enumerate(card.sources, 1):
        dated = f" ({source.date})" if card.sources_dated else ""
        lines.append(f"[{n}] {source.title}{dated}" + (f" — {source.url}" if source.url else ""))
    if card.sources_hidden:
        lines.append(f"+{card.sources_hidden} more: add --sources")
    return lines


def render_card(card: Card, width: int = DEFAULT_WIDTH) -> str:
    """The card as plain text: title, description, choices, table, fields, notes, sources, hint."""
    title = text(card.title)
    parts: list[str] = [title + "\n" + "=" * min(len(title), width)]
    if card.description:
        parts.append(card.description)
    if card.choices:
        parts.append("\n".join(f"{letter}) {choice}" for letter, choice in card.choices))
    if card.table:
        parts.append(render_table(card.table, width))
    for name, value in card.fields:
        label = text(name)
        parts.append(f"{label}\n{'-' * min(len(label), width)}\n{text(value)}")
    for note in card.notes:
        parts.append(f"Note: {note}")
    if card.sources:
        parts.append("Sources:\n" + "\n".join(source_lines(card)))
    if card.hint:
        parts.append(card.hint)
    return "\n\n".join(parts)

"""Helpers shared by the end-to-end tests: read what a member would see in a message."""

from __future__ import annotations

from tests.fakediscord import EPHEMERAL


def embed_text(message: dict) -> str:
    """Everything a member reads in a message: content and every embed part."""
    parts = [message.get("content") or ""]
    for e in message.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        for f in e.get("fields") or []:
            parts += [f.get("name") or "", f.get("value") or ""]
        parts.append((e.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def is_ephemeral(message: dict) -> bool:
    return bool(int(message.get("flags", 0)) & EPHEMERAL)

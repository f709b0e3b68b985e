"""Discord's documented limits on what a bot may send, checked the way Discord checks them.

Every check returns human-readable problems; the server turns a non-empty list into
``400 {"code": 50035, "message": "Invalid Form Body"}`` and records a harness failure.
"""

from __future__ import annotations

from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBED_TOTAL = 6000
MAX_ACTION_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_SELECT_OPTIONS = 25
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def embed_total(embed: dict[str, Any]) -> int:
    """Characters Discord counts towards the 6,000 total of one embed."""
    total = _len(embed.get("title")) + _len(embed.get("description"))
    for f in embed.get("fields") or []:
        total += _len(f.get("name")) + _len(f.get("value"))
    total += _len((embed.get("footer") or {}).get("text"))
    total += _len((embed.get("author") or {}).get("name"))
    return total


def check_embeds(embeds: Any) -> list[str]:
    problems: list[str] = []
    if embeds is None:
        return problems
    if not isinstance(embeds, list):
        return ["embeds: must be a list"]
    if len(embeds) > MAX_EMBEDS:
        problems.append(f"embeds: {len(embeds)} embeds (max {MAX_EMBEDS})")
    total = 0
    for i, e in enumerate(embeds):
        where = f"embeds[{i}]"
        if not isinstance(e, dict):
            problems.append(f"{where}: must be an object")
            continue
        if _len(e.get("title")) > MAX_EMBED_TITLE:
            problems.append(f"{where}.title: {_len(e.get('title'))} chars (max {MAX_EMBED_TITLE})")
        if _len(e.get("description")) > MAX_EMBED_DESCRIPTION:
            problems.append(
                f"{where}.description: {_len(e.get('description'))} chars (max {MAX_EMBED_DESCRIPTION})"
            )
        fields = e.get("fields") or []
        if len(fields) > MAX_EMBED_FIELDS:
            problems.append(f"{where}.fields: {len(fields)} fields (max {MAX_EMBED_FIELDS})")
        for j, f in enumerate(fields):
            name, value = f.get("name"), f.get("value")
            if not isinstance(name, str) or not name.strip():
                problems.append(f"{where}.fields[{j}].name: required")
            elif len(name) > MAX_FIELD_NAME:
                problems.append(f"{where}.fields[{j}].name: {len(name)} chars (max {MAX_FIELD_NAME})")
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}.fields[{j}].value: required")
            elif len(value) > MAX_FIELD_VALUE:
                problems.append(f"{where}.fields[{j}].value: {len(value)} chars (max {MAX_FIELD_VALUE})")
        footer = (e.get("footer") or {}).get("text")
        if _len(footer) > MAX_FOOTER:
            problems.append(f"{where}.footer.text: {_len(footer)} chars (max {MAX_FOOTER})")
        author = (e.get("author") or {}).get("name")
        if _len(author) > MAX_AUTHOR_NAME:
            problems.append(f"{where}.author.name: {_len(author)} chars (max {MAX_AUTHOR_NAME})")
        total += embed_total(e)
    if total > MAX_EMBED_TOTAL:
        problems.append(f"embeds: {total} chars in total (max {MAX_EMBED_TOTAL})")
    return problems


def check_components(components: Any) -> list[str]:
    problems: list[str] = []
    if components is None:
        return problems
    if not isinstance(components, list):
        return ["components: must be a list"]
    rows = [c for c in components if c.get("type") == 1]
    if len(rows) > MAX_ACTION_ROWS:
        problems.append(f"components: {len(rows)} action rows (max {MAX_ACTION_ROWS})")
    for i, row in enumerate(components):
        children = row.get("components") or [] if row.get("type") == 1 else [row]
        buttons = [c for c in children if c.get("type") == 2]
        if len(buttons) > MAX_BUTTONS_PER_ROW:
            problems.append(f"components[{i}]: {len(buttons)} buttons (max {MAX_BUTTONS_PER_ROW})")
        for j, c in enumerate(children):
            where = f"components[{i}].components[{j}]"
            cid = c.get("custom_id")
            if cid is not None and len(cid) > MAX_CUSTOM_ID:
                problems.append(f"{where}.custom_id: {len(cid)} chars (max {MAX_CUSTOM_ID})")
            if c.get("type") == 2:
                if _len(c.get("label")) > MAX_BUTTON_LABEL:
                    problems.append(f"{where}.label: {_len(c.get('label'))} chars (max {MAX_BUTTON_LABEL})")
                if c.get("style") != 5 and c.get("style") != 6 and not cid:
                    problems.append(f"{where}.custom_id: required for non-link buttons")
            if c.get("type") == 3 and len(c.get("options") or []) > MAX_SELECT_OPTIONS:
                problems.append(f"{where}.options: {len(c['options'])} options (max {MAX_SELECT_OPTIONS})")
    return problems


def check_allowed_mentions(am: Any) -> list[str]:
    if am is None:
        return []
    problems = []
    parse = am.get("parse")
    if parse is not None:
        bad = [p for p in parse if p not in ("roles", "users", "everyone")]
        if bad:
            problems.append(f"allowed_mentions.parse: unknown values {bad}")
        if "users" in parse and am.get("users"):
            problems.append("allowed_mentions: parse 'users' together with a users list")
        if "roles" in parse and am.get("roles"):
            problems.append("allowed_mentions: parse 'roles' together with a roles list")
    return problems


def check_message(body: dict[str, Any] | None, *, partial: bool = False) -> tuple[list[str], bool]:
    """Problems with a message body, and whether it is empty (Discord's 50006)."""
    body = body or {}
    problems: list[str] = []
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        problems.append("content: must be a string")
    elif content is not None and len(content) > MAX_CONTENT:
        problems.append(f"content: {len(content)} chars (max {MAX_CONTENT})")
    problems += check_embeds(body.get("embeds"))
    problems += check_components(body.get("components"))
    problems += check_allowed_mentions(body.get("allowed_mentions"))
    empty = False
    if not partial:
        empty = not (
            content
            or body.get("embeds")
            or body.get("components")
            or body.get("attachments")
            or body.get("sticker_ids")
            or body.get("poll")
        )
    return problems, empty


def check_choices(choices: Any) -> list[str]:
    if not isinstance(choices, list):
        return ["data.choices: must be a list"]
    problems = []
    if len(choices) > MAX_CHOICES:
        problems.append(f"data.choices: {len(choices)} choices (max {MAX_CHOICES})")
    for i, c in enumerate(choices):
        name = c.get("name")
        if not isinstance(name, str) or not (1 <= len(name) <= MAX_CHOICE_NAME):
            problems.append(f"data.choices[{i}].name: must be 1-{MAX_CHOICE_NAME} chars, got {name!r}")
        value = c.get("value")
        if isinstance(value, str) and len(value) > MAX_CHOICE_VALUE:
            problems.append(f"data.choices[{i}].value: {len(value)} chars (max {MAX_CHOICE_VALUE})")
    return problems

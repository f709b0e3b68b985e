"""The feedback loop's pure rules: what a queued question keeps of a member's words (anonymised,
normalised, capped), the kinds of queue item, how a vote changed, and the knowledge-base stubs
a maintainer fills in for the items moderators marked "add to the knowledge base"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

import yaml

from .text import normalise, truncate

QUESTION_LIMIT = 200  # characters of a question kept in the queue
ANSWER_LIMIT = 80  # characters of what the bot answered with (an entry id) in a button's id

# What could name or reach a person once Discord's own mentions are gone: @handles, e-mail
# addresses, phone numbers and bare Discord ids (long runs of digits).
_PERSONAL = re.compile(r"\S+@\S+\.\S+|@\S+|\d{7,}|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}")
_SPACES = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")
STUB_TODO = "TODO"


class ItemKind(StrEnum):
    DECLINED = "declined"  # the bot had no confident answer
    NOT_HELPFUL = "not-helpful"  # a member said the answer did not help


class ItemStatus(StrEnum):
    OPEN = "open"  # waiting for a moderator
    KB = "kb"  # marked "add to the knowledge base": exported as a stub


class VoteChange(StrEnum):
    NEW = "new"  # the member's first vote on that answer
    SAME = "same"  # they had voted the same already: counted once
    SWITCHED = "switched"  # they changed their vote


def anonymise(text: str) -> str:
    """A member's question as the queue keeps it: normalised (lowercase, Discord mentions, links
    and code removed), then @handles, e-mail addresses and long numbers dropped, spaces
    collapsed, at most QUESTION_LIMIT characters. Empty when nothing is left."""
    flat = _PERSONAL.sub(" ", normalise(text))
    return truncate(_SPACES.sub(" ", flat).strip(), QUESTION_LIMIT)


def answer_key(topic_id: str | None) -> str:
    """What the bot answered with, as a queue item and a button keep it ('' for a decline)."""
    return (topic_id or "")[:ANSWER_LIMIT]


def stub_id(question: str, taken: Iterable[str] = ()) -> str:
    """A slug id for a new entry from its question ("new-" + first words), unique among ``taken``."""
    words = _SLUG.sub("-", question.lower()).strip("-").split("-")
    base = "new-" + "-".join(w for w in words if w)[:40].strip("-") if any(words) else "new-entry"
    used = set(taken)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def stub_entries(questions: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
    """One knowledge-base topic stub per group of asked texts, in the ``knowledge/`` topic
    format. Title, text and keywords are TODO and ``sources`` is empty, so ``python -m bot
    validate`` refuses a stub until a maintainer has filled it in and named its sources."""
    taken: list[str] = []
    out: list[dict[str, Any]] = []
    for asked in questions:
        entry_id = stub_id(asked[0] if asked else "", taken)
        taken.append(entry_id)
        out.append(
            {
                "id": entry_id,
                "title": STUB_TODO,
                "keywords": [],
                "questions": list(dict.fromkeys(asked)),
                "text": STUB_TODO,
                "sources": [],
            }
        )
    return out


STUBS_HEADER = """\
# Knowledge-base stubs from the moderators' unanswered queue (python -m bot unanswered export).
# Fill in each entry (title, keywords, text, sources; more phrasings under questions), move it
# into a knowledge/ topics file, and run `python -m bot validate`: until its sources are named,
# validate refuses the entry, so a half-done stub cannot ship.
"""


def stubs_yaml(questions: Sequence[Sequence[str]]) -> str:
    """The stubs of :func:`stub_entries` as a ``knowledge/`` topics file, with a header saying
    how to finish them."""
    body = yaml.safe_dump(
        {"kind": "topics", "entries": stub_entries(questions)},
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return STUBS_HEADER + body

"""Sources under a knowledge answer: the few that carry it, numbered and linked; the rest on demand.

An answer shows at most :data:`MAX_SHOWN` sources in at most :data:`MAX_SOURCE_LIST` characters
(a busy channel reads the answer, not a bibliography); the full list, each source with its date,
is one click or flag away. :func:`answer_key` names an answer in a few characters (a Discord
custom_id carries it), and :func:`parse_key` reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.core.knowledge.model import FACETS, KnowledgeBase, Source, Update
from bot.core.text import truncate

MAX_SHOWN = 3
MAX_SOURCE_LIST = 300  # characters of the default source list, its "+N more" line included
MORE_LINE = 26  # room kept for that line ("+17 more: press Sources"), whichever adapter words it
_ASIDE = re.compile(r"\s*\([^()]*\)")
_QUALIFIER = re.compile(r"third-party|cop(y|ies)|mirror|older|\bold\b", re.IGNORECASE)
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|info|gov|net|edu|io|dev)\b")


def short_name(source: Source) -> str:
    """Who says it, in a word or two: the publisher, else the site's domain."""
    if source.publisher:
        return source.publisher
    domain = _DOMAIN.search(source.title)
    return domain.group(0) if domain else source.title.split(":")[0][:40]


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def attribution(kb: KnowledgeBase, update: Update) -> str:
    """Whose the current fact is and when it was read: ``AAPC, read 2026-11-24``; a fact that
    rests partly or only on third-party pages says so."""
    cited = kb.cite(update.sources)
    official = _unique(s.publisher for s in cited if s.publisher)
    others = _unique(short_name(s) for s in cited if not s.publisher)
    if official:
        who = " and ".join(official) + (" and third-party pages" if others else "")
    elif len(others) == 1:
        who = f"{others[0]}, third-party"
    elif others:
        who = f"{others[0]} and other third-party pages"
    else:
        who = update.confirm
    return f"{who}, read {update.as_of}"


def official_first(kb: KnowledgeBase, ids: Iterable[str]) -> list[str]:
    """``ids`` with the certifying bodies' and agencies' pages first (the source policy's
    preference), each group in its own order."""
    ids = list(ids)
    official = [i for i in ids if i in kb.sources and kb.sources[i].publisher]
    return official + [i for i in ids if i not in official]


def short_title(source: Source) -> Source:
    """The source with a shorter title for the default list: asides in parentheses dropped,
    except those that qualify the page (third-party, a copy or mirror, an older version)."""
    title = _ASIDE.sub(lambda m: m.group(0) if _QUALIFIER.search(m.group(0)) else "", source.title)
    return replace(source, title=title.strip() or source.title)


def line_length(source: Source) -> int:
    """Characters of one numbered line, the longer of the plain and the linked form."""
    return len(source.title) + len(source.url or "") + 9  # "[1] [title](url)" and a newline


def pick(
    kb: KnowledgeBase, carrying: Sequence[str], everything: Sequence[str]
) -> tuple[list[Source], list[Source]]:
    """(the sources to show, every source of the answer): the first of ``carrying`` (most
    telling first) that fit the default list, their titles shortened; then all of them, as cited."""
    every = kb.cite([*carrying, *everything])
    shown: list[Source] = []
    used = MORE_LINE
    for source in map(short_title, kb.cite(carrying)):
        if len(shown) == MAX_SHOWN:
            break
        if used + line_length(source) <= MAX_SOURCE_LIST:
            shown.append(source)
            used += line_length(source)
    if not shown and every:  # the first source alone is over the budget: its title is clipped
        first = short_title((kb.cite(carrying) or every)[0])
        room = MAX_SOURCE_LIST - MORE_LINE - line_length(replace(first, title=""))
        shown = [replace(first, title=truncate(first.title, max(20, room)))]
    return shown, every


# ---------------------------------------------------------------- naming an answer


def answer_key(kind: str, *ids: str) -> str:
    """``c:cpc`` (a credential), ``f:cpc:exam`` (a fact), ``x:cpc:ccs`` (a comparison),
    ``t:pass-rates`` (a topic)."""
    return ":".join((kind, *ids))


@dataclass(frozen=True, slots=True)
class AnswerRef:
    kind: str  # c, f, x or t
    ids: tuple[str, ...]


def parse_key(kb: KnowledgeBase, key: str) -> AnswerRef | None:
    """The answer ``key`` names, if it still exists in ``kb`` (an old button may outlive it)."""
    kind, _, rest = key.partition(":")
    ids = tuple(rest.split(":")) if rest else ()
    creds, topics = kb.credentials, kb.topics
    valid = {
        "c": len(ids) == 1 and ids[0] in creds,
        "f": len(ids) == 2 and ids[0] in creds and ids[1] in FACETS,
        "x": len(ids) == 2 and all(i in creds for i in ids),
        "t": len(ids) == 1 and ids[0] in topics,
    }
    return AnswerRef(kind, ids) if valid.get(kind) else None

"""Checks that span knowledge files: every credential name names one credential, and every
source and related entry an entry names exists.

Each problem names its entry's own file. A reference to an id that was defined but could not be
loaded is folded into the problem that lost it (:func:`collapse`), so one broken entry is reported
once, not once per entry that names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.core.content.problems import Problem
from bot.core.text import compact

from .model import Credential, KnowledgeBase, Topic

# A problem, and the id it names that does not exist (None when it names none).
Reference = tuple[Problem, str | None]


def _alias_problems(kb: KnowledgeBase) -> list[Problem]:
    """Every name of a credential must name only that credential."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for cred in kb.credentials.values():
        for alias in (cred.abbr, cred.name, *cred.aliases):
            key = compact(alias)
            if not key:
                problems.append(Problem(cred.file, cred.id, f"alias {alias!r} has no letters or digits"))
                continue
            other = owners.get(key)
            if other and other != cred.id:
                problems.append(
                    Problem(cred.file, cred.id, f"duplicate alias {alias!r} (also used by {other})")
                )
            owners[key] = cred.id
    return problems


def _source_ids(entry: Credential | Topic) -> Iterable[tuple[str, Iterable[str]]]:
    """(where, source ids) for every list of sources an entry names."""
    yield "sources", entry.sources
    if isinstance(entry, Credential):
        for facet, fact in entry.facts.items():
            yield f"facts.{facet}.sources", fact.sources
            if fact.update:
                yield f"facts.{facet}.update.sources", fact.update.sources
    elif entry.update:
        yield "update.sources", entry.update.sources


def _reference_problems(kb: KnowledgeBase, entry: Credential | Topic) -> list[Reference]:
    """Sources and related entries an entry names must exist."""
    problems: list[tuple[str, str | None]] = []
    for where, ids in _source_ids(entry):
        problems += [(f"{where} names unknown source {sid!r}", sid) for sid in ids if sid not in kb.sources]
    for rid in entry.related:
        if kb.entry(rid) is None:
            problems.append((f"related names unknown entry {rid!r}", rid))
        elif rid == entry.id:
            problems.append(("related names the entry itself", None))
    return [(Problem(entry.file, entry.id, message), ref) for message, ref in problems]


def cross_check(kb: KnowledgeBase) -> list[Reference]:
    problems: list[Reference] = [(p, None) for p in _alias_problems(kb)]
    entries: list[Credential | Topic] = [*kb.credentials.values(), *kb.topics.values()]
    for entry in entries:
        problems += _reference_problems(kb, entry)
    return problems


def collapse(
    problems: list[Problem], references: list[Reference], broken: dict[str, Problem]
) -> list[Problem]:
    """``problems`` then the references' problems, each reference to an id that was defined but
    could not be loaded folded into the problem that lost it."""
    caused: dict[int, list[Problem]] = {}
    rest: list[Problem] = []
    for problem, ref in references:
        root = broken.get(ref) if ref is not None else None
        if root is None:
            rest.append(problem)
        else:
            caused.setdefault(id(root), []).append(problem)
    roots = [replace(p, caused=p.caused + tuple(caused.get(id(p), ()))) for p in problems]
    return roots + rest

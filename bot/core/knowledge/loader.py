"""Loading ``knowledge/**/*.yaml`` into a :class:`KnowledgeBase`, validating everything first.

The format is described in ``docs/content-format.md``. Loading either returns a complete,
cross-checked knowledge base or raises :class:`ContentError` listing every problem as
``file: entry: what is wrong``. Commands never see half-loaded content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.core.content.checks import Checker, Field
from bot.core.content.problems import ContentError, Problem, describe_value, display_path

from .model import (
    BODIES,
    FACETS,
    GROUPS,
    Credential,
    CredentialGroup,
    Fact,
    KnowledgeBase,
    Section,
    Source,
    Topic,
    Update,
)
from .references import collapse, cross_check

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The ids a file that cannot be read as entries (a YAML syntax error) most likely defines.
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]*)?id:[ \t]*[\"']?([a-z0-9-]+)", re.MULTILINE)
MAX_FACT_CHARS = 1000
MAX_UPDATE_CHARS = 700
MAX_TOPIC_TEXT_CHARS = 3500
MAX_SECTION_CHARS = 1000

_SOURCE_FIELDS = {
    "id": Field(str, required=True),
    "title": Field(str, required=True),
    "date": Field(str, required=True),
    "url": Field(str),
    "publisher": Field(str),
}
_CREDENTIAL_FIELDS = {
    "id": Field(str, required=True),
    "abbr": Field(str, required=True),
    "name": Field(str, required=True),
    "body": Field(str, required=True),
    "specialty": Field(bool),
    "group": Field(str),
    "aliases": Field(list),
    "questions": Field(list),
    "summary": Field(str, required=True),
    "facts": Field(dict),
    "related": Field(list),
    "sources": Field(list, required=True),
}
_TOPIC_FIELDS = {
    "id": Field(str, required=True),
    "title": Field(str, required=True),
    "keywords": Field(list, required=True),
    "questions": Field(list, required=True),
    "text": Field(str, required=True),
    "sections": Field(list),
    "update": Field(dict),
    "related": Field(list),
    "sources": Field(list, required=True),
}
_FACT_FIELDS = {
    "text": Field(str, required=True),
    "sources": Field(list, required=True),
    "update": Field(dict),
}
_UPDATE_FIELDS = {
    "current": Field(str, required=True),
    "sources": Field(list, required=True),
    "as_of": Field(str, required=True),
    "confirm": Field(str, required=True),
}
_SECTION_FIELDS = {"heading": Field(str, required=True), "text": Field(str, required=True)}


# --------------------------------------------------------------------------- records


def _update(ck: Checker, raw: Any, entry: str, where: str) -> Update | None:
    if not ck.mapping(raw, _UPDATE_FIELDS, entry, where):
        return None
    confirm = raw["confirm"].strip()
    if confirm not in BODIES:
        ck.add(entry, f"{where}: confirm must be one of {', '.join(BODIES)}, got {confirm!r}")
    current = raw["current"].strip()
    ck.length(current, MAX_UPDATE_CHARS, entry, f"{where}.current")
    return Update(
        current=current,
        sources=ck.texts(raw["sources"], entry, f"{where}.sources", min_items=1),
        as_of=str(raw["as_of"]).strip(),
        confirm=confirm,
    )


def _optional_update(ck: Checker, raw: Any, entry: str, where: str) -> Update | None:
    return _update(ck, raw["update"], entry, where) if raw.get("update") else None


def _fact(ck: Checker, raw: Any, entry: str, facet: str) -> Fact | None:
    where = f"facts.{facet}"
    if not ck.mapping(raw, _FACT_FIELDS, entry, where):
        return None
    text = raw["text"].strip()
    ck.length(text, MAX_FACT_CHARS, entry, f"{where}.text")
    update = _optional_update(ck, raw, entry, f"{where}.update")
    return Fact(
        text=text, sources=ck.texts(raw["sources"], entry, f"{where}.sources", min_items=1), update=update
    )


def _facts(ck: Checker, raw_facts: dict[Any, Any], entry: str, group: str) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for facet, raw_fact in raw_facts.items():
        if facet not in FACETS:
            ck.add(entry, f"unknown fact {facet!r} (allowed: {', '.join(FACETS)})")
            continue
        fact = _fact(ck, raw_fact, entry, facet)
        if fact:
            facts[facet] = fact
    if group == "core":  # specialty and neighbour entries are short: facts are optional
        missing = [f for f in FACETS if f not in raw_facts]
        if missing:
            ck.add(entry, f"missing required fact(s): {', '.join(missing)}")
    return facts


def _source(ck: Checker, raw: Any, entry: str) -> Source | None:
    if not ck.mapping(raw, _SOURCE_FIELDS, entry):
        return None
    return Source(
        id=raw["id"],
        title=raw["title"].strip(),
        date=str(raw["date"]).strip(),
        url=raw.get("url"),
        publisher=raw.get("publisher"),
    )


def _group(ck: Checker, raw: dict[str, Any], entry: str) -> CredentialGroup:
    """``group``, or "specialty"/"core" from the older ``specialty`` flag when it is absent."""
    specialty = bool(raw.get("specialty", False))
    group = raw.get("group") or ("specialty" if specialty else "core")
    if group not in GROUPS:
        ck.add(entry, f"group must be one of {', '.join(GROUPS)}, got {group!r}")
        return "neighbour"  # the group requiring no facts: no follow-on problems
    if specialty and group != "specialty":
        ck.add(entry, f"specialty: true contradicts group {group!r}")
    return group  # checked against GROUPS above


def _credential(ck: Checker, raw: Any, entry: str) -> Credential | None:
    if not ck.mapping(raw, _CREDENTIAL_FIELDS, entry):
        return None
    body = raw["body"].strip().upper()
    if body not in BODIES:
        ck.add(entry, f"body must be one of {', '.join(BODIES)}, got {raw['body']!r}")
    group = _group(ck, raw, entry)
    facts = _facts(ck, raw.get("facts") or {}, entry, group)
    summary = raw["summary"].strip()
    ck.length(summary, MAX_FACT_CHARS, entry, "summary")
    return Credential(
        id=entry,
        abbr=raw["abbr"].strip(),
        name=raw["name"].strip(),
        body=body,
        group=group,
        aliases=ck.texts(raw.get("aliases") or [], entry, "aliases"),
        summary=summary,
        facts=facts,
        related=ck.texts(raw.get("related") or [], entry, "related"),
        sources=ck.texts(raw["sources"], entry, "sources", min_items=1),
        file=ck.file,
        questions=ck.texts(raw.get("questions") or [], entry, "questions"),
    )


def _sections(ck: Checker, raw_sections: list[Any], entry: str) -> tuple[Section, ...]:
    sections: list[Section] = []
    for i, raw in enumerate(raw_sections):
        if ck.mapping(raw, _SECTION_FIELDS, entry, f"sections[{i}]"):
            section = Section(raw["heading"].strip(), raw["text"].strip())
            ck.length(section.text, MAX_SECTION_CHARS, entry, f"sections[{i}].text")
            sections.append(section)
    return tuple(sections)


def _topic(ck: Checker, raw: Any, entry: str) -> Topic | None:
    if not ck.mapping(raw, _TOPIC_FIELDS, entry):
        return None
    text = raw["text"].strip()
    ck.length(text, MAX_TOPIC_TEXT_CHARS, entry, "text")
    sections = _sections(ck, raw.get("sections") or [], entry)
    update = _optional_update(ck, raw, entry, "update")
    return Topic(
        id=entry,
        title=raw["title"].strip(),
        keywords=ck.texts(raw["keywords"], entry, "keywords", min_items=1),
        questions=ck.texts(raw["questions"], entry, "questions", min_items=2),
        text=text,
        sections=sections,
        update=update,
        related=ck.texts(raw.get("related") or [], entry, "related"),
        sources=ck.texts(raw["sources"], entry, "sources", min_items=1),
        file=ck.file,
    )


_PARSERS: dict[str, Callable[[Checker, Any, str], Source | Credential | Topic | None]] = {
    "sources": _source,
    "credentials": _credential,
    "topics": _topic,
}
_KINDS = tuple(_PARSERS)  # a tuple: a mistyped kind may be a list, which a dict cannot look up


# --------------------------------------------------------------------------- files


def _entries(ck: Checker, path: Path) -> tuple[str, list[Any]] | None:
    """The file's kind and entries, or None (with the problem recorded) when it has none."""
    ok, data = ck.read_yaml(path)
    if not ok:
        return None
    if not isinstance(data, dict) or set(data) != {"kind", "entries"}:
        got = sorted(data) if isinstance(data, dict) else describe_value(data)
        ck.add(None, f"a knowledge file must be a mapping with exactly 'kind' and 'entries' (got {got})")
        return None
    kind = data["kind"]
    if kind not in _KINDS:
        ck.add(None, f"unknown kind {kind!r} (allowed: {', '.join(_KINDS)})")
        return None
    entries = data["entries"]
    if not isinstance(entries, list) or not entries:
        ck.add(None, "'entries' must be a non-empty list")
        return None
    return kind, entries


def _entry_id(ck: Checker, raw: Any, index: int, seen: dict[str, str]) -> str | None:
    """The entry's id, or None (with the problem recorded) when it is malformed or taken."""
    entry_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
        ck.add(
            f"entry #{index + 1}",
            f"id must be lowercase letters, digits and dashes, got {describe_value(entry_id)}",
        )
        return None
    if entry_id in seen:
        ck.add(entry_id, f"duplicate id (first defined in {seen[entry_id]})")
        return None
    seen[entry_id] = ck.file
    return entry_id


def _harvest_ids(path: Path) -> list[str]:
    try:
        return _ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def _read_file(
    path: Path, root: Path, kb: KnowledgeBase, seen: dict[str, str], broken: dict[str, Problem]
) -> list[Problem]:
    """The file's problems; ids it defines but could not load go into ``broken`` with the
    problem that lost them (every reference to them elsewhere is caused by that problem)."""
    ck = Checker(display_path(path, root.parent))
    found = _entries(ck, path)
    if found is None:
        broken.update(dict.fromkeys(_harvest_ids(path), ck.problems[0]))
        return ck.problems
    kind, entries = found
    for index, raw in enumerate(entries):
        entry_id = _entry_id(ck, raw, index, seen)
        if entry_id is None:
            continue
        before = len(ck.problems)
        record = _PARSERS[kind](ck, raw, entry_id)
        if record is None and len(ck.problems) > before:
            broken[entry_id] = ck.problems[before]
        if isinstance(record, Source):
            kb.sources[entry_id] = record
        elif isinstance(record, Credential):
            kb.credentials[entry_id] = record
        elif isinstance(record, Topic):
            kb.topics[entry_id] = record
    return ck.problems


# --------------------------------------------------------------------------- public API


# Subdirectories holding another slice's content, validated by that slice's own loader.
OTHER_SLICES = frozenset({"codes"})  # knowledge/codes/: the ICD-10-CM synonym list


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob("*.yaml")
        if p.is_file() and p.relative_to(directory).parts[0] not in OTHER_SLICES
    )


def validate_knowledge(directory: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Load every file and return what loaded plus every problem found."""
    kb = KnowledgeBase()
    if not directory.is_dir():
        return kb, [Problem(str(directory), None, "knowledge directory not found")]
    files = knowledge_files(directory)
    if not files:
        return kb, [Problem(str(directory), None, "no .yaml files found")]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    broken: dict[str, Problem] = {}
    for path in files:
        problems.extend(_read_file(path, directory, kb, seen, broken))
    problems = collapse(problems, cross_check(kb), broken)
    if not kb.credentials and not broken and not any("credentials" in p.message for p in problems):
        problems.append(Problem(str(directory), None, "no credentials defined"))
    return kb, problems


def load_knowledge(directory: Path) -> KnowledgeBase:
    """The validated knowledge base, or ``ContentError`` naming every problem."""
    kb, problems = validate_knowledge(directory)
    if problems:
        raise ContentError(problems)
    return kb

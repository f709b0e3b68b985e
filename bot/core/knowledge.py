"""The knowledge base: credentials, topics and sources loaded from ``knowledge/**/*.yaml``.

Loading validates everything first (see ``docs/content-format.md``) and either returns a
complete, cross-checked :class:`KnowledgeBase` or raises :class:`ContentError` listing every
problem as ``file: entry: what is wrong``. Commands never see half-loaded content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import ContentError, Problem, describe_value, display_path
from .yamlio import YamlFileError, load_yaml

FACETS: tuple[str, ...] = (
    "settings",
    "duties",
    "exam",
    "eligibility",
    "cost",
    "salary",
    "difficulty",
    "recertification",
)

FACET_TITLES: dict[str, str] = {
    "settings": "Where holders work",
    "duties": "What they do",
    "exam": "The exam",
    "eligibility": "Eligibility",
    "cost": "Fees and dues",
    "salary": "Salary",
    "difficulty": "Difficulty and pass rates",
    "recertification": "Keeping it (recertification)",
}

BODIES: dict[str, str] = {
    "AAPC": "AAPC (American Academy of Professional Coders)",
    "AHIMA": "AHIMA (American Health Information Management Association)",
}

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FACT_CHARS = 1000
MAX_UPDATE_CHARS = 700
MAX_TOPIC_TEXT_CHARS = 3500
MAX_SECTION_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    date: str
    url: str | None = None
    publisher: str | None = None

    def cite(self) -> str:
        """``Title (date)``: how a source is named under an answer."""
        return f"{self.title} ({self.date})"


@dataclass(frozen=True, slots=True)
class Update:
    """A fact that changed since the guide was written."""

    current: str
    sources: tuple[str, ...]
    as_of: str
    confirm: str  # "AAPC" or "AHIMA"


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    sources: tuple[str, ...]
    update: Update | None = None

    def source_ids(self) -> tuple[str, ...]:
        extra = self.update.sources if self.update else ()
        return tuple(dict.fromkeys(self.sources + extra))


@dataclass(frozen=True, slots=True)
class Credential:
    id: str
    abbr: str
    name: str
    body: str
    specialty: bool
    aliases: tuple[str, ...]
    summary: str
    facts: dict[str, Fact]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    file: str

    @property
    def title(self) -> str:
        return f"{self.abbr}: {self.name}"


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    keywords: tuple[str, ...]
    questions: tuple[str, ...]
    text: str
    sections: tuple[Section, ...]
    update: Update | None
    related: tuple[str, ...]
    sources: tuple[str, ...]
    file: str


Entry = Credential | Topic


@dataclass
class KnowledgeBase:
    sources: dict[str, Source] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry | None:
        return self.credentials.get(entry_id) or self.topics.get(entry_id)

    def title_of(self, entry_id: str) -> str:
        entry = self.entry(entry_id)
        return entry.title if entry else entry_id

    def core_credentials(self) -> list[Credential]:
        return [c for c in self.credentials.values() if not c.specialty]

    def specialty_credentials(self) -> list[Credential]:
        return [c for c in self.credentials.values() if c.specialty]

    def cite(self, source_ids: Iterable[str]) -> list[Source]:
        return [self.sources[s] for s in dict.fromkeys(source_ids) if s in self.sources]


def normalise_alias(text: str) -> str:
    """Aliases compare case-insensitively with punctuation and spacing ignored."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


# --------------------------------------------------------------------------- validation

_KINDS = ("sources", "credentials", "topics")

# key -> (python type(s), required)
_SOURCE_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "id": (str, True),
    "title": (str, True),
    "date": (str, True),
    "url": (str, False),
    "publisher": (str, False),
}
_CREDENTIAL_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "id": (str, True),
    "abbr": (str, True),
    "name": (str, True),
    "body": (str, True),
    "specialty": (bool, False),
    "aliases": (list, False),
    "summary": (str, True),
    "facts": (dict, False),
    "related": (list, False),
    "sources": (list, True),
}
_TOPIC_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "id": (str, True),
    "title": (str, True),
    "keywords": (list, True),
    "questions": (list, True),
    "text": (str, True),
    "sections": (list, False),
    "update": (dict, False),
    "related": (list, False),
    "sources": (list, True),
}
_FACT_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "text": (str, True),
    "sources": (list, True),
    "update": (dict, False),
}
_UPDATE_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "current": (str, True),
    "sources": (list, True),
    "as_of": (str, True),
    "confirm": (str, True),
}
_SECTION_KEYS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "heading": (str, True),
    "text": (str, True),
}

_TYPE_NAMES = {str: "text", bool: "true/false", list: "a list", dict: "a mapping", int: "a number"}


class _Checker:
    """Collects problems for one file while building typed records from raw YAML."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, entry: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, entry, message))

    def mapping(
        self,
        data: Any,
        keys: dict[str, tuple[type | tuple[type, ...], bool]],
        entry: str | None,
        where: str = "",
    ) -> bool:
        """Check keys and types of one mapping; returns False when it is unusable."""
        prefix = f"{where}: " if where else ""
        if not isinstance(data, dict):
            self.add(entry, f"{prefix}expected a mapping, got {describe_value(data)}")
            return False
        ok = True
        for key in data:
            if key not in keys:
                allowed = ", ".join(keys)
                self.add(entry, f"{prefix}unknown key {key!r} (allowed: {allowed})")
        for key, (kind, required) in keys.items():
            if key not in data or data[key] is None:
                if required:
                    self.add(entry, f"{prefix}missing required field {key!r}")
                    ok = False
                continue
            value = data[key]
            # bool is an int subclass; YAML "yes" is a bool: be exact.
            if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
                self.add(
                    entry,
                    f"{prefix}field {key!r} should be {_TYPE_NAMES.get(kind, kind)}, "
                    f"got {describe_value(value)}",
                )
                ok = False
            elif isinstance(value, str) and not value.strip() and required:
                self.add(entry, f"{prefix}field {key!r} is empty")
                ok = False
        return ok

    def strings(self, values: list, entry: str, where: str, *, min_items: int = 0) -> tuple[str, ...]:
        out: list[str] = []
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                self.add(entry, f"{where}[{i}] should be non-empty text, got {describe_value(value)}")
            else:
                out.append(value.strip())
        if len(out) < min_items:
            self.add(entry, f"{where} needs at least {min_items} item(s), has {len(out)}")
        return tuple(out)

    def length(self, text: str, limit: int, entry: str, where: str) -> None:
        if len(text) > limit:
            self.add(entry, f"{where} is {len(text)} characters; the limit is {limit}")


def _update(ck: _Checker, raw: Any, entry: str, where: str) -> Update | None:
    if not ck.mapping(raw, _UPDATE_KEYS, entry, where):
        return None
    confirm = raw["confirm"].strip()
    if confirm not in BODIES:
        ck.add(entry, f"{where}: confirm must be AAPC or AHIMA, got {confirm!r}")
    current = raw["current"].strip()
    ck.length(current, MAX_UPDATE_CHARS, entry, f"{where}.current")
    return Update(
        current=current,
        sources=ck.strings(raw["sources"], entry, f"{where}.sources", min_items=1),
        as_of=str(raw["as_of"]).strip(),
        confirm=confirm,
    )


def _fact(ck: _Checker, raw: Any, entry: str, facet: str) -> Fact | None:
    where = f"facts.{facet}"
    if not ck.mapping(raw, _FACT_KEYS, entry, where):
        return None
    text = raw["text"].strip()
    ck.length(text, MAX_FACT_CHARS, entry, f"{where}.text")
    update = _update(ck, raw["update"], entry, f"{where}.update") if raw.get("update") else None
    return Fact(
        text=text,
        sources=ck.strings(raw["sources"], entry, f"{where}.sources", min_items=1),
        update=update,
    )


def _parse_source(ck: _Checker, raw: Any, entry: str) -> Source | None:
    if not ck.mapping(raw, _SOURCE_KEYS, entry):
        return None
    return Source(
        id=raw["id"],
        title=raw["title"].strip(),
        date=str(raw["date"]).strip(),
        url=raw.get("url"),
        publisher=raw.get("publisher"),
    )


def _parse_credential(ck: _Checker, raw: Any, entry: str) -> Credential | None:
    if not ck.mapping(raw, _CREDENTIAL_KEYS, entry):
        return None
    body = raw["body"].strip().upper()
    if body not in BODIES:
        ck.add(entry, f"body must be AAPC or AHIMA, got {raw['body']!r}")
    specialty = bool(raw.get("specialty", False))
    facts: dict[str, Fact] = {}
    raw_facts = raw.get("facts") or {}
    for facet, raw_fact in raw_facts.items():
        if facet not in FACETS:
            ck.add(entry, f"unknown fact {facet!r} (allowed: {', '.join(FACETS)})")
            continue
        fact = _fact(ck, raw_fact, entry, facet)
        if fact:
            facts[facet] = fact
    if not specialty:
        missing = [f for f in FACETS if f not in raw_facts]
        if missing:
            ck.add(entry, f"missing required fact(s): {', '.join(missing)}")
    summary = raw["summary"].strip()
    ck.length(summary, MAX_FACT_CHARS, entry, "summary")
    return Credential(
        id=entry,
        abbr=raw["abbr"].strip(),
        name=raw["name"].strip(),
        body=body,
        specialty=specialty,
        aliases=ck.strings(raw.get("aliases") or [], entry, "aliases"),
        summary=summary,
        facts=facts,
        related=ck.strings(raw.get("related") or [], entry, "related"),
        sources=ck.strings(raw["sources"], entry, "sources", min_items=1),
        file=ck.file,
    )


def _parse_topic(ck: _Checker, raw: Any, entry: str) -> Topic | None:
    if not ck.mapping(raw, _TOPIC_KEYS, entry):
        return None
    text = raw["text"].strip()
    ck.length(text, MAX_TOPIC_TEXT_CHARS, entry, "text")
    sections: list[Section] = []
    for i, raw_section in enumerate(raw.get("sections") or []):
        if ck.mapping(raw_section, _SECTION_KEYS, entry, f"sections[{i}]"):
            section = Section(raw_section["heading"].strip(), raw_section["text"].strip())
            ck.length(section.text, MAX_SECTION_CHARS, entry, f"sections[{i}].text")
            sections.append(section)
    update = _update(ck, raw["update"], entry, "update") if raw.get("update") else None
    return Topic(
        id=entry,
        title=raw["title"].strip(),
        keywords=ck.strings(raw["keywords"], entry, "keywords", min_items=1),
        questions=ck.strings(raw["questions"], entry, "questions", min_items=2),
        text=text,
        sections=tuple(sections),
        update=update,
        related=ck.strings(raw.get("related") or [], entry, "related"),
        sources=ck.strings(raw["sources"], entry, "sources", min_items=1),
        file=ck.file,
    )


_PARSERS = {"sources": _parse_source, "credentials": _parse_credential, "topics": _parse_topic}


def _read_file(path: Path, root: Path, kb: KnowledgeBase, seen: dict[str, str]) -> list[Problem]:
    ck = _Checker(display_path(path, root.parent))
    try:
        data = load_yaml(path)
    except YamlFileError as exc:
        ck.add(None, str(exc))
        return ck.problems
    if not isinstance(data, dict) or set(data) != {"kind", "entries"}:
        got = sorted(data) if isinstance(data, dict) else describe_value(data)
        ck.add(None, f"a knowledge file must be a mapping with exactly 'kind' and 'entries' (got {got})")
        return ck.problems
    kind = data["kind"]
    if kind not in _KINDS:
        ck.add(None, f"unknown kind {kind!r} (allowed: {', '.join(_KINDS)})")
        return ck.problems
    entries = data["entries"]
    if not isinstance(entries, list) or not entries:
        ck.add(None, "'entries' must be a non-empty list")
        return ck.problems
    for index, raw in enumerate(entries):
        entry_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
            label = f"entry #{index + 1}"
            ck.add(label, f"id must be lowercase letters, digits and dashes, got {describe_value(entry_id)}")
            continue
        if entry_id in seen:
            ck.add(entry_id, f"duplicate id (first defined in {seen[entry_id]})")
            continue
        seen[entry_id] = ck.file
        record = _PARSERS[kind](ck, raw, entry_id)
        if record is None:
            continue
        if isinstance(record, Source):
            kb.sources[entry_id] = record
        elif isinstance(record, Credential):
            kb.credentials[entry_id] = record
        else:
            kb.topics[entry_id] = record
    return ck.problems


def _cross_check(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    aliases: dict[str, str] = {}

    def claim(alias: str, owner: Credential) -> None:
        key = normalise_alias(alias)
        if not key:
            problems.append(Problem(owner.file, owner.id, f"alias {alias!r} has no letters or digits"))
            return
        other = aliases.get(key)
        if other and other != owner.id:
            problems.append(
                Problem(owner.file, owner.id, f"duplicate alias {alias!r} (also used by {other})")
            )
        aliases[key] = owner.id

    for cred in kb.credentials.values():
        for alias in (cred.abbr, cred.name, *cred.aliases):
            claim(alias, cred)

    def check_sources(entry: Credential | Topic, ids: Iterable[str], where: str) -> None:
        for sid in ids:
            if sid not in kb.sources:
                problems.append(Problem(entry.file, entry.id, f"{where} names unknown source {sid!r}"))

    def check_related(entry: Credential | Topic) -> None:
        for rid in entry.related:
            if kb.entry(rid) is None:
                problems.append(Problem(entry.file, entry.id, f"related names unknown entry {rid!r}"))
            elif rid == entry.id:
                problems.append(Problem(entry.file, entry.id, "related names the entry itself"))

    for cred in kb.credentials.values():
        check_sources(cred, cred.sources, "sources")
        for facet, fact in cred.facts.items():
            check_sources(cred, fact.sources, f"facts.{facet}.sources")
            if fact.update:
                check_sources(cred, fact.update.sources, f"facts.{facet}.update.sources")
        check_related(cred)
    for topic in kb.topics.values():
        check_sources(topic, topic.sources, "sources")
        if topic.update:
            check_sources(topic, topic.update.sources, "update.sources")
        check_related(topic)
    return problems


def knowledge_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())


def validate_knowledge(directory: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Load every file and return what loaded plus every problem found."""
    kb = KnowledgeBase()
    problems: list[Problem] = []
    if not directory.is_dir():
        return kb, [Problem(str(directory), None, "knowledge directory not found")]
    files = knowledge_files(directory)
    if not files:
        return kb, [Problem(str(directory), None, "no .yaml files found")]
    seen: dict[str, str] = {}
    for path in files:
        problems.extend(_read_file(path, directory, kb, seen))
    problems.extend(_cross_check(kb))
    if not kb.credentials and not any("credentials" in p.message for p in problems):
        problems.append(Problem(str(directory), None, "no credentials defined"))
    return kb, problems


def load_knowledge(directory: Path) -> KnowledgeBase:
    """The validated knowledge base, or ``ContentError`` naming every problem."""
    kb, problems = validate_knowledge(directory)
    if problems:
        raise ContentError(problems)
    return kb

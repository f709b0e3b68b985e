"""ICD-10-CM drills generated from the FY tabular: an unlimited question source.

Four kinds, each with exactly one right answer by construction:

* ``sib``: the code for a tabular title, among its siblings under the same parent;
* ``7th``: the seventh character for an encounter, among the same base's other characters;
* ``x1``: which note at a code is an Excludes1 (never together) rather than an Excludes2;
* ``cf`` / ``ua``: how a "Code first" / "Use additional code" instruction sequences the codes.

A question's id names everything needed to build it again (``icd-sib-e1165``), and its choices
are shuffled by a generator seeded with the id, so the same id gives the same question in every
process and after a restart: rounds, daily posts and answers keep only the id.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..banks.library import Question
from .format import add_dot
from .model import NodeKind, Tabular

DRILL_BANK = "icd10cm-drills"
DRILL_DOMAIN = "icd10cm-drills"
DRILL_SOURCE = "ICD-10-CM"  # the filter that selects the drills wherever an exam is chosen
DRILL_EXAMS = ("CPC", "CCS", "CCA", "CIC", "COC", "CRC")
PREFIX = "icd-"
KINDS = ("sib", "7th", "x1", "cf", "ua")
CHOICES = 4

_ID = re.compile(r"^icd-(sib|7th|x1|cf|ua)-([a-z0-9]{3,7})(?:-(\d{1,2}))?$")
_CODE_REFS = re.compile(r"\s*\([^()]*\d[^()]*\)")  # "(E08.-)", "(N18.1-N18.6)"


def is_drill_id(question_id: str) -> bool:
    return question_id.startswith(PREFIX)


@dataclass(frozen=True, slots=True)
class _Draft:
    stem: str
    key: str
    distractors: tuple[str, ...]
    explanation: str
    source: str
    difficulty: int


# --------------------------------------------------------------------------- candidates


def _reportable_children(tab: Tabular, node: int) -> list[int]:
    return [c for c in tab.children(node) if tab.billable(c) and tab.codes[c] not in tab.not_reportable]


def _siblings(tab: Tabular, node: int) -> list[int]:
    parent = tab.parent[node]
    if parent < 0 or not tab.is_code(parent):
        return []
    title = tab.descs[node].casefold()
    return [c for c in _reportable_children(tab, parent) if c != node and tab.descs[c].casefold() != title]


def _note(tab: Tabular, node: int, kind: str) -> tuple[str, ...]:
    return next((lines for k, lines in tab.notes.get(node, ()) if k == kind), ())


def _plain_lines(lines: tuple[str, ...]) -> list[str]:
    """Note lines that name a condition (not "polyneuropathy (in):" headers), code refs kept."""
    return [line for line in lines if not line.rstrip().endswith(":") and len(line) <= 90]


def _inherited(tab: Tabular, node: int, kind: str) -> tuple[int, tuple[str, ...]] | None:
    for at in (node, *tab.ancestors(node)):
        lines = _note(tab, at, kind)
        if lines:
            return at, lines
    return None


def _excludes1_everywhere(tab: Tabular, node: int) -> set[str]:
    return {line.casefold() for at in (node, *tab.ancestors(node)) for line in _note(tab, at, "excludes1")}


def _x1_choices(tab: Tabular, node: int) -> tuple[list[str], list[str]]:
    """(usable Excludes1 lines at the node, Excludes2 lines that are no Excludes1 anywhere above)."""
    ones = _plain_lines(_note(tab, node, "excludes1"))
    banned = _excludes1_everywhere(tab, node)
    twos = [line for line in _plain_lines(_note(tab, node, "excludes2")) if line.casefold() not in banned]
    return ones, twos


def drill_ids(tab: Tabular) -> dict[str, list[str]]:
    """Every drill the tabular yields, by kind."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for node in range(len(tab)):
        if not tab.is_code(node):
            continue
        code = tab.codes[node].lower()
        if tab.billable(node) and tab.codes[node] not in tab.not_reportable:
            if len(_siblings(tab, node)) >= CHOICES - 1:
                found["sib"].append(f"{PREFIX}sib-{code}")
            if _inherited(tab, node, "codeFirst"):
                found["cf"].append(f"{PREFIX}cf-{code}")
            if _inherited(tab, node, "useAdditionalCode"):
                found["ua"].append(f"{PREFIX}ua-{code}")
        if tab.is_leaf(node) and len(tab.seventh_codes(node)) >= CHOICES:
            found["7th"].extend(f"{PREFIX}7th-{c.lower()}" for c, _ in tab.seventh_codes(node))
        ones, twos = _x1_choices(tab, node)
        if len(twos) >= CHOICES - 1:
            found["x1"].extend(f"{PREFIX}x1-{code}-{i}" for i in range(len(ones)))
    return found


# --------------------------------------------------------------------------- drafts


def _title(tab: Tabular, node: int) -> str:
    return f"{add_dot(tab.codes[node])} {tab.descs[node]}"


def _sibling_draft(tab: Tabular, node: int, rng: random.Random) -> _Draft | None:
    siblings = _siblings(tab, node)
    if len(siblings) < CHOICES - 1:
        return None
    others = rng.sample(siblings, CHOICES - 1)
    parent = tab.parent[node]
    listed = "; ".join(f"{add_dot(tab.codes[o])} is {tab.descs[o]}" for o in others)
    return _Draft(
        stem=f'Which ICD-10-CM code has the tabular title "{tab.descs[node]}"?',
        key=add_dot(tab.codes[node]),
        distractors=tuple(add_dot(tab.codes[o]) for o in others),
        explanation=f"{add_dot(tab.codes[node])} is {tab.descs[node]}. The others sit under the same "
        f"parent code, {_title(tab, parent)}, and name something else: {listed}.",
        source=f"ICD-10-CM Tabular List FY2026, {add_dot(tab.codes[parent])}",
        difficulty=1,
    )


def _seventh_draft(tab: Tabular, node: int, code: str, rng: random.Random) -> _Draft | None:
    forms = dict(tab.seventh_codes(node))
    if code not in forms or len(forms) < CHOICES:
        return None
    others = rng.sample([c for c in forms if c != code], CHOICES - 1)
    found = tab.seventh_table(node)
    where = add_dot(tab.codes[found[0]]) if found else add_dot(tab.codes[node])
    listed = "; ".join(f"{add_dot(o)} is the {forms[o]}" for o in others)
    return _Draft(
        stem=f'A provider documents "{tab.descs[node]}", {forms[code]}. Which code is reported?',
        key=add_dot(code),
        distractors=tuple(add_dot(o) for o in others),
        explanation=f"The seventh character {code[-1]} means {forms[code]}, so {add_dot(code)} is "
        f"right. The others are other encounters for the same condition: {listed}.",
        source=f"ICD-10-CM Tabular List FY2026, seventh characters at {where}; Official Guidelines I.A.5",
        difficulty=2,
    )


def _x1_draft(tab: Tabular, node: int, index: int, rng: random.Random) -> _Draft | None:
    ones, twos = _x1_choices(tab, node)
    if index >= len(ones) or len(twos) < CHOICES - 1:
        return None
    others = rng.sample(twos, CHOICES - 1)
    return _Draft(
        stem=f"At {_title(tab, node)}, which condition does the tabular list as Excludes1 (never coded "
        "together with it) rather than Excludes2 (not included here, but both may be coded)?",
        key=ones[index],
        distractors=tuple(others),
        explanation=f'"{ones[index]}" is an Excludes1 note at {add_dot(tab.codes[node])}: the two '
        "conditions cannot occur together, so they are never coded together. The others are "
        "Excludes2 notes: a different condition that may coexist, so both codes may be reported "
        f"when both are documented ({'; '.join(others)}).",
        source=f"ICD-10-CM Tabular List FY2026, {add_dot(tab.codes[node])}; Official Guidelines I.A.12.a-b",
        difficulty=2,
    )


def _sequence_draft(tab: Tabular, node: int, kind: str) -> _Draft | None:
    note_kind = "codeFirst" if kind == "cf" else "useAdditionalCode"
    found = _inherited(tab, node, note_kind)
    if found is None:
        return None
    at, lines = found
    instruction = _instruction(lines)
    code = add_dot(tab.codes[node])
    named_first, this_first = (f"The named code first, then {code}", f"{code} first, then the named code")
    heading = "Code first" if kind == "cf" else "Use additional"
    key, wrong = (named_first, this_first) if kind == "cf" else (this_first, named_first)
    why = (
        "A 'code first' note means the condition it names is sequenced before this code"
        if kind == "cf"
        else "A 'use additional code' note means this code is listed first and the code the note "
        "names is added after it"
    )
    return _Draft(
        stem=f'A provider documents "{tab.descs[node]}" ({code}) and the condition that the tabular '
        f'note at {_place(tab, at)} names: "{heading} {instruction}". How are the two reported?',
        key=key,
        distractors=(wrong, f"{code} alone, the note is advice", "The named code alone, not this one"),
        explanation=f"{why}, when that condition is documented. Reversing the order breaks the "
        "instruction, and reporting only one code leaves out a documented condition the note "
        "asks for.",
        source=f"ICD-10-CM Tabular List FY2026, {_place(tab, at)}; Official Guidelines I.A.13 and I.B.7",
        difficulty=2,
    )


def _instruction(lines: tuple[str, ...]) -> str:
    """The note's first line, and when it is a heading ("code to identify:") its first item,
    without code references: the member must know the code, the note only names the condition."""
    first = _CODE_REFS.sub("", lines[0]).strip()
    if first.endswith(":") and len(lines) > 1:
        first = f"{first} {_CODE_REFS.sub('', lines[1]).strip()}"
    return first.rstrip(" :,").removesuffix(", such as").removesuffix(" such as")


def _place(tab: Tabular, node: int) -> str:
    kind = tab.kind(node)
    if kind == NodeKind.CHAPTER:
        return f"the start of chapter {tab.codes[node]}"
    if kind == NodeKind.BLOCK:
        return f"the start of block {tab.codes[node]}"
    return add_dot(tab.codes[node])


def _draft(tab: Tabular, kind: str, code: str, index: int | None, rng: random.Random) -> _Draft | None:
    base = code.upper()[:6] if kind == "7th" else code.upper()
    # A seventh-character code pads a short base with placeholder Xs (S03.00XA -> S03.00).
    node = tab.by_code.get(base, tab.by_code.get(base.rstrip("X")))
    if node is None or not tab.is_code(node):
        return None
    if kind == "sib":
        return _sibling_draft(tab, node, rng)
    if kind == "7th":
        return _seventh_draft(tab, node, code.upper(), rng) if len(code) == 7 else None
    if kind == "x1":
        return _x1_draft(tab, node, index or 0, rng)
    return _sequence_draft(tab, node, kind)


def drill_question(tab: Tabular, question_id: str) -> Question | None:
    """The drill with this id, built the same way every time; None if the id names no drill."""
    match = _ID.match(question_id)
    if match is None:
        return None
    kind, code, index = match[1], match[2], match[3]
    rng = random.Random(question_id)
    draft = _draft(tab, kind, code, int(index) if index else None, rng)
    if draft is None:
        return None
    choices = [draft.key, *draft.distractors]
    rng.shuffle(choices)
    return Question(
        id=question_id,
        bank_id=DRILL_BANK,
        exams=DRILL_EXAMS,
        domain=DRILL_DOMAIN,
        difficulty=draft.difficulty,
        stem=draft.stem,
        choices=tuple(choices),
        answer=choices.index(draft.key),
        explanation=draft.explanation,
        source=draft.source,
        kind="recall" if draft.difficulty == 1 else "application",
    )


def sample_drill_ids(by_kind: dict[str, list[str]], per_kind: int, rng: random.Random) -> list[str]:
    """Up to ``per_kind`` ids of each kind, so every kind is drawn as often as the others."""
    return [qid for kind in KINDS for qid in _sample(by_kind.get(kind, []), per_kind, rng)]


def _sample(ids: list[str], k: int, rng: random.Random) -> Iterator[str]:
    return iter(rng.sample(ids, min(k, len(ids))))

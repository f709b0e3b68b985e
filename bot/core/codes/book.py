"""Looking codes up in the tabular: a code's full entry, or what is wrong with what was typed.

The notes that apply to a code are its own and those of every level above it (subcategory,
category, block, chapter), each reported with the level it comes from: an Excludes1 note at
category J45 applies to J45.909 as much as one written under J45.909 itself.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .format import add_dot, bare_code, format_problem, placeholder_form
from .model import NodeKind, Notes, SeventhTable, Tabular

SEVENTH_NOTE_KINDS = ("sevenChrNote",)
NEAREST = 5


@dataclass(frozen=True, slots=True)
class Line:
    """A code and its description, as lists show it."""

    code: str  # dotted
    description: str
    billable: bool
    needs_seventh: bool = False  # a six-character base: reportable with a seventh character


@dataclass(frozen=True, slots=True)
class LevelNotes:
    """The notes written at one level of the hierarchy."""

    code: str  # dotted code, block id or "Chapter 10"
    kind: NodeKind
    notes: Notes


@dataclass(frozen=True, slots=True)
class Seventh:
    """The seventh-character table that applies, where it is defined and how X pads the code."""

    defined_at: str
    table: SeventhTable
    note: tuple[str, ...]
    example: str  # the first reportable code, placeholders included (T38.3X1A, S72.90XA)
    placeholder: bool  # the base has fewer than six characters: X fills the gap
    chosen: str | None = None  # the character of the code looked up, if it has one


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str  # dotted
    description: str
    billable: bool
    kind: NodeKind
    chapter: Line
    block: Line
    category: Line | None  # None when the code is the category
    notes: tuple[LevelNotes, ...]
    seventh: Seventh | None
    children: tuple[Line, ...]  # reportable children of a header, or its seventh-character codes
    needs_seventh: bool = False  # a six-character base: reportable only with a seventh character


@dataclass(frozen=True, slots=True)
class CodeProblem:
    """Why ``text`` is not a code in this release, and the nearest codes that are."""

    text: str
    problem: str
    nearest: tuple[Line, ...] = ()


class CodeBook:
    """Look-ups over one :class:`Tabular` (fast: a dictionary hit and a walk up the tree)."""

    def __init__(self, tab: Tabular) -> None:
        self.tab = tab
        self._sorted = sorted(code for code, node in tab.by_code.items() if tab.is_code(node))

    def line(self, node: int) -> Line:
        tab = self.tab
        code = tab.codes[node]
        shown = add_dot(code) if tab.is_code(node) else code
        needs = tab.is_code(node) and tab.is_leaf(node) and tab.takes_seventh(node)
        return Line(shown, tab.descs[node], tab.billable(node), needs)

    def lookup(self, text: str) -> CodeEntry | CodeProblem:
        problem = format_problem(text)
        shown = text.strip()[:20]
        if problem is not None:
            return CodeProblem(shown, problem)
        bare = bare_code(text)
        node = self.tab.by_code.get(bare)
        if node is not None and self.tab.is_code(node):
            return self.entry(node)
        if len(bare) == 7:
            return self._derived(bare, shown)
        return CodeProblem(
            shown,
            f"{add_dot(bare)} is not an ICD-10-CM code in this release (it may have been deleted "
            "or expanded, or it never existed).",
            self.nearest(bare),
        )

    def _derived(self, bare: str, shown: str) -> CodeEntry | CodeProblem:
        tab = self.tab
        base = tab.by_code.get(bare[:6])
        if base is None:
            base = tab.by_code.get(bare[:6].rstrip("X"))
        if base is None or not tab.is_code(base):
            return CodeProblem(shown, f"{add_dot(bare)} is not an ICD-10-CM code.", self.nearest(bare))
        base_code = add_dot(tab.codes[base])
        if not tab.takes_seventh(base):
            if tab.is_leaf(base):
                why = f"{base_code} is complete as it is: it takes no seventh character."
            else:
                why = f"{base_code} takes no seventh character, and it is a header: choose one of its codes."
            return CodeProblem(shown, why, self.children(base)[:NEAREST] or (self.line(base),))
        if not tab.is_leaf(base):
            why = f"{base_code} is a header: the seventh character goes on one of its six-character codes."
            return CodeProblem(shown, why, self.children(base)[:NEAREST])
        derived = dict(tab.seventh_codes(base))
        if bare not in derived:
            expected = placeholder_form(tab.codes[base], bare[6])
            if expected in derived:
                why = f"{add_dot(bare)} needs the placeholder X: the code is {add_dot(expected)}."
            else:
                chars = ", ".join(code[6] for code in derived)
                why = f"{bare[6]} is not a seventh character {base_code} takes (it takes {chars})."
            return CodeProblem(shown, why, self.children(base)[:NEAREST])
        return self.entry(base, seventh=bare[6])

    def entry(self, node: int, seventh: str | None = None) -> CodeEntry:
        tab = self.tab
        up = [node, *tab.ancestors(node)]
        by_kind = {tab.kind(n): n for n in up}
        category = by_kind.get(NodeKind.CATEGORY)
        table = tab.seventh_table(node)
        description, code, billable = tab.descs[node], add_dot(tab.codes[node]), tab.billable(node)
        if seventh is not None and table is not None:
            meaning = dict(table[1])[seventh]
            description = f"{description}, {meaning}"
            code, billable = add_dot(placeholder_form(tab.codes[node], seventh)), True
        return CodeEntry(
            code=code,
            description=description,
            billable=billable,
            kind=tab.kind(node),
            chapter=self._chapter_line(by_kind[NodeKind.CHAPTER]),
            block=self.line(by_kind[NodeKind.BLOCK]),
            category=self.line(category) if category is not None and category != node else None,
            notes=self._notes(up),
            seventh=self._seventh(node, table, seventh),
            children=() if seventh else self.children(node),
            needs_seventh=table is not None and tab.is_leaf(node) and seventh is None,
        )

    def _chapter_line(self, node: int) -> Line:
        return Line(f"Chapter {self.tab.codes[node]}", self.tab.descs[node], False)

    def _notes(self, up: list[int]) -> tuple[LevelNotes, ...]:
        tab = self.tab
        found: list[LevelNotes] = []
        for n in up:
            notes = tuple((k, lines) for k, lines in tab.notes.get(n, ()) if k not in SEVENTH_NOTE_KINDS)
            if notes:
                code = self._chapter_line(n).code if tab.kind(n) == NodeKind.CHAPTER else self.line(n).code
                found.append(LevelNotes(code, tab.kind(n), notes))
        return tuple(found)

    def _seventh(
        self, node: int, table: tuple[int, SeventhTable] | None, chosen: str | None
    ) -> Seventh | None:
        if table is None:
            return None
        at, chars = table
        note = next((lines for k, lines in self.tab.notes.get(at, ()) if k == "sevenChrNote"), ())
        base = self.tab.codes[node]
        example_base = base if self.tab.is_leaf(node) else self._first_leaf(node)
        example = placeholder_form(example_base, chars[0][0]) if chars else example_base
        return Seventh(
            defined_at=self.line(at).code,
            table=chars,
            note=note,
            example=add_dot(example),
            placeholder=len(example_base) < 6,
            chosen=chosen,
        )

    def _first_leaf(self, node: int) -> str:
        n = node
        while not self.tab.is_leaf(n):
            n += 1
        return self.tab.codes[n]

    def children(self, node: int) -> tuple[Line, ...]:
        """The codes a header stands for (every leaf under it, in order); a six-character
        base's seventh-character codes."""
        tab = self.tab
        if tab.is_leaf(node):
            desc = tab.descs[node]
            return tuple(Line(add_dot(c), f"{desc}, {m}", True) for c, m in tab.seventh_codes(node))
        return tuple(self.line(leaf) for leaf in range(node + 1, tab.end[node]) if tab.is_leaf(leaf))

    def nearest(self, bare: str) -> tuple[Line, ...]:
        """Codes near a code that does not exist: the children of its longest existing prefix,
        else the codes that sort next to it."""
        tab = self.tab
        for size in range(len(bare) - 1, 2, -1):
            node = tab.by_code.get(bare[:size])
            if node is not None and tab.is_code(node):
                return self.children(node)[:NEAREST] or (self.line(node),)
        at = bisect.bisect_left(self._sorted, bare)
        near = self._sorted[max(0, at - 2) : at + 3]
        return tuple(self.line(tab.by_code[code]) for code in near)

    def with_prefix(self, prefix: str, limit: int = 25) -> list[int]:
        """Nodes whose code starts with ``prefix`` (bare), in code order."""
        at = bisect.bisect_left(self._sorted, prefix)
        found: list[int] = []
        for code in self._sorted[at:]:
            if not code.startswith(prefix) or len(found) >= limit:
                break
            found.append(self.tab.by_code[code])
        return found

"""The ICD-10-CM tabular as compact arrays: what the index cache holds and lookups read.

Nodes (chapters, blocks, categories, subcategories) are kept in the tabular's own order, a
pre-order walk, so a node's subtree is the run of nodes up to ``end[i]`` and its children are
found by hopping from subtree to subtree: no per-node lists or objects, which keeps the resident
size of the ~47,000 nodes to a few megabytes. Codes that take a seventh character are not
stored one by one (there are ~28,000 of them); they are derived from their six-character base
and the seventh-character table that applies.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from .format import placeholder_form


class NodeKind(StrEnum):
    CHAPTER = "chapter"
    BLOCK = "block"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"


_KIND_CODES = {"c": NodeKind.CHAPTER, "b": NodeKind.BLOCK, "k": NodeKind.CATEGORY, "s": NodeKind.SUBCATEGORY}
KIND_LETTERS = {kind: letter for letter, kind in _KIND_CODES.items()}

# Tabular notes in the order a coder reads them, with the names the Official Guidelines use.
NOTE_KINDS: tuple[tuple[str, str], ...] = (
    ("inclusionTerm", "Inclusion terms"),
    ("includes", "Includes"),
    ("notes", "Notes"),
    ("excludes1", "Excludes1 (never code together)"),
    ("excludes2", "Excludes2 (not included here; both may be coded)"),
    ("codeFirst", "Code first"),
    ("useAdditionalCode", "Use additional code"),
    ("codeAlso", "Code also"),
    ("sevenChrNote", "Seventh character"),
)
NOTE_TITLES = dict(NOTE_KINDS)

Notes = tuple[tuple[str, tuple[str, ...]], ...]  # (note kind, the note's lines)
SeventhTable = tuple[tuple[str, str], ...]  # (character, meaning)


@dataclass(frozen=True, slots=True)
class DataVersion:
    """Which release the data is: the tabular's fiscal year and its file (e.g. the April update)."""

    fiscal_year: int
    release: str  # "April 1, 2026 update": what the CDC file name says
    source: str  # "simple-icd-10-cm 1.5.0"

    @property
    def label(self) -> str:
        return f"ICD-10-CM FY{self.fiscal_year}"


@dataclass(slots=True)
class Tabular:
    """Every node of the tabular, its notes and its seventh-character tables."""

    version: DataVersion
    codes: list[str] = field(default_factory=list)  # bare code, block id ("A00-A09") or chapter number
    descs: list[str] = field(default_factory=list)
    kinds: bytearray = field(default_factory=bytearray)  # one KIND_LETTERS byte per node
    parent: array[int] = field(default_factory=lambda: array("i"))  # -1 for a chapter
    end: array[int] = field(default_factory=lambda: array("i"))  # one past the node's subtree
    notes: dict[int, Notes] = field(default_factory=dict)
    seventh: dict[int, SeventhTable] = field(default_factory=dict)
    by_code: dict[str, int] = field(default_factory=dict)  # categories and below; blocks by id
    # Seventh-character codes the table would allow but the code list does not (S06.1X7D: a
    # death has no subsequent encounter): the exceptions, far fewer than the codes themselves.
    not_reportable: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.codes)

    def kind(self, node: int) -> NodeKind:
        return _KIND_CODES[chr(self.kinds[node])]

    def is_code(self, node: int) -> bool:
        return self.kind(node) in (NodeKind.CATEGORY, NodeKind.SUBCATEGORY)

    def is_leaf(self, node: int) -> bool:
        return self.end[node] == node + 1

    def children(self, node: int) -> Iterator[int]:
        child = node + 1
        while child < self.end[node]:
            yield child
            child = self.end[child]

    def ancestors(self, node: int) -> Iterator[int]:
        """The node's parent, grandparent and so on up to its chapter."""
        up = self.parent[node]
        while up >= 0:
            yield up
            up = self.parent[up]

    def depth(self, node: int) -> int:
        """0 for a chapter, 1 for a block, 2 for a category…"""
        return sum(1 for _ in self.ancestors(node))

    def seventh_table(self, node: int) -> tuple[int, SeventhTable] | None:
        """The seventh-character table that applies to ``node`` and the node defining it."""
        for at in (node, *self.ancestors(node)):
            table = self.seventh.get(at)
            if table:
                return at, table
        return None

    def takes_seventh(self, node: int) -> bool:
        return self.is_code(node) and self.seventh_table(node) is not None

    def billable(self, node: int) -> bool:
        """A leaf code that needs no seventh character (those with one are derived codes)."""
        return self.is_code(node) and self.is_leaf(node) and not self.takes_seventh(node)

    def count_billable(self) -> int:
        """Every reportable code, seventh-character codes included."""
        total = 0
        for node in range(len(self)):
            if self.is_code(node) and self.is_leaf(node):
                found = self.seventh_table(node)
                total += len(found[1]) if found else 1
        derived = sum(1 for code in self.not_reportable if len(code) == 7)
        return total - derived

    def seventh_codes(self, node: int) -> list[tuple[str, str]]:
        """The reportable seventh-character codes of a leaf (bare code, meaning), in table order."""
        found = self.seventh_table(node)
        if found is None or not self.is_leaf(node):
            return []
        forms = ((placeholder_form(self.codes[node], char), meaning) for char, meaning in found[1])
        return [(code, meaning) for code, meaning in forms if code not in self.not_reportable]

"""The inverted index over code descriptions and inclusion terms, built once from a
:class:`Tabular` and cached with it.

An *entry* is one text that names a code: its description, one of its inclusion terms, or a
line of its Includes note. Each word (see :mod:`.words`) maps to the sorted ids of the entries
that contain it, as a compact ``array('i')``. Search (:mod:`.search`) scores entries and keeps
each code's best.
"""

from __future__ import annotations

import bisect
import zlib
from array import array
from dataclasses import dataclass, field

from .model import NodeKind, Tabular
from .words import UNSPECIFIC, VARIANT_WORDS, essential_terms, joined_terms, plainness, terms

DESCRIPTION, INCLUSION, INCLUDES = 0, 1, 2
_INDEXED_NOTES = {"inclusionTerm": INCLUSION, "includes": INCLUDES}


@dataclass(slots=True)
class SearchIndex:
    entry_node: array[int] = field(default_factory=lambda: array("i"))
    entry_kind: bytearray = field(default_factory=bytearray)
    entry_len: bytearray = field(default_factory=bytearray)  # content words, at most 255
    entry_text: list[str] = field(default_factory=list)
    postings: dict[str, array[int]] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)  # sorted: prefix look-ups by bisection
    # Whole-term matches: the CRC of an entry's essential words (sorted) -> its entries, so an
    # entry that is exactly what was asked ("hypertension (arterial) (benign)…" for
    # "hypertension") is found however many partial matches outscore it on coverage.
    exact: dict[int, int | tuple[int, ...]] = field(default_factory=dict)
    # For each header, the leaf it stands for when nothing more is said (-1 for leaves).
    defaults: array[int] = field(default_factory=lambda: array("i"))

    def __len__(self) -> int:
        return len(self.entry_node)

    def add(self, node: int, kind: int, text: str) -> None:
        words = terms(text)
        if not words:
            return
        entry = len(self.entry_node)
        self.entry_node.append(node)
        self.entry_kind.append(kind)
        # Every content word counts, nonessential modifiers too: a word matched in parentheses
        # must not make a longer entry look like a whole-term match.
        self.entry_len.append(min(255, max(1, len(set(words) - UNSPECIFIC))))
        self.entry_text.append(text)
        for word in set(words) | set(joined_terms(text)):
            self.postings.setdefault(word, array("i")).append(entry)
        key = exact_key(essential_terms(text))
        if key is not None:
            old = self.exact.get(key)
            self.exact[key] = entry if old is None else (*((old,) if isinstance(old, int) else old), entry)

    def exactly(self, words: list[str]) -> tuple[int, ...]:
        """The entries whose essential words are exactly ``words`` (in any order)."""
        key = exact_key(words)
        found = self.exact.get(key) if key is not None else None
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def with_prefix(self, prefix: str, limit: int = 12) -> list[str]:
        """Indexed words that start with ``prefix``, the most frequent first."""
        start = bisect.bisect_left(self.vocab, prefix)
        found: list[str] = []
        for word in self.vocab[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        found.sort(key=lambda w: -len(self.postings[w]))
        return found[:limit]


def exact_key(words: list[str]) -> int | None:
    return zlib.crc32(" ".join(sorted(set(words))).encode()) if words else None


def build_index(tab: Tabular) -> SearchIndex:
    """Every code's description, inclusion terms and Includes lines, indexed by word."""
    index = SearchIndex()
    for node in range(len(tab)):
        if tab.kind(node) in (NodeKind.CHAPTER, NodeKind.BLOCK):
            continue
        index.add(node, DESCRIPTION, tab.descs[node])
        for note_kind, lines in tab.notes.get(node, ()):
            kind = _INDEXED_NOTES.get(note_kind)
            if kind is None:
                continue
            for line in lines:
                index.add(node, kind, line)
    index.vocab = sorted(index.postings)
    index.defaults = array("i", (default_leaf(tab, node) for node in range(len(tab))))
    return index


def default_leaf(tab: Tabular, node: int) -> int:
    """The code a header stands for when nothing more is said: its "unspecified" leaf,
    uncomplicated rather than complicated, as high up as possible, repeating the header's
    words rather than adding others, not a variant the header does not name (an assault
    rather than the accidental poisoning); -1 for a leaf, a chapter or a block."""
    if tab.is_leaf(node) or not tab.is_code(node):
        return -1
    header = set(terms(tab.descs[node]))
    best: tuple[float, int] = (-1e9, -1)
    for leaf in range(node + 1, tab.end[node]):
        if not tab.is_leaf(leaf):
            continue
        desc = tab.descs[leaf]
        words = set(terms(desc))
        extra, shared = len(words - header - UNSPECIFIC), len(words & header)
        variant = len((words & VARIANT_WORDS) - header)
        rank = 2.0 * plainness(desc) - 0.3 * tab.depth(leaf) - 0.3 * extra + 0.1 * shared - variant
        if rank > best[0]:
            best = (rank, leaf)
    return best[1]

"""Reading the CDC's ICD-10-CM tabular XML (``icd10cm-tabular-*.xml``) into a :class:`Tabular`.

Pure: it takes the file's text. The XML nests ``chapter > section > diag > diag…``; every
``diag`` has a ``name`` and ``desc`` and may carry notes (``includes``, ``excludes1``…), each a
list of ``note`` lines, and a ``sevenChrDef`` table of ``extension`` characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .format import bare_code, placeholder_form
from .model import KIND_LETTERS, NOTE_TITLES, DataVersion, NodeKind, Notes, Tabular

_SPACES = re.compile(r"\s+")


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _notes(element: ET.Element) -> Notes:
    found: list[tuple[str, tuple[str, ...]]] = []
    for child in element:
        if child.tag in NOTE_TITLES:
            lines = tuple(_clean(n.text) for n in child.iter("note") if _clean(n.text))
            if lines:
                found.append((child.tag, lines))
    return tuple(found)


class _Builder:
    def __init__(self, version: DataVersion) -> None:
        self.tab = Tabular(version)

    def add(self, element: ET.Element, code: str, desc: str, kind: NodeKind, parent: int) -> int:
        tab = self.tab
        node = len(tab.codes)
        tab.codes.append(code)
        tab.descs.append(desc)
        tab.kinds.append(ord(KIND_LETTERS[kind]))
        tab.parent.append(parent)
        tab.end.append(node + 1)
        notes = _notes(element)
        if notes:
            tab.notes[node] = notes
        table = element.find("sevenChrDef")
        if table is not None:
            tab.seventh[node] = tuple(
                (ext.get("char", ""), _clean(ext.text)) for ext in table.iter("extension") if ext.get("char")
            )
        if kind in (NodeKind.CATEGORY, NodeKind.SUBCATEGORY) or code not in tab.by_code:
            tab.by_code[code] = node  # a block named like its only category (B20) yields to it
        return node

    def close(self, node: int) -> None:
        self.tab.end[node] = len(self.tab.codes)

    def diag(self, element: ET.Element, parent: int, depth: int) -> None:
        code = bare_code(element.findtext("name") or "")
        kind = NodeKind.CATEGORY if depth == 0 else NodeKind.SUBCATEGORY
        node = self.add(element, code, _clean(element.findtext("desc")), kind, parent)
        for child in element.findall("diag"):
            self.diag(child, node, depth + 1)
        self.close(node)


def parse_tabular(xml_text: str, version: DataVersion, code_list: str | None = None) -> Tabular:
    """Every chapter, block and code of the tabular, in its order, with notes and 7th-character
    tables; ``code_list`` (the CDC's list of every code, one a line) marks the derived
    seventh-character codes that do not exist."""
    root = ET.fromstring(xml_text)
    builder = _Builder(version)
    for chapter in root.iter("chapter"):
        number = _clean(chapter.findtext("name"))
        ch = builder.add(chapter, number, _clean(chapter.findtext("desc")), NodeKind.CHAPTER, -1)
        for section in chapter.findall("section"):
            block_id = section.get("id", "")
            block = builder.add(section, block_id, _clean(section.findtext("desc")), NodeKind.BLOCK, ch)
            for diag in section.findall("diag"):
                builder.diag(diag, block, 0)
            builder.close(block)
        builder.close(ch)
    tab = builder.tab
    if code_list is not None:
        listed = set(code_list.split())
        tab.not_reportable = frozenset(
            code
            for node in range(len(tab))
            if tab.is_code(node) and tab.is_leaf(node)
            for code, _ in _derived(tab, node)
            if code not in listed
        )
    return tab


def _derived(tab: Tabular, node: int) -> list[tuple[str, str]]:
    found = tab.seventh_table(node)
    return [(placeholder_form(tab.codes[node], c), m) for c, m in found[1]] if found else []


def tabular_year(xml_text: str) -> int | None:
    """The fiscal year the file declares in its ``<version>`` element."""
    match = re.search(r"<version>\s*(\d{4})\s*</version>", xml_text[:2000])
    return int(match.group(1)) if match else None

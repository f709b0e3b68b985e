"""The curated lay-term and abbreviation list (``knowledge/codes/synonyms.yaml``): what members
type ("heart attack", "sob", "ckd") -> the words the tabular uses.

Validated like the rest of the content: every problem is reported as ``file: entry: problem``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.content.checks import Checker, Field, is_text
from bot.core.content.problems import ContentError, Problem, display_path

from .words import STOPWORDS, stem, words

SYNONYMS_FILE = Path("codes") / "synonyms.yaml"  # under the knowledge directory
_FIELDS = {"term": Field(str, required=True), "means": Field(str, required=True), "note": Field(str)}
MAX_TERM_WORDS = 5
# Words that may sit inside a lay phrase without breaking it ("broken left wrist").
SIDE_WORDS = frozenset({"left", "right", "bilateral", "both"})


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Phrases (as word tuples) and what they stand for, longest phrase first when applied."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]

    @property
    def longest(self) -> int:
        return max((len(p) for p in self.phrases), default=0)

    def expand(self, query: list[str]) -> list[str]:
        """``query``'s words with every known phrase replaced by its meaning (longest match
        first). A side word inside a phrase ("broken left wrist") is kept, after the meaning."""
        out: list[str] = []
        i = 0
        longest = self.longest
        while i < len(query):
            for size in range(min(longest, len(query) - i), 0, -1):
                found = self._match(query, i, size)
                if found is not None:
                    meaning, end, sides = found
                    out.extend(meaning)
                    out.extend(sides)
                    i = end
                    break
            else:
                out.append(query[i])
                i += 1
        return out

    def _match(
        self, query: list[str], start: int, size: int
    ) -> tuple[tuple[str, ...], int, list[str]] | None:
        """The meaning of the ``size``-word phrase at ``start`` (side words inside it skipped),
        where it ends, and the side words skipped."""
        taken: list[str] = []
        sides: list[str] = []
        end = start
        while end < len(query) and len(taken) < size:
            word = query[end]
            if taken and word in SIDE_WORDS:
                sides.append(word)
            else:
                taken.append(word)
            end += 1
        meaning = self.phrases.get(tuple(taken)) if len(taken) == size else None
        return None if meaning is None else (meaning, end, sides)


NO_SYNONYMS = Synonyms({})


def read_synonyms(path: Path, root: Path | None = None) -> tuple[Synonyms, list[Problem]]:
    """The list in ``path`` and every problem found in it."""
    ck = Checker(display_path(path, root))
    ok, data = ck.read_yaml(path)
    if not ok:
        return NO_SYNONYMS, ck.problems
    if not isinstance(data, dict) or set(data) != {"kind", "entries"} or data.get("kind") != "code-synonyms":
        ck.add(None, "the synonym list must be a mapping with 'kind: code-synonyms' and 'entries'")
        return NO_SYNONYMS, ck.problems
    entries = data["entries"]
    if not isinstance(entries, list) or not entries:
        ck.add(None, "'entries' must be a non-empty list")
        return NO_SYNONYMS, ck.problems
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for index, raw in enumerate(entries):
        _entry(ck, raw, index, phrases)
    return Synonyms(phrases), ck.problems


def _entry(ck: Checker, raw: Any, index: int, phrases: dict[tuple[str, ...], tuple[str, ...]]) -> None:
    name = raw.get("term") if isinstance(raw, dict) and is_text(raw.get("term")) else f"entry #{index + 1}"
    if not ck.mapping(raw, _FIELDS, name):
        return
    term, means = tuple(words(raw["term"])), tuple(words(raw["means"]))
    if not term or not means:
        ck.add(name, "term and means need at least one letter or digit each")
    elif len(term) > MAX_TERM_WORDS:
        ck.add(name, f"term has {len(term)} words; at most {MAX_TERM_WORDS}")
    elif term == means:
        ck.add(name, "means is the same as the term")
    elif term in phrases:
        ck.add(name, f"duplicate term (also defined as {' '.join(phrases[term])!r})")
    else:
        phrases[term] = means


def unknown_words(synonyms: Synonyms, known: Callable[[str], bool], file: str) -> list[Problem]:
    """A problem for every meaning with a word the tabular never uses (a typo there would make
    the term find nothing)."""
    problems: list[Problem] = []
    for term, means in synonyms.phrases.items():
        missing = [w for w in means if w not in STOPWORDS and not known(stem(w))]
        if missing:
            words_ = ", ".join(repr(w) for w in missing)
            problems.append(
                Problem(file, " ".join(term), f"means has words the ICD-10-CM tabular never uses: {words_}")
            )
    return problems


def load_synonyms(knowledge_dir: Path) -> Synonyms:
    """The validated list under ``knowledge_dir``, or ``ContentError`` naming every problem."""
    synonyms, problems = read_synonyms(knowledge_dir / SYNONYMS_FILE, knowledge_dir.parent)
    if problems:
        raise ContentError(problems)
    return synonyms

"""ICD-10-CM look-up and search for both adapters: /code lookup, /code search, autocomplete,
a header's children page by page, and free-form code questions routed here.

The data loads lazily: the first call loads (or first builds) the cache in a worker thread,
never on the event loop; every later call is a dictionary hit or an index search in memory.
Every result carries the data's version and whether it is older than the current fiscal year.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.clock import utcnow
from ..core.codes.book import CodeBook, CodeEntry, CodeProblem, Line
from ..core.codes.evidence import ClinicalEvidence
from ..core.codes.format import bare_code, format_problem
from ..core.codes.index import SearchIndex
from ..core.codes.model import DataVersion, Tabular
from ..core.codes.questions import CodeIntent, CodeQuestion, code_question, current_fiscal_year
from ..core.codes.search import Hit, Searcher
from ..core.codes.synonyms import NO_SYNONYMS, Synonyms
from .codes_data import CodeData, load_code_data
from .common import Clock

log = logging.getLogger("certcoach.codes")

SEARCH_LIMIT = 10
PAGE_SIZE = 15
AUTOCOMPLETE_LIMIT = 25
MAX_QUERY_CHARS = 200


@dataclass(frozen=True, slots=True)
class DataStatus:
    """The installed code set and the fiscal year in force today."""

    version: DataVersion
    current_year: int

    @property
    def outdated(self) -> bool:
        return self.version.fiscal_year < self.current_year


@dataclass(frozen=True, slots=True)
class LookupResult:
    entry: CodeEntry | CodeProblem
    status: DataStatus


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    status: DataStatus


@dataclass(frozen=True, slots=True)
class ChildrenPage:
    code: str  # dotted
    description: str
    lines: tuple[Line, ...]
    page: int  # from 1
    pages: int
    total: int
    status: DataStatus


@dataclass(frozen=True, slots=True)
class CodeAnswer:
    """A free-form code question and what answers it (one look-up per code named, or a search)."""

    question: CodeQuestion
    results: tuple[LookupResult | SearchResult, ...]


@dataclass(frozen=True, slots=True)
class _Loaded:
    book: CodeBook
    searcher: Searcher
    evidence: ClinicalEvidence


class CodesService:
    def __init__(
        self,
        cache_dir: Path,
        synonyms: Synonyms = NO_SYNONYMS,
        *,
        clock: Clock = utcnow,
        loader: Callable[[Path], CodeData] = load_code_data,
    ) -> None:
        self.cache_dir = cache_dir
        self.synonyms = synonyms
        self.clock = clock
        self._loader = loader
        self._loaded: _Loaded | None = None
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[_Loaded] | None = None
        # Until the data is loaded, only the synonym list's lay terms and abbreviations count.
        self._early_evidence = ClinicalEvidence(SearchIndex(), synonyms)

    # ------------------------------------------------------------------ loading

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _load(self) -> _Loaded:
        data = self._loader(self.cache_dir)
        return _Loaded(
            CodeBook(data.tab),
            Searcher(data.tab, data.index, self.synonyms),
            ClinicalEvidence(data.index, self.synonyms),
        )

    async def ready(self) -> _Loaded:
        """The loaded data; the first caller loads it in a worker thread, the others wait."""
        if self._loaded is not None:
            return self._loaded
        async with self._lock:
            if self._loaded is None:
                self._loaded = await asyncio.to_thread(self._load)
                # The data lives as long as the process: move it out of the collector's sight,
                # so a full collection during a search does not walk its ~100,000 objects.
                gc.freeze()
                log.info("ICD-10-CM data ready (%s)", self._loaded.book.tab.version.label)
        return self._loaded

    def start_loading(self) -> None:
        """Begin loading in the background (autocomplete must answer within Discord's 3 s)."""
        if self._loaded is None and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self.ready())

    def load_now(self) -> None:
        """Load in the calling thread: for command-line tools, never on the event loop."""
        if self._loaded is None:
            self._loaded = self._load()

    def tabular(self) -> Tabular:
        """The loaded tabular; call after ``ready()`` or ``load_now()``."""
        if self._loaded is None:
            raise RuntimeError("the ICD-10-CM data is not loaded yet")
        return self._loaded.book.tab

    def clinical_evidence(self, terms: str, known: Callable[[str], float]) -> float:
        """The router's clinical signal (:class:`~bot.core.router.clinical.ClinicalSignal`).

        Never blocks: before the data is loaded it starts the load (when an event loop runs)
        and answers from the synonym list alone."""
        loaded = self._loaded
        if loaded is None:
            with contextlib.suppress(RuntimeError):  # no event loop: a tool loads with load_now
                self.start_loading()
            return self._early_evidence(terms, known)
        return loaded.evidence(terms, known)

    def blocking_evidence(self, terms: str, known: Callable[[str], float]) -> float:
        """:meth:`clinical_evidence` after loading the data in this thread (command-line tools)."""
        self.load_now()
        return self.clinical_evidence(terms, known)

    def status_of(self, loaded: _Loaded) -> DataStatus:
        return DataStatus(loaded.book.tab.version, current_fiscal_year(self.clock().date()))

    # ------------------------------------------------------------------ members' calls

    async def lookup(self, text: str) -> LookupResult:
        text = text[:MAX_QUERY_CHARS]
        problem = format_problem(text)
        loaded = await self.ready()
        status = self.status_of(loaded)
        if problem is not None:
            guess = self._guess(loaded, text)
            if guess and not any(ch.isdigit() for ch in text):
                words = repr(text.strip()[:40])
                problem = f"{words} is words, not a code: these codes match them (or use /code search)."
            return LookupResult(CodeProblem(text.strip()[:20], problem, guess), status)
        return LookupResult(loaded.book.lookup(text), status)

    def _guess(self, loaded: _Loaded, text: str) -> tuple[Line, ...]:
        """For a malformed code made of words ("asthma"), what a search would find."""
        if not any(ch.isalpha() for ch in text) or len(text.strip()) < 3:
            return ()
        return tuple(_line(h) for h in loaded.searcher.search(text, 5))

    async def search(self, text: str, limit: int = SEARCH_LIMIT) -> SearchResult:
        text = " ".join(text.split())[:MAX_QUERY_CHARS]
        loaded = await self.ready()
        return SearchResult(text, tuple(self._search(loaded, text, limit)), self.status_of(loaded))

    def _search(self, loaded: _Loaded, text: str, limit: int) -> list[Hit]:
        # A question typed into search ("what's the code for …", "what does J45.909 mean").
        question = code_question(text)
        if question is not None and question.terms:
            text = question.terms
        for code in question.codes if question is not None else (text,):
            # A code typed into search: that code first, then the codes under it.
            found = loaded.book.lookup(code) if format_problem(code) is None else None
            if isinstance(found, CodeEntry):
                return [_entry_hit(found), *(_line_hit(c) for c in found.children[: limit - 1])]
        return loaded.searcher.search(text, limit)

    async def children(self, code: str, page: int = 1) -> ChildrenPage | LookupResult:
        """One page of a header's reportable children (or a six-character base's 7th characters)."""
        looked = await self.lookup(code)
        entry = looked.entry
        if isinstance(entry, CodeProblem) or not entry.children:
            return looked
        pages = max(1, -(-len(entry.children) // PAGE_SIZE))
        page = min(max(1, page), pages)
        lines = entry.children[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return ChildrenPage(
            entry.code, entry.description, lines, page, pages, len(entry.children), looked.status
        )

    async def autocomplete(self, current: str) -> list[tuple[str, str]]:
        """(label, value) pairs for /code lookup as the member types; nothing until loaded."""
        if self._loaded is None:
            self.start_loading()
            return []
        loaded = self._loaded
        current = current.strip()[:MAX_QUERY_CHARS]
        if not current:
            return []
        bare = bare_code(current)
        nodes = (
            loaded.book.with_prefix(bare, AUTOCOMPLETE_LIMIT)
            if bare[:1].isalpha() and bare[1:2].isdigit()
            else []
        )
        if nodes:
            lines = [loaded.book.line(n) for n in nodes]
        else:
            lines = [_line(h) for h in loaded.searcher.search(current, AUTOCOMPLETE_LIMIT, prefix_last=True)]
        return [(_label(line), line.code) for line in lines]

    async def answer(self, question: CodeQuestion) -> CodeAnswer:
        """A routed free-form question: a look-up per code it names, or a search."""
        if question.intent in (CodeIntent.LOOKUP, CodeIntent.BILLABLE):
            results: list[LookupResult | SearchResult] = [await self.lookup(c) for c in question.codes]
            return CodeAnswer(question, tuple(results))
        return CodeAnswer(question, (await self.search(question.terms, 5),))


def _label(line: Line) -> str:
    mark = "" if line.billable else " (header)"
    return f"{line.code} {line.description}{mark}"[:100]


def _line(hit: Hit) -> Line:
    return Line(hit.dotted, hit.description, hit.billable)


def _line_hit(line: Line) -> Hit:
    return Hit(bare_code(line.code), -1, line.description, line.billable, 0.0)


def _entry_hit(entry: CodeEntry) -> Hit:
    return Hit(bare_code(entry.code), -1, entry.description, entry.billable, 0.0)

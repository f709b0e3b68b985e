"""ICD-10-CM answers as cards: a code's entry, a malformed or unknown code, search results,
a page of a header's codes, a free-form code answer, and the polite refusal to code a real
patient's record or claim.

Every card names the code set (ICD-10-CM FY2026 and its release) and, when the installed data
is older than the fiscal year in force, says so. ICD-10-CM text is public; no CPT text is
ever shown.
"""

from __future__ import annotations

from bot.core.codes.book import CodeEntry, CodeProblem, Line
from bot.core.codes.model import NOTE_TITLES, NodeKind
from bot.core.codes.questions import CodeIntent
from bot.core.text import truncate
from bot.services.codes import ChildrenPage, CodeAnswer, DataStatus, LookupResult, SearchResult

from .model import Card, Code, Inline, Strong

REMINDER = "Study aid only: real claims need the full code book and the ICD-10-CM Official Guidelines."
SHOWN_CHILDREN = 10
SHOWN_NOTE_LINES = 12
NOTE_LINE_CHARS = 300
RESULTS_PER_FIELD = 5  # ten results of ~200 characters would overflow one field (1,024)


def version_text(status: DataStatus) -> str:
    """Which code set answered, and whether it is out of date."""
    version = status.version
    text = f"Code set: {version.label} (CDC tabular, {version.release})."
    if status.outdated:
        text += (
            f" FY{status.current_year} has been in effect since October 1, {status.current_year - 1}; "
            f"this {version.label} data is older, so check new, revised and deleted codes."
        )
    return text


def _footer(card: Card, status: DataStatus) -> Card:
    card.hint = f"{version_text(status)}\n{REMINDER}"
    return card


def _line(line: Line) -> tuple[Inline, ...]:
    mark = (
        "" if line.billable else " (add a 7th character)" if line.needs_seventh else " (header, not billable)"
    )
    return (Code(line.code), f" {truncate(line.description, 150)}{mark}")


def _lines(lines: tuple[Line, ...] | list[Line]) -> tuple[Inline, ...]:
    pieces: list[Inline] = []
    for line in lines:
        if pieces:
            pieces.append("\n")
        pieces += list(_line(line))
    return tuple(pieces)


def _line_fields(title: str, lines: tuple[Line, ...], more: str = "") -> list[tuple[str, tuple[Inline, ...]]]:
    """Lines as fields of five (a field holds 1,024 characters; a code's line can be ~200)."""
    fields: list[tuple[str, tuple[Inline, ...]]] = []
    for start in range(0, len(lines), RESULTS_PER_FIELD):
        fields.append(
            (title if not start else f"{title} (continued)", _lines(lines[start : start + RESULTS_PER_FIELD]))
        )
    if more and fields:
        name, value = fields[-1]
        fields[-1] = (name, (*value, more))
    return fields


def billable_text(entry: CodeEntry) -> str:
    if entry.billable:
        return f"Billable: yes, {entry.code} can be reported as it is."
    if entry.needs_seventh:
        return f"Billable: no, {entry.code} needs a seventh character (see the table below)."
    return f"Billable: no, {entry.code} is a header: report one of the {len(entry.children)} codes under it."


def _verdict(description: str) -> str:
    """The billable line as the answer to "is X billable?"."""
    return description.replace("Billable: yes, ", "Yes: ", 1).replace("Billable: no, ", "No: ", 1)


def _hierarchy(entry: CodeEntry) -> str:
    block = entry.block
    # The tabular's block titles already end with their range: "... diseases (J40-J4A)".
    ranged = block.description.endswith(f"({block.code})")
    shown = f"Block: {block.description}" if ranged else f"Block {block.code}: {block.description}"
    parts = [f"{entry.chapter.code}: {entry.chapter.description}", shown]
    if entry.category is not None:
        parts.append(f"Category {entry.category.code}: {entry.category.description}")
    return "\n".join(parts)


def _note_fields(entry: CodeEntry) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for level in entry.notes:
        where = level.code
        for kind, lines in level.notes:
            if kind == "notes" and level.kind == NodeKind.CHAPTER:
                continue  # the chapter's introduction: long, and the same for every code in it
            shown = [f"- {truncate(line, NOTE_LINE_CHARS)}" for line in lines[:SHOWN_NOTE_LINES]]
            if len(lines) > SHOWN_NOTE_LINES:
                shown.append(f"… and {len(lines) - SHOWN_NOTE_LINES} more")
            fields.append((f"{NOTE_TITLES[kind]} (at {where})", "\n".join(shown)))
    return fields


def _seventh_field(entry: CodeEntry) -> tuple[str, str] | None:
    seventh = entry.seventh
    if seventh is None:
        return None
    rows = [f"{char}: {meaning}" for char, meaning in seventh.table]
    if seventh.chosen:
        rows = [f"{row}  <- this code" if row.startswith(f"{seventh.chosen}:") else row for row in rows]
    lines = [*seventh.note, *rows]
    if seventh.placeholder:
        lines.append(
            f"Placeholder X: the code has fewer than six characters, so X fills the empty places "
            f"before the seventh ({seventh.example})."
        )
    else:
        lines.append(f"Example: {seventh.example}")
    return (f"Seventh character (table at {seventh.defined_at})", "\n".join(lines))


def lookup_card(result: LookupResult) -> Card:
    """/code lookup CODE."""
    entry = result.entry
    if isinstance(entry, CodeProblem):
        return problem_card(entry, result.status)
    card = Card(
        title=f"{entry.code}: {entry.description}",
        description=f"{billable_text(entry)}\n\n{_hierarchy(entry)}",
    )
    seventh = _seventh_field(entry)
    if entry.children and not entry.needs_seventh:
        shown = entry.children[:SHOWN_CHILDREN]
        more = len(entry.children) - len(shown)
        tail = f"\n… and {more} more (use the buttons, or look one up)" if more else ""
        card.fields += _line_fields(f"Codes under {entry.code} ({len(entry.children)})", shown, tail)
    if seventh:
        card.fields.append(seventh)  # before the notes: Discord keeps the first 25 fields
    card.fields += _note_fields(entry)
    return _footer(card, result.status)


def problem_card(problem: CodeProblem, status: DataStatus) -> Card:
    card = Card(title=f"Not a valid code: {problem.text}", description=problem.problem, matched=False)
    if problem.nearest:
        card.fields += _line_fields("Nearest valid codes", problem.nearest)
    return _footer(card, status)


def search_card(result: SearchResult) -> Card:
    """/code search WORDS."""
    if not result.hits:
        card = Card(
            title=f"No ICD-10-CM codes found for: {result.query}",
            description="Try other words: the condition's clinical name, a body site, or fewer words.",
            matched=False,
        )
        return _footer(card, result.status)
    fields: list[tuple[str, tuple[Inline, ...]]] = []
    for start in range(0, len(result.hits), RESULTS_PER_FIELD):
        pieces: list[Inline] = []
        for n, hit in enumerate(result.hits[start : start + RESULTS_PER_FIELD], start + 1):
            if pieces:
                pieces.append("\n")
            pieces += [f"{n}. ", Code(hit.dotted), f" {truncate(hit.description, 150)}"]
            if not hit.billable:
                pieces.append(" (header, not billable)")
            if hit.matched:
                pieces.append(f" [matched: {truncate(hit.matched, 60)}]")
        fields.append(("Best matches first" if not start else "More matches", tuple(pieces)))
    card = Card(title=f"ICD-10-CM codes for: {result.query}", fields=list(fields))
    card.notes.append("Search ranks likely codes; confirm the code in the Alphabetic Index and the Tabular.")
    return _footer(card, result.status)


def children_card(page: ChildrenPage) -> Card:
    """A page of a header's codes (buttons in Discord move between pages)."""
    card = Card(
        title=f"{page.code}: {page.description}",
        description=f"{page.total} codes under {page.code}, page {page.page} of {page.pages}.",
    )
    card.fields += _line_fields("Codes", page.lines)
    return _footer(card, page.status)


def code_answer_card(answer: CodeAnswer) -> Card:
    """A free-form code question answered by the code tools."""
    first = answer.results[0]
    if isinstance(first, SearchResult):
        card = search_card(first)
        card.hint = f"More: /code search {first.query}\n{card.hint}"
        return card
    card = lookup_card(first)
    entry = first.entry
    if answer.question.intent == CodeIntent.BILLABLE and isinstance(entry, CodeEntry):
        card.description = _verdict(card.description)
    others = [
        r.entry.code
        for r in answer.results[1:]
        if isinstance(r, LookupResult) and isinstance(r.entry, CodeEntry)
    ]
    if others:
        card.notes.append("You named more codes: " + ", ".join(others) + " (look each up with /code lookup).")
    return card


def personal_decline_card() -> Card:
    """A request to code a real patient's record or claim."""
    card = Card(
        title="I can't code a real patient's record or claim",
        description=(
            "Coding a specific patient's chart or a real claim needs the full record, the code book, "
            "the Official Guidelines and a credentialed coder, and the record must not be shared here."
        ),
        matched=False,
    )
    card.fields.append(
        (
            "What I can do",
            (
                Strong("Look up a code"),
                ": ",
                Code("/code lookup J45.909"),
                "\n",
                Strong("Find codes for a condition"),
                ": ",
                Code("/code search mild intermittent asthma"),
                "\nExplain conventions (Excludes1, code first, seventh characters) and quiz you on them.",
            ),
        )
    )
    card.hint = REMINDER
    return card

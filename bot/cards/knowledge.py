"""Knowledge answers as cards: a credential, one fact, a comparison, a topic, a decline.

Building them here keeps the wording of every answer (the guide's figure, the current fact,
"please confirm with AAPC") in one place for both adapters. Builders take the knowledge base
for citations and related entries, and the results of :mod:`bot.services.knowledge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.core.knowledge.model import BODIES, FACET_TITLES, FACETS, Credential, Fact, KnowledgeBase, Topic
from bot.core.router.routes import NAME_FACET, Route, Suggestion
from bot.core.text import first_sentences
from bot.services.knowledge import AskResult, Comparison, Overview, UnknownName, UnknownSetting

from .knowledge_sources import answer_key, attribution, official_first, parse_key, pick
from .model import Card, Table

# The seed guide is undated; its figures predate the CPC's 2022 exam change.
GUIDE_ERA = "written before 2022"
MAX_FOOTER = 300  # a footer is read at a glance: what to ask next, never a bibliography
COMPARE_CELL = 220  # characters of each part of a comparison cell (today's fact, the guide's)
NAME_CONTEXT = 240  # the summary's opening under "X stands for": what it is for, former names

COMPARE_ROWS: tuple[tuple[str, str], ...] = (
    ("body", "Certifying body"),
    ("settings", "Where holders work"),
    ("exam", "Exam"),
    ("eligibility", "Eligibility"),
    ("cost", "Fees and dues"),
    ("salary", "Salary"),
    ("difficulty", "Difficulty"),
    ("recertification", "Recertification"),
)


def guide_said(text: str) -> str:
    """A text that gives the guide's figure, marked as older than the current fact."""
    if text.startswith("The guide "):
        return f"The guide ({GUIDE_ERA}) " + text[len("The guide ") :]
    if text.startswith("The guide's "):
        return f"{GUIDE_ERA.capitalize()}, the guide's " + text[len("The guide's ") :]
    return f"Earlier: {text}"


def fact_text(
    kb: KnowledgeBase, fact: Fact, *, brief: bool = False, limit: int = 260, today: str = "Today"
) -> str:
    """A fact as a member reads it: what is true today first (whose, and when read), then the
    guide's older figure, attributed."""

    def shorten(text: str) -> str:
        return first_sentences(text, limit) if brief else text

    if not fact.update:
        return shorten(fact.text)
    current = f"{today}: {shorten(fact.update.current)} ({attribution(kb, fact.update)})"
    return f"{current}\n{shorten(guide_said(fact.text))}"


def related_hint(kb: KnowledgeBase, ids: Iterable[str]) -> str:
    """Up to five related entries, as many as fit the footer's :data:`MAX_FOOTER` characters."""
    hint = ""
    for title in [kb.title_of(r) for r in ids if kb.entry(r)][:5]:
        longer = f"{hint}, {title}" if hint else f"Related: {title}"
        if len(longer) > MAX_FOOTER:
            break
        hint = longer
    return hint


def _confirm_note(bodies: set[str]) -> str:
    names = " or ".join(sorted(bodies))
    return f"Figures change: confirm the current ones with {names} before you rely on them."


def _confirms(facts: Iterable[Fact]) -> set[str]:
    return {fact.update.confirm for fact in facts if fact.update}


def _set_sources(
    kb: KnowledgeBase, card: Card, key: str, carrying: Sequence[str], everything: Sequence[str]
) -> None:
    card.sources, card.sources_all = pick(kb, carrying, everything)
    card.sources_hidden = len(card.sources_all) - len(card.sources)
    card.sources_key = key


def credential_card(kb: KnowledgeBase, cred: Credential) -> Card:
    """A credential asked about generally: the summary, then today's exam, then the rest."""
    body = BODIES.get(cred.body, cred.body)
    exam = cred.facts.get("exam")
    description = cred.summary
    if exam is not None:
        description += "\n\n" + (
            fact_text(kb, exam, today="Exam today") if exam.update else f"Exam: {exam.text}"
        )
    card = Card(title=cred.title, description=description)
    card.fields.append(("Certifying body", body))
    facts = [cred.facts[f] for f in FACETS if f in cred.facts]
    for facet in FACETS:
        if facet in cred.facts and facet != "exam":
            card.fields.append((FACET_TITLES[facet], fact_text(kb, cred.facts[facet])))
    exam_ids = official_first(kb, exam.source_ids())[:1] if exam else []
    carrying = [*exam_ids, *official_first(kb, cred.sources)[:1], *cred.sources]
    everything = [s for f in facts for s in f.source_ids()]
    _set_sources(kb, card, answer_key("c", cred.id), carrying, everything)
    if confirm := _confirms(facts):
        card.notes.append(_confirm_note(confirm))
    card.hint = related_hint(kb, cred.related)
    return card


def fact_card(kb: KnowledgeBase, cred: Credential, facet: str) -> Card:
    fact = cred.facts.get(facet)
    if fact is None:
        # Specialty credentials carry few facts: say so, then show what we do know.
        card = credential_card(kb, cred)
        missing = FACET_TITLES[facet].lower()
        card.notes.insert(0, f"I don't have {missing} details for the {cred.abbr} yet; here is what I know.")
        return card
    card = Card(title=f"{cred.abbr}: {FACET_TITLES[facet]}", description=fact_text(kb, fact))
    current = official_first(kb, fact.update.sources) if fact.update else []
    carrying = [*current[:2], *fact.sources, *current[2:]]
    _set_sources(kb, card, answer_key("f", cred.id, facet), carrying, fact.source_ids())
    if confirm := _confirms([fact]):
        card.notes.append(_confirm_note(confirm))
    card.hint = f"More about the {cred.abbr}: /cert {cred.abbr}"
    return card


def name_card(kb: KnowledgeBase, cred: Credential) -> Card:
    """What the abbreviation stands for and who offers it ("what does CCS stand for"), then the
    summary's opening: what it is for, and a former name ("formerly CPC-H") when there is one."""
    body = BODIES.get(cred.body, cred.body)
    card = Card(
        title=f"{cred.abbr}: {cred.name}",
        description=f"{cred.abbr} stands for {cred.name}, a credential offered by {body}.\n\n"
        + first_sentences(cred.summary, NAME_CONTEXT),
    )
    card.sources = kb.cite(cred.sources)[:2]
    card.hint = f"More about the {cred.abbr}: /cert {cred.abbr}"
    return card


def compare_card(kb: KnowledgeBase, first: Credential, second: Credential) -> Card:
    if first.id == second.id:
        card = credential_card(kb, first)
        card.notes.insert(0, f"Both names are the {first.abbr}, so here is its card instead of a comparison.")
        return card
    rows: list[tuple[str, ...]] = []
    facts: list[Fact] = []
    for key, label in COMPARE_ROWS:
        cells: list[str] = [label]
        for cred in (first, second):
            if key == "body":
                cells.append(cred.body)
                continue
            fact = cred.facts.get(key)
            if fact:
                facts.append(fact)
            cells.append(
                fact_text(kb, fact, brief=True, limit=COMPARE_CELL)
                if fact
                else "No details in the knowledge base"
            )
        rows.append(tuple(cells))
    card = Card(
        title=f"{first.abbr} vs {second.abbr}",
        description=f"{first.abbr}: {first.summary}\n{second.abbr}: {second.summary}",
        # An empty first header marks a comparison: a row label, then one value per credential.
        table=Table(("", first.abbr, second.abbr), rows),
    )
    lead = [*official_first(kb, first.sources)[:1], *official_first(kb, second.sources)[:1]]
    carrying = [*lead, *first.sources, *second.sources]
    everything = [*first.sources, *second.sources, *(s for f in facts for s in f.source_ids())]
    _set_sources(kb, card, answer_key("x", first.id, second.id), carrying, everything)
    if confirm := _confirms(facts):
        card.notes.append(_confirm_note(confirm))
    card.hint = f"Full details: /cert {first.abbr} or /cert {second.abbr}"
    return card


def topic_card(kb: KnowledgeBase, topic: Topic) -> Card:
    """A topic: what is true today first when it has changed, then the text, then its sections."""
    if topic.update:
        today = f"Today: {topic.update.current} ({attribution(kb, topic.update)})"
        card = Card(title=topic.title, description=f"{today}\n\n{guide_said(topic.text)}")
        card.notes.append(_confirm_note({topic.update.confirm}))
    else:
        card = Card(title=topic.title, description=topic.text)
    card.fields = [(s.heading, s.text) for s in topic.sections]
    lead = official_first(kb, topic.update.sources)[:1] if topic.update else []
    everything = [*topic.sources, *(topic.update.sources if topic.update else ())]
    _set_sources(kb, card, answer_key("t", topic.id), [*lead, *topic.sources], everything)
    card.hint = related_hint(kb, topic.related)
    return card


def decline_card(suggestions: tuple[Suggestion, ...]) -> Card:
    text = (
        "I don't know that one. I answer questions about medical-coding certifications "
        "(CPC, CCS, CCA, CIC, CCS-P, CRC, COC, CPC-P and the AAPC specialty credentials), "
        "studying, exam day and keeping your credential."
    )
    card = Card(title="Sorry, I don't have an answer for that", description=text, matched=False)
    if suggestions:
        card.fields.append(("Did you mean", "\n".join(f"- {s.title}" for s in suggestions)))
    card.hint = "Try /certs for the list of credentials, or /help."
    return card


def certs_overview_card(kb: KnowledgeBase, overview: Overview) -> Card:
    card = Card(
        title="Medical-coding certifications",
        description=(
            "The two gold standards are the CPC (AAPC, outpatient/physician offices) and the "
            "CCS (AHIMA, hospital inpatient). Ask /cert NAME for any of these."
        ),
    )
    rows: list[tuple[str, ...]] = [(c.abbr, c.name, c.body) for c in overview.core]
    card.table = Table(("Credential", "Name", "Body"), rows)
    if overview.specialties:
        card.fields.append(
            (
                f"AAPC specialty credentials ({len(overview.specialties)})",
                ", ".join(c.abbr for c in overview.specialties),
            )
        )
    if overview.neighbours:
        card.fields.append(
            (
                "Related credentials (short entries, not covered in depth)",
                ", ".join(c.abbr for c in overview.neighbours),
            )
        )
    card.sources = kb.cite(["guide"])
    return card


def unknown_credential_card(unknown: UnknownName) -> Card:
    shown = unknown.name if len(unknown.name) <= 40 else unknown.name[:37] + "..."
    card = Card(
        title="Unknown certification",
        description=f'I don\'t know a certification called "{shown}".',
        matched=False,
    )
    if unknown.suggestions:
        card.fields.append(("Did you mean", "\n".join(f"- {c.abbr}: {c.name}" for c in unknown.suggestions)))
    elif unknown.known:
        card.fields.append(("Credentials I know", ", ".join(c.abbr for c in unknown.known)))
    card.hint = "See /certs for every credential I know, including the AAPC specialty ones."
    return card


def unknown_setting_card(unknown: UnknownSetting) -> Card:
    return Card(
        title="Unknown setting",
        description=f"Choose one of: {', '.join(unknown.choices)}.",
        matched=False,
    )


def code_pointer_card(route: Route) -> Card:
    """A code question where the code tools are not loaded (``python -m bot ask``)."""
    code = route.code
    target = (
        f"/code lookup {code.codes[0]}"
        if code and code.codes
        else f"/code search {code.terms if code else ''}"
    )
    return Card(
        title="That is a code question",
        description=f"Ask the code tools: {target.strip()} (in Discord or the console).",
        matched=False,
    )


def procedure_code_card() -> Card:
    """A CPT or HCPCS code question: the bot looks up ICD-10-CM only."""
    card = decline_card(())
    card.description = (
        "I look up ICD-10-CM diagnosis codes only (/code lookup, /code search). CPT descriptors are "
        "the AMA's copyrighted text, so I don't look up CPT codes; use your CPT code book."
    )
    return card


def _code_route_card(route: Route) -> Card | None:
    """The code tools' pointer, or the refusals about codes (a real case, a procedure code)."""
    if route.kind == "code":
        return code_pointer_card(route)
    if route.kind != "none":
        return None
    if route.reason == "a specific patient or claim":
        from .codes import personal_decline_card

        return personal_decline_card()
    if route.reason == "code lookup":
        return procedure_code_card()
    return None


def route_card(kb: KnowledgeBase, route: Route) -> Card:
    """The card for a routed question."""
    about_codes = _code_route_card(route)
    if about_codes is not None:
        return about_codes
    if route.kind == "compare":
        first, second = (kb.credentials[i] for i in route.entry_ids)
        return compare_card(kb, first, second)
    if route.kind == "fact" and route.facet:
        cred = kb.credentials[route.entry_ids[0]]
        return name_card(kb, cred) if route.facet == NAME_FACET else fact_card(kb, cred, route.facet)
    if route.kind == "credential":
        return credential_card(kb, kb.credentials[route.entry_ids[0]])
    if route.kind == "topic":
        return topic_card(kb, kb.topics[route.entry_ids[0]])
    return decline_card(route.suggestions)


def sources_card(kb: KnowledgeBase, key: str) -> Card:
    """Every source of the answer ``key`` names (a Sources button), each with its date."""
    ref = parse_key(kb, key)
    if ref is None:
        return Card(
            title="Sources",
            description="That answer is no longer in the knowledge base; ask again for a fresh one.",
            matched=False,
        )
    creds = kb.credentials
    if ref.kind == "f":
        answer = fact_card(kb, creds[ref.ids[0]], ref.ids[1])
    elif ref.kind == "x":
        answer = compare_card(kb, creds[ref.ids[0]], creds[ref.ids[1]])
    elif ref.kind == "t":
        answer = topic_card(kb, kb.topics[ref.ids[0]])
    else:
        answer = credential_card(kb, creds[ref.ids[0]])
    return Card(title=f"Sources: {answer.title}", sources=answer.sources_all, sources_dated=True)


def with_all_sources(card: Card) -> Card:
    """``card`` listing every source of its answer, each dated (``--sources``, ``sources:True``)."""
    if card.sources_all:
        card.sources, card.sources_hidden, card.sources_dated = list(card.sources_all), 0, True
    return card


# ---------------------------------------------------------------- one per service call


def answer_card(kb: KnowledgeBase, result: AskResult, *, full_sources: bool = False) -> Card:
    """/ask, a mention, a DM, a console line."""
    card = route_card(kb, result.route)
    return with_all_sources(card) if full_sources else card


def cert_card(kb: KnowledgeBase, result: Credential | UnknownName, *, full_sources: bool = False) -> Card:
    """/cert NAME (``sources``: every source)."""
    if isinstance(result, UnknownName):
        return unknown_credential_card(result)
    card = credential_card(kb, result)
    return with_all_sources(card) if full_sources else card


def comparison_card(
    kb: KnowledgeBase, result: Comparison | UnknownName, *, full_sources: bool = False
) -> Card:
    """/compare FIRST SECOND (``sources``: every source)."""
    if isinstance(result, UnknownName):
        return unknown_credential_card(result)
    card = compare_card(kb, result.first, result.second)
    return with_all_sources(card) if full_sources else card


def path_card(kb: KnowledgeBase, result: Topic | UnknownSetting, *, full_sources: bool = False) -> Card:
    """/path SETTING (``sources``: every source)."""
    if isinstance(result, UnknownSetting):
        return unknown_setting_card(result)
    card = topic_card(kb, result)
    return with_all_sources(card) if full_sources else card

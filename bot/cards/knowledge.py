"""Knowledge answers as cards: a credential, one fact, a comparison, a topic, a decline.

Building them here keeps the wording of every answer (the guide's figure, the current fact,
"please confirm with AAPC") in one place for both adapters. Builders take the knowledge base
for citations and related entries, and the results of :mod:`bot.services.knowledge`.
"""

from __future__ import annotations

from bot.core.knowledge.model import BODIES, FACET_TITLES, FACETS, Credential, Fact, KnowledgeBase, Topic
from bot.core.router.routes import NAME_FACET, Route, Suggestion
from bot.core.text import first_sentences
from bot.services.knowledge import AskResult, Comparison, Overview, UnknownName, UnknownSetting

from .model import Card, Table

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


def fact_text(fact: Fact, *, brief: bool = False, limit: int = 260) -> str:
    """A fact as a member reads it: the text, and what has changed since (with its date)."""
    text = first_sentences(fact.text, limit) if brief else fact.text
    if fact.update:
        current = first_sentences(fact.update.current, limit) if brief else fact.update.current
        text += f"\nUpdate ({fact.update.as_of}): {current}"
    return text


def _confirm_note(bodies: set[str]) -> str:
    names = " or ".join(sorted(bodies))
    return (
        f"Some figures have changed since the guide was written; please confirm the "
        f"current ones with {names} before you rely on them."
    )


def _collect(entries_facts: list[Fact]) -> tuple[list[str], set[str]]:
    source_ids: list[str] = []
    confirm: set[str] = set()
    for fact in entries_facts:
        source_ids.extend(fact.source_ids())
        if fact.update:
            confirm.add(fact.update.confirm)
    return source_ids, confirm


def credential_card(kb: KnowledgeBase, cred: Credential) -> Card:
    body = BODIES.get(cred.body, cred.body)
    card = Card(title=cred.title, description=f"{cred.summary}\nCertifying body: {body}")
    facts = [cred.facts[f] for f in FACETS if f in cred.facts]
    for facet in FACETS:
        if facet in cred.facts:
            card.fields.append((FACET_TITLES[facet], fact_text(cred.facts[facet])))
    source_ids, confirm = _collect(facts)
    card.sources = kb.cite([*cred.sources, *source_ids])
    if confirm:
        card.notes.append(_confirm_note(confirm))
    related = [kb.title_of(r) for r in cred.related if kb.entry(r)]
    if related:
        card.hint = "Related: " + ", ".join(related[:5])
    return card


def fact_card(kb: KnowledgeBase, cred: Credential, facet: str) -> Card:
    fact = cred.facts.get(facet)
    if fact is None:
        # Specialty credentials carry few facts: say so, then show what we do know.
        card = credential_card(kb, cred)
        missing = FACET_TITLES[facet].lower()
        card.notes.insert(0, f"I don't have {missing} details for the {cred.abbr} yet; here is what I know.")
        return card
    card = Card(title=f"{cred.abbr}: {FACET_TITLES[facet]}", description=fact_text(fact))
    source_ids, confirm = _collect([fact])
    card.sources = kb.cite(source_ids)
    if confirm:
        card.notes.append(_confirm_note(confirm))
    card.hint = f"More about the {cred.abbr}: /cert {cred.abbr}"
    return card


def name_card(kb: KnowledgeBase, cred: Credential) -> Card:
    """What the abbreviation stands for and who offers it ("what does CCS stand for")."""
    body = BODIES.get(cred.body, cred.body)
    card = Card(
        title=f"{cred.abbr}: {cred.name}",
        description=f"{cred.abbr} stands for {cred.name}, a credential offered by {body}.",
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
                fact_text(fact, brief=True, limit=220) if fact else "No details in the knowledge base"
            )
        rows.append(tuple(cells))
    card = Card(
        title=f"{first.abbr} vs {second.abbr}",
        description=f"{first.abbr}: {first.summary}\n{second.abbr}: {second.summary}",
        # An empty first header marks a comparison: a row label, then one value per credential.
        table=Table(("", first.abbr, second.abbr), rows),
    )
    source_ids, confirm = _collect(facts)
    card.sources = kb.cite([*first.sources, *second.sources, *source_ids])
    if confirm:
        card.notes.append(_confirm_note(confirm))
    card.hint = f"Full details: /cert {first.abbr} or /cert {second.abbr}"
    return card


def topic_card(kb: KnowledgeBase, topic: Topic) -> Card:
    card = Card(title=topic.title, description=topic.text)
    card.fields = [(s.heading, s.text) for s in topic.sections]
    source_ids = list(topic.sources)
    if topic.update:
        card.fields.append((f"Update ({topic.update.as_of})", topic.update.current))
        source_ids.extend(topic.update.sources)
        card.notes.append(_confirm_note({topic.update.confirm}))
    card.sources = kb.cite(source_ids)
    related = [kb.title_of(r) for r in topic.related if kb.entry(r)]
    if related:
        card.hint = "Related: " + ", ".join(related[:5])
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


# ---------------------------------------------------------------- one per service call


def answer_card(kb: KnowledgeBase, result: AskResult) -> Card:
    """/ask, a mention, a DM, a console line."""
    return route_card(kb, result.route)


def cert_card(kb: KnowledgeBase, result: Credential | UnknownName) -> Card:
    """/cert NAME."""
    if isinstance(result, UnknownName):
        return unknown_credential_card(result)
    return credential_card(kb, result)


def comparison_card(kb: KnowledgeBase, result: Comparison | UnknownName) -> Card:
    """/compare FIRST SECOND."""
    if isinstance(result, UnknownName):
        return unknown_credential_card(result)
    return compare_card(kb, result.first, result.second)


def path_card(kb: KnowledgeBase, result: Topic | UnknownSetting) -> Card:
    """/path SETTING."""
    if isinstance(result, UnknownSetting):
        return unknown_setting_card(result)
    return topic_card(kb, result)

"""Knowledge answers for both adapters: /ask, /compare, /cert, /certs, /path, /help."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.answers import (
    Card,
    certs_overview_card,
    compare_card,
    credential_card,
    route_card,
    topic_card,
)
from ..core.knowledge.model import Credential, KnowledgeBase
from ..core.router.matcher import Matcher
from ..core.router.routes import Route

# /path choices -> topic ids in the knowledge base.
PATHS: dict[str, str] = {
    "outpatient": "path-outpatient",
    "inpatient": "path-inpatient",
    "payer": "path-payer",
    "risk-adjustment": "path-risk-adjustment",
}

MAX_QUESTION_CHARS = 4000


@dataclass(frozen=True)
class AskResult:
    question: str
    route: Route
    card: Card


class UnknownCredential(Exception):
    """A name that matches no credential; carries close suggestions."""

    def __init__(
        self, name: str, suggestions: list[Credential], known: list[Credential] | None = None
    ) -> None:
        self.name = name
        self.suggestions = suggestions
        self.known = known or []
        super().__init__(name)

    def card(self) -> Card:
        shown = self.name if len(self.name) <= 40 else self.name[:37] + "..."
        card = Card(
            title="Unknown certification",
            description=f'I don\'t know a certification called "{shown}".',
            matched=False,
        )
        if self.suggestions:
            card.fields.append(("Did you mean", "\n".join(f"- {c.abbr}: {c.name}" for c in self.suggestions)))
        elif self.known:
            card.fields.append(("Credentials I know", ", ".join(c.abbr for c in self.known)))
        card.hint = "See /certs for every credential I know, including the AAPC specialty ones."
        return card


class KnowledgeService:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)

    def ask(self, question: str) -> AskResult:
        question = question[:MAX_QUESTION_CHARS]
        route = self.matcher.route(question)
        return AskResult(question, route, route_card(self.kb, route))

    def credential(self, name: str) -> Credential:
        cred = self.matcher.find_credential(name)
        if cred is None:
            raise UnknownCredential(
                name.strip(), self.matcher.credential_suggestions(name), self.kb.core_credentials()
            )
        return cred

    def cert(self, name: str) -> Card:
        try:
            return credential_card(self.kb, self.credential(name))
        except UnknownCredential as exc:
            return exc.card()

    def compare(self, first: str, second: str) -> Card:
        try:
            a = self.credential(first)
            b = self.credential(second)
        except UnknownCredential as exc:
            return exc.card()
        return compare_card(self.kb, a, b)

    def certs(self) -> Card:
        return certs_overview_card(self.kb)

    def path(self, setting: str) -> Card:
        key = setting.strip().lower().replace(" ", "-")
        topic_id = PATHS.get(key)
        if topic_id is None or topic_id not in self.kb.topics:
            choices = ", ".join(PATHS)
            return Card(
                title="Unknown setting",
                description=f"Choose one of: {choices}.",
                matched=False,
            )
        return topic_card(self.kb, self.kb.topics[topic_id])

    def autocomplete(self, current: str) -> list[tuple[str, str]]:
        """(label, value) pairs for credential options; labels fit Discord's 100 characters."""
        return [(f"{c.abbr}: {c.name}"[:100], c.abbr) for c in self.matcher.autocomplete(current)]

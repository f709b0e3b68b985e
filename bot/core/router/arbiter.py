"""The learned intent model's say over the lexical router's route.

The lexical router (topic scorer, BM25, nearest examples, facet cues) decides first. The intent
model (``intent_model``) then reads the whole question. Its labels are first turned into the routes
this question can carry, and the probabilities of labels that give the same route are added up. A
credential's facet needs one subject credential (the only one named, less the member's own, or
where several are named the one the facet's clause names: ``focus``), its card one, or with two it
is their comparison; a comparison needs two named. Where none is named (or only ones set aside,
"not the CPC") and the model is sure a credential is meant, the subject is the one the message
describes (``described``: "health data analytics" is the CHDA). With one subject, a topic its card answers
(``FACET_TOPICS``: exam fees, CEU rules…) is that card's facet (so is it where a clause names the
subject), and a credential named by a status ("CPC-A") is the topic explaining that status, as the
router has them. Where the model's likeliest route differs from the router's, it wins only when it
is likely (``Thresholds``: ``switch``, or ``rescue`` to answer what the router declined, ``veto``
to decline what it answered) and clearly likelier than the router's own (``margin``); a message's
asked sentence must be declined on its own before the message is.

Never overruled: code routes, and declines for a reason (a real case, a code look-up, another field
or country, a credential we do not cover). Those are rules about what the bot must not answer, not
guesses about what a question means. A word from another subject with no coding word ("i study w
netflix on…") is such a guess, overruled as a low score is (session 9, out of fold: cost 302
against 304). (``decided`` can also exempt facet routes whose cues are that sure; calibration
turned it off.)

Thresholds chosen with ``python -m benchmarks.train_router --calibrate`` on out-of-fold
predictions (each set of member questions scored by a model trained without it, the ``train_*``
sets always in training), for the least cost when a wrong confident answer costs three declines.
Over the member sets of session 8 before set I (2,654 questions): cost 240 (2,562 right, 74
wrong) against 252 for session 7's thresholds (margin 0.2, facet routes of score 94 exempt) and
554 for the lexical router alone; with set I (2,905): 257 against 635. The model's strength
C = 10 beat 3 and 30 in session 7. Session 9, with sets J and K (3,461): 304 (3,316 right, 90
wrong) against 783 for the lexical router alone. Margin 0.2 ties or leads by 5-7 with J and K
and trails by 6 without them: within the noise of retraining, so 0.3 stayed. Session 10, each
fold's model now reviewed as the bot reviews (``Matcher.arbiter``, clause focus included): margin
0.2 led 0.3 in all five runs, by 4 to 15 (with sets L and M, 3,863 questions: 322 against 329,
3,743 right and 101 wrong against 3,736 and 101), so the margin is 0.2.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from bot.core.knowledge.model import KnowledgeBase

from .analysis import Analysis, designated
from .intent_corpus import pair_topics
from .intent_model import CARD_LABEL, COMPARE_LABEL, FACET_PREFIX, NONE_LABEL, IntentModel
from .routes import ROUTE_FACETS, Route, RouteFacet, RouteKind, Suggestion
from .vocabulary import FACET_TOPICS

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Thresholds:
    switch: float = 0.3  # probability for the model to replace the router's answer with another
    rescue: float = 0.2  # ... to answer a question the router declined for a low score
    veto: float = 0.5  # ... to decline a question the router answered
    margin: float = 0.2  # how much likelier than the router's own route the model's must be
    # A facet route at least this sure is kept whatever the model says (94: cues of strength 3,
    # "how much … dues"). Off: out of fold it kept more wrong facets ("the fee to sit for the
    # CPC" read as eligibility) than right ones once the margin is 0.3 (session 8, three runs).
    decided: int = 101
    # How sure the model must be that a credential is meant (its card and facets together) for a
    # message naming none to be about the one it describes ("health data analytics": the CHDA).
    described: float = 0.5


SOFT_DECLINES = frozenset({"low score", "no topic words"})  # the router was unsure, nothing more
# A word from another subject and no coding word ("study with netflix on"): a guess, which the
# model may overrule as it does a low score.
ANOTHER_SUBJECT = "another subject: "


class Arbiter:
    def __init__(
        self,
        model: IntentModel,
        topics: set[str],
        pairs: set[str],
        *,
        designations: dict[str, str],
        background: Callable[[Analysis], set[str]] = lambda _: set(),
        described: Callable[[Analysis], str | None] = lambda _: None,
        set_aside: Callable[[Analysis], set[str]] = lambda _: set(),
        title_of: Callable[[str], str] = str,
        thresholds: Thresholds = Thresholds(),
    ) -> None:
        self.model = model
        self.title_of = title_of  # a topic's title, for "did you mean"
        self.background = background  # credentials named as the member's own ("after my CPC")
        self.described = described  # the credential a message describes, naming none
        self.set_aside = set_aside  # credentials named as not meant ("not the CPC")
        self.designations = designations  # a status's name ("cpc a") -> the topic explaining it
        self.thresholds = thresholds
        self.topics = topics  # the knowledge base's topics: a label for a missing one is passed over
        self.pairs = pairs  # topics comparing two named credentials (cpc-vs-ccs)

    def review(
        self,
        route: Route,
        analysis: Analysis,
        text: str,
        asked: Callable[[], str | None] = lambda: None,
        focus: Mapping[RouteFacet, str] | None = None,
    ) -> Route:
        """The router's route, or the model's where it disagrees clearly enough (``text``: the
        question as the model reads it, ``Matcher.model_text``; ``asked``: its asked sentence
        read the same way, ``Matcher.asked_text``, or None; called only before a decline;
        ``focus``: the credential each facet is asked about where several are named,
        ``Matcher.focus``)."""
        soft = route.reason in SOFT_DECLINES or route.reason.startswith(ANOTHER_SUBJECT)
        if route.kind is RouteKind.CODE or (not route.matched and not soft):
            return route
        if route.kind is RouteKind.FACT and route.score >= self.thresholds.decided:
            return route
        probabilities = list(zip(self.model.labels, self.model.probabilities(text), strict=True))
        subjects = self._subjects(analysis, focus or {}, probabilities)  # the credentials it is about
        current = self.route_label(route, analysis, subjects)
        shares: dict[str, float] = {}
        for label, probability in probabilities:
            carried = self._carried(label, analysis, subjects)
            if carried is not None:
                shares[carried] = shares.get(carried, 0.0) + float(probability)
        if not shares:
            return route
        best = max(shares, key=lambda label: (shares[label], label))
        if best == current or (
            best == CARD_LABEL and route.kind is RouteKind.FACT and route.entry_ids[0] == subjects.of(None)
        ):
            return self._kept(route, best, analysis, subjects)  # (or the card holds the facet found)
        t = self.thresholds
        needed = t.veto if best == NONE_LABEL else t.rescue if current == NONE_LABEL else t.switch
        own = shares.get(current, 0.0)
        # (Background from elsewhere, then a question of ours: "I passed the NCLEX. Is the CPC
        # hard?" is declined only if its asked sentence would be on its own.)
        if (
            shares[best] < needed
            or shares[best] - own < t.margin
            or (best == NONE_LABEL and not self._declined(asked()))
        ):
            return route
        routed = self._route(best, round(100 * shares[best]), analysis, route, subjects)
        if route.kind is RouteKind.TOPIC and not routed.matched and not routed.suggestions:
            # Declined where the word scores had an answer: that topic is offered as "did you mean".
            offered = Suggestion(route.entry_ids[0], self.title_of(route.entry_ids[0]))
            routed = replace(routed, suggestions=(offered,))
        return routed

    def _kept(self, route: Route, label: str, analysis: Analysis, subjects: Subjects) -> Route:
        """The router's route where the model reads it the same way; but a topic the subject's
        card answers is that card's fact ("do i need a degree to take the ccs": the CCS's
        eligibility, not diploma programs), unless the subject is the member's own ("a 2nd cert
        on top of my cpc": the pay of several credentials, not the CPC's)."""
        if route.kind is not RouteKind.TOPIC or not label.startswith(FACET_PREFIX):
            return route
        subject = subjects.of(_facet(label.removeprefix(FACET_PREFIX)))
        if subject is None or subject in self.background(analysis):
            return route
        return self._route(label, route.score, analysis, route, subjects)

    def _declined(self, text: str | None) -> bool:
        """The model would decline ``text`` read alone (None: no sentence says otherwise)."""
        if text is None:
            return True
        probabilities = dict(zip(self.model.labels, self.model.probabilities(text), strict=True))
        return float(probabilities.get(NONE_LABEL, 0.0)) >= self.thresholds.veto

    def route_label(self, route: Route, analysis: Analysis, subjects: Subjects) -> str:
        """The label a route stands for, read as the model's labels are (``_carried``)."""
        if route.kind is RouteKind.NONE:
            return NONE_LABEL
        if route.kind is RouteKind.COMPARE:
            return COMPARE_LABEL
        subject = subjects.of(route.facet if route.kind is RouteKind.FACT else None)
        if route.kind in (RouteKind.FACT, RouteKind.CREDENTIAL) and subject not in (None, route.entry_ids[0]):
            return f"{route.entry_ids[0]}'s"  # (another credential's than the one asked about)
        if route.kind is RouteKind.FACT:
            return f"{FACET_PREFIX}{route.facet}"
        if route.kind is RouteKind.CREDENTIAL:
            return CARD_LABEL
        return self._carried(route.entry_ids[0], analysis, subjects) or route.entry_ids[0]

    def _carried(self, label: str, analysis: Analysis, subjects: Subjects) -> str | None:
        """The label as this question can carry it, or None if it cannot."""
        named = len(analysis.credentials)
        if label in (CARD_LABEL, COMPARE_LABEL) or label.startswith(FACET_PREFIX):
            return self._carried_credential(label, analysis, subjects)
        if label in self.pairs:
            return COMPARE_LABEL if named >= 2 else None
        if label != NONE_LABEL and label not in self.topics:
            return None
        if label in FACET_TOPICS and subjects.of(FACET_TOPICS[label]):
            return f"{FACET_PREFIX}{FACET_TOPICS[label]}"
        return label

    def _subjects(
        self, analysis: Analysis, focus: Mapping[RouteFacet, str], probabilities: list[tuple[str, float]]
    ) -> Subjects:
        """The credentials the question is about: those named, less the member's own when
        another is named ("do I need my CPC before the CPMA" is about the CPMA); naming none,
        the one it describes where the model is sure a credential is meant (also where every
        credential it names is set aside: "some AAPC cert for outpatient departments, not the
        CPC")."""
        if not analysis.credentials or not set(analysis.credentials) - self.set_aside(analysis):
            meant = sum(float(p) for label, p in probabilities if _about_a_credential(label))
            described = self.described(analysis) if meant >= self.thresholds.described else None
            if described or not analysis.credentials:
                return Subjects([described] if described else [], focus)
        background = self.background(analysis) if len(analysis.credentials) >= 2 else set()
        named = [c for c in analysis.credentials if c not in background] or analysis.credentials
        return Subjects(named, focus)

    def _carried_credential(self, label: str, analysis: Analysis, subjects: Subjects) -> str | None:
        """A card, facet or comparison label. One credential's facet needs one subject: the
        only one, or the one its clause names ("crc eligibility - do i need a cpc first?"; "CEUs
        for the CPC and the CRC" is the CEU topic or a comparison, not the CPC's facet); a
        comparison needs two named; the card of two subjects is their comparison ("is the CIC
        as respected as the CCS"); a credential named by a status is that status's topic."""
        if label == COMPARE_LABEL or (label == CARD_LABEL and len(subjects.named) >= 2):
            return COMPARE_LABEL if len(analysis.credentials) >= 2 else None
        facet = None if label == CARD_LABEL else _facet(label.removeprefix(FACET_PREFIX))
        if (label != CARD_LABEL and facet is None) or subjects.of(facet) is None:
            return None  # (or a facet this version does not know)
        status = designated(analysis, self.designations) if len(subjects.named) == 1 else []
        return status[0] if status else label

    def _route(self, label: str, score: int, analysis: Analysis, route: Route, subjects: Subjects) -> Route:
        credentials = analysis.credentials
        if label == NONE_LABEL:
            return Route(
                RouteKind.NONE, suggestions=route.suggestions, score=score, reason="intent model: not ours"
            )
        if label == COMPARE_LABEL:
            return Route(RouteKind.COMPARE, (credentials[0], credentials[1]), score=score)
        if label == CARD_LABEL:
            return Route(RouteKind.CREDENTIAL, (subjects.of(None) or "",), score=score)
        facet = _facet(label.removeprefix(FACET_PREFIX)) if label.startswith(FACET_PREFIX) else None
        if facet is not None:
            return Route(RouteKind.FACT, (subjects.of(facet) or "",), facet=facet, score=score)
        return Route(RouteKind.TOPIC, (label,), score=score)


@dataclass(frozen=True, slots=True)
class Subjects:
    """The credentials a question is about, and where it names several, the one each facet is
    asked about (``Matcher.focus``)."""

    named: list[str]
    focus: Mapping[RouteFacet, str]

    def of(self, facet: RouteFacet | None) -> str | None:
        """The one credential a facet (None: the card) is asked about, if one is."""
        if len(self.named) == 1:
            return self.named[0]
        return self.focus.get(facet) if facet is not None and len(self.named) >= 2 else None


def _about_a_credential(label: str) -> bool:
    return label == CARD_LABEL or label.startswith(FACET_PREFIX)


def _facet(name: str) -> RouteFacet | None:
    return next((f for f in ROUTE_FACETS if f == name), None)


def arbiter_for(
    model: IntentModel | None,
    kb: KnowledgeBase,
    *,
    designations: dict[str, str],
    background: Callable[[Analysis], set[str]],
    described: Callable[[Analysis], str | None],
    set_aside: Callable[[Analysis], set[str]],
    thresholds: Thresholds = Thresholds(),
) -> Arbiter | None:
    """The arbiter for ``kb``, or None without a model or with one trained for topics that are
    not all here (a model for another knowledge base would point at the wrong entries)."""
    if model is None:
        return None
    missing = sorted(model.topic_labels() - set(kb.topics))
    if missing:
        log.warning("intent model not used: trained for topics not here (%s)", ", ".join(missing[:3]))
        return None
    return Arbiter(
        model,
        set(kb.topics),
        pair_topics(kb),
        designations=designations,
        background=background,
        described=described,
        set_aside=set_aside,
        title_of=kb.title_of,
        thresholds=thresholds,
    )

"""Routes a member's free-form question to an answer in the knowledge base, or declines.

The route is one of the :class:`~.routes.RouteKind` kinds. A wrong confident answer is worse
than no answer, so the matcher declines whatever it is not sure of (code look-ups, a real
patient's case, another country, another field, a credential it does not cover, a weak topic
match) and then offers up to three "did you mean" suggestions.

Everything is indexed once in :class:`Matcher`'s constructor; a question costs a few
dictionary look-ups per token plus one inverted-index pass over the topics.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

from bot.core.codes.format import codes_in
from bot.core.codes.questions import is_personal
from bot.core.knowledge.model import KnowledgeBase
from bot.core.text import stem

from .analysis import Analyser, Analysis, CredentialIndex, canonical_words, designated
from .arbiter import ANOTHER_SUBJECT, SOFT_DECLINES, Arbiter, Thresholds, arbiter_for
from .bm25 import TopicBM25
from .clinical import ClinicalSignal
from .code_first import CASE_SPECIFIC, CodeFirst
from .described import Descriptions
from .elsewhere import another_field, asked_elsewhere, place_asked_about, unknown_credential
from .focus import asked_facet, clauses, focused, segments, stands_alone
from .intent_model import IntentModel, asked_sentence, model_text
from .intents import FACET_DECIDES, FACET_MINIMUM, Intents, facet_score
from .names import CredentialNames
from .neighbours import NeighbourIndex, agrees, over_card, over_card_enabled, rescues
from .routes import NAME_FACET, Route, RouteFacet, RouteKind, Suggestion
from .scoring import TopicIndex, facet_of
from .vocabulary import (
    CARD_TOPICS,
    COMPARE_CUES,
    DOMAIN_ANCHORS,
    FACET_CUES,
    FACET_TOPICS,
    FOREIGN_TERMS,
    SYNONYMS,
)

# The decline: a topic answer needs ANSWER_THRESHOLD and, below CONFIDENT_THRESHOLD, a second
# opinion from rankers with other errors: the nearest example questions voting for the same
# topic with a close one (neighbours.AGREE_SIMILARITY), or BM25 ranking it first with real
# evidence (intents.AGREE_SCORE) on a score of BM25_THRESHOLD, or both of them on a weaker
# score (neighbours.SUPPORT_SIMILARITY). Chosen with benchmarks/calibrate_router.py on the dev
# sets (devset, holdout, probe, blind and blind set A: 770 questions, after the paraphrase
# merge) for the least cost when a wrong confident answer costs 3 declines (a decline still
# offers suggestions): cost 80 (730 right, 20 wrong, 20 declined) against 136 (718 right,
# 42 wrong) for the former rule (confident 65, BM25 alone below it) on the same knowledge;
# nearby settings (answer 45-50, confident 90-95, BM25 70-75, support 0.3-0.4) cost 80-81.
# The nearest examples' rescue of a decline (RESCUE_*) and their say over a named credential's
# card (OVER_CARD_*) change nothing on these sets or cost more: the rescue is kept at a
# conservative 0.65, the card override is off (1.01) until credentials carry more examples.
ANSWER_THRESHOLD = 50  # topic score needed to answer
CONFIDENT_THRESHOLD = 90  # below it, a second opinion must agree (nearest examples or BM25)
BM25_THRESHOLD = 75  # topic score at which BM25 alone can be that second opinion
SUGGEST_THRESHOLD = 25  # topic score needed to be suggested
MAX_SUGGESTIONS = 3
FOREIGN_OVERRIDE = 80  # topic score that outweighs a word from another field
DEFINED_SCORE = 80  # score of a definitional question's topic the scorer does not rank
TOPIC_OVER_FACET = 70  # specific topic score that beats a weak facet cue for a named credential

# "what's the CPT code for …": ICD-10-CM questions go to the code tools before this is asked;
# what is left is a procedure code (CPT descriptors are the AMA's) or someone's own case.
_CODE_LOOKUP = re.compile(
    r"\b(?:what|which|whats)\b(?: is| are)?(?: the| a)?(?: right| correct)?"
    r"(?: icd(?: ?10)?(?: cm| pcs)?| cpt| hcpcs| dx| diagnosis| procedure| billing)? codes? (?:for|of) "
)


AskedSentence = Callable[[], Analysis | None]  # the message's asked sentence, analysed on demand


class Matcher(CredentialNames):
    def __init__(
        self, kb: KnowledgeBase, clinical: ClinicalSignal | None = None, intents: IntentModel | None = None
    ) -> None:
        """``intents``: the learned intent model (``intent_model.shipped_model()``), which reviews
        the lexical route (``arbiter.arbiter_for``)."""
        self.kb = kb
        self._credentials = CredentialIndex(kb.credentials.values())
        self._topics = TopicIndex(kb.topics.values(), self._credentials.single_word_stems())
        bm25 = TopicBM25(kb.topics.values(), self._credentials.single_word_stems())
        status = self._credentials.status_aliases()
        designations = {  # "cpc a" -> cpc-apprentice: the topic that explains that designation
            name: topic.id
            for topic in kb.topics.values()
            for keyword in topic.keywords
            if (name := " ".join(canonical_words(keyword))) in status
        }
        self._intents = Intents(self._topics, bm25, designations)
        self._designations = designations
        self._names = [tuple(canonical_words(c.name)) for c in kb.credentials.values()]
        self._descriptions = Descriptions(kb.credentials.values(), canonical_words)
        # The credential a message naming none describes ("health data analytics": the CHDA).
        self.described = self._descriptions.credential
        self._arbiter = self.arbiter(intents)
        self._neighbours = NeighbourIndex(
            kb.topics.values(), kb.credentials.values(), self._credentials.single_word_stems()
        )
        self._card_answers = CARD_TOPICS | set(FACET_TOPICS)  # a named credential's card answers these
        self._analyser = Analyser(self._credentials, self._topics.strong_vocab, self._topics.domain_terms)
        # The words the knowledge base speaks for: titles, example questions, keywords, names
        # and facet cues ("exam", "salary", "cpc"); a clinical word is none of these.
        self._kb_terms = {
            term for term, weights in self._topics.term_weights.items() if max(weights.values()) >= 1.0
        }
        self._kb_terms |= {stem(w) for w in self._credentials.alias_words() | DOMAIN_ANCHORS}
        self._kb_terms |= {stem(cue) for cues in FACET_CUES.values() for cue in cues}
        # ... but a word that one member paraphrase uses and nothing else ("left vs right knee
        # on a claim") is no claim on a clinical word: it stays evidence for the code tools.
        self._code_first = CodeFirst(clinical, self._kb_terms - self._topics.lone)

    # ------------------------------------------------------------------ routing

    def route(self, question: str) -> Route:
        if not question or not question.strip():
            return Route(RouteKind.NONE, reason="empty")
        analysis = self._analyser.analyse(question)
        focus = self.focus(question, analysis)
        asked = cache(partial(self._asked, question))  # analysed once, and only if a rule reads it
        routed = self._lexical_route(question, analysis, focus, asked)
        # The model never learned codes: a message naming one ("what's the E11 category cover")
        # is the code tools' or the router's rules' to place.
        if self._arbiter is None or codes_in(question):
            return routed
        return self._arbiter.review(
            routed, analysis, self.model_text(analysis), lambda: self._read(asked()), focus
        )

    def arbiter(self, model: IntentModel | None, thresholds: Thresholds | None = None) -> Arbiter | None:
        """An arbiter for ``model`` wired as this matcher's own (as ``train_router`` scores folds)."""
        return arbiter_for(
            model,
            self.kb,
            designations=self._designations,
            background=self._intents.background,
            described=self.described,
            set_aside=Intents.set_aside,
            thresholds=thresholds or Thresholds(),
        )

    def analyse(self, question: str) -> Analysis:
        return self._analyser.analyse(question)

    def background(self, analysis: Analysis) -> set[str]:  # see ``Intents.background``
        return self._intents.background(analysis)

    @property
    def designations(self) -> dict[str, str]:
        """A status's name ("cpc a") -> the topic explaining that designation."""
        return dict(self._designations)

    def model_text(self, analysis: Analysis) -> str:
        """What the intent model reads of a question (see ``intent_model.model_text``)."""
        return model_text(analysis.masked, status=bool(designated(analysis, self._designations)))

    def focus(self, question: str, analysis: Analysis) -> dict[RouteFacet, str]:
        """Facet -> the one of several named credentials it is asked about (``focus.focused``)."""
        if len(set(analysis.credentials)) < 2:
            return {}
        parts = clauses(question)
        analysed = dict(zip(parts, map(self._analyser.analyse, parts), strict=True))
        runs = segments([(part, bool(analysed[part].credentials)) for part in parts])
        # (A run of one clause is that clause, analysed already.)
        return focused([analysed.get(run) or self._analyser.analyse(run) for run in runs])

    def asked_text(self, question: str) -> str | None:
        """The message's asked sentence (``asked_sentence``) as the model reads it, if it has one."""
        return self._read(self._asked(question))

    def _asked(self, question: str) -> Analysis | None:
        sentence = asked_sentence(question)
        return self.analyse(sentence) if sentence else None

    def _read(self, asked: Analysis | None) -> str | None:
        return self.model_text(asked) if asked else None

    def _lexical_route(
        self, question: str, analysis: Analysis, focus: dict[RouteFacet, str], asked: AskedSentence
    ) -> Route:
        coded = self._code_first.route(question, analysis)
        if coded is not None:
            return coded
        ranked = self._topics.ranked(analysis)
        # "what is NCCI and why does my claim…": what NCCI is, not advice on the claim.
        defined = None if analysis.credentials else self._topics.defined_topic(analysis, ranked)
        declined = self._declined(analysis, ranked, case_allowed=defined is not None)
        declined = declined or asked_elsewhere(question, analysis)
        if declined:
            return declined
        if analysis.credentials:
            return self._asked_route(asked()) or self._credential_route(analysis, focus)
        routed = self._topic_route(analysis, ranked, defined)
        if not routed.matched and routed.reason in SOFT_DECLINES:
            routed = self._asked_topic(asked()) or routed
        return routed if routed.matched else self._code_first.bare_search(question, analysis) or routed

    def _asked_topic(self, asked: Analysis | None) -> Route | None:
        """The topic a message's question finds on its own where the whole scored too low: background
        dilutes it ("back in the workforce after 12 years raising kids. is remote coding real?")."""
        if asked is None or asked.credentials or not stands_alone(asked):
            return None
        ranked = self._topics.ranked(asked)
        if self._declined(asked, ranked):
            return None
        routed = self._topic_route(asked, ranked, self._topics.defined_topic(asked, ranked))
        return routed if routed.matched else None

    def _asked_route(self, asked: Analysis | None) -> Route | None:
        """The facet a message's asked sentence asks on its own, after background (``asked_facet``)."""
        found = asked_facet(asked) if asked and not designated(asked, self._designations) else None
        if found is None:
            return None
        credential, facet, strength = found
        return Route(RouteKind.FACT, (credential,), facet=facet, score=facet_score(strength))

    def _declined(
        self, analysis: Analysis, ranked: list[tuple[str, float]], *, case_allowed: bool = False
    ) -> Route | None:
        """A decline for questions the bot must not answer, whatever the topic scores say
        (``case_allowed``: a case mentioned beside a definitional question is no decline)."""
        if _CODE_LOOKUP.search(analysis.text):
            # Someone's own diagnosis is a real case; otherwise a procedure code (CPT, HCPCS).
            personal = is_personal(analysis.text)
            return Route(RouteKind.NONE, reason="a specific patient or claim" if personal else "code lookup")
        if CASE_SPECIFIC.search(analysis.text) and not case_allowed:
            return Route(RouteKind.NONE, reason="a specific patient or claim")
        place = place_asked_about(analysis.words)
        if place:
            return Route(
                RouteKind.NONE, suggestions=self._suggestions(ranked), reason=f"outside the US: {place}"
            )
        elsewhere = another_field(analysis, self._names)
        if elsewhere:
            return elsewhere
        if not analysis.credentials:
            other = unknown_credential(analysis.words, self._names_a_credential)
            if other:
                return Route(RouteKind.NONE, reason=f"unknown credential: {other}")
        return None

    def _credential_route(self, analysis: Analysis, focus: dict[RouteFacet, str]) -> Route:
        creds = analysis.credentials
        facet, strength = facet_of(analysis)
        if len(creds) >= 2 and not analysis.raw & COMPARE_CUES:
            background = self._intents.background(analysis)
            creds = [c for c in creds if c not in background] or creds
            if len(set(creds)) >= 2 and facet in focus and strength >= FACET_MINIMUM:
                creds = [focus[facet]]  # "crc eligibility - do i need a cpc first?"
        intent = self._intents.route(analysis, creds, facet, strength)
        if intent is not None:
            return intent
        specific = [
            ts
            for ts in self._topics.ranked(analysis, specific_only=True, drop_facets=True)
            if ts[0] not in CARD_TOPICS
        ]
        # A topic that explains the rest of the question (study tips for the CPC, CEUs for
        # two credentials…) wins over a weak facet cue such as the bare word "exam".
        winner = None
        # A credential described by its specialty ("is there a derm coding credential") is the
        # subject itself: the topic about specialty credentials in general does not take it.
        if analysis.by_area:
            specific = []
        if specific and specific[0][1] >= TOPIC_OVER_FACET and strength < FACET_DECIDES:
            best = specific[0][0]
            if self._topics.is_specific(best, analysis) and self._topics.strong_evidence(best, analysis):
                winner = (best, specific[0][1])
        if winner is None and strength < FACET_DECIDES and not analysis.by_area:
            winner = self._nearest_over_card(analysis)
        if len(creds) >= 2 and (analysis.raw & COMPARE_CUES or not (winner or strength >= FACET_DECIDES)):
            return Route(RouteKind.COMPARE, (creds[0], creds[1]), score=95)
        if winner:
            return Route(RouteKind.TOPIC, (winner[0],), score=round(winner[1]))
        if facet and strength >= FACET_MINIMUM:
            return Route(RouteKind.FACT, (creds[0],), facet=facet, score=facet_score(strength))
        return Route(RouteKind.CREDENTIAL, (creds[0],), score=90)

    def _shared_facet(self, analysis: Analysis) -> Route | None:
        """One facet of two organisations named at once ("CEUs for AAPC vs AHIMA"): the topic
        that answers that facet, as for two credentials."""
        # Topics that answer a name question are the organisations (AAPC, AHIMA): entities.
        named = [t for t in self._topics.named_topics(analysis) if FACET_TOPICS.get(t) == NAME_FACET]
        if len(named) < 2:
            return None
        facet, strength = facet_of(analysis, exclude=NAME_FACET)  # "AAPC or AHIMA" is no name question
        topic = self._intents.facet_topic(analysis, facet) if facet and strength >= FACET_MINIMUM else None
        return Route(RouteKind.TOPIC, (topic,), score=facet_score(strength)) if topic else None

    def _nearest_over_card(self, analysis: Analysis) -> tuple[str, float] | None:
        """A topic whose members' questions this one reads like, much more than any question
        about a credential itself ("are specialty certifications worth adding after the CPC").
        Topics a card answers (exam fees, pass rates, choosing one) are left to the card."""
        if not over_card_enabled():
            return None
        vote = self._neighbours.vote(analysis.content, exclude=self._card_answers)
        topic = over_card(vote)
        return (topic, 100 * vote.similarity) if topic and vote else None

    def _foreign_decline(self, analysis: Analysis, ranked: list[tuple[str, float]]) -> Route | None:
        """Another field is named and no coding word: declined unless a strong, specific coding
        topic outweighs it ("former teacher here, which cert should I start with?") and is still
        that topic without the other field's words, which must not be what matches it ("as a
        nurse, how much do nurses earn" is no question about CDI nurses)."""
        words = set(analysis.words)
        foreign = words & FOREIGN_TERMS
        if not foreign or words & DOMAIN_ANCHORS:
            return None
        declined = Route(RouteKind.NONE, reason=f"{ANOTHER_SUBJECT}{sorted(foreign)[0]}")
        best = ranked[0] if ranked else None
        if not (best and best[1] >= FOREIGN_OVERRIDE and self._topics.is_specific(best[0], analysis)):
            return declined
        rest = self._analyser.analyse(" ".join(w for w in analysis.words if w not in FOREIGN_TERMS))
        rest_ranked = self._topics.ranked(rest)
        if not (rest_ranked and rest_ranked[0][0] == best[0] and self._topics.is_specific(best[0], rest)):
            return declined
        return None

    def _topic_route(self, analysis: Analysis, ranked: list[tuple[str, float]], defined: str | None) -> Route:
        """No credential named: topics only (``defined``: the subject of "what is NCCI")."""
        suggestions = self._suggestions(ranked)
        foreign = self._foreign_decline(analysis, ranked)
        if foreign:
            return foreign
        if defined:
            return Route(RouteKind.TOPIC, (defined,), score=round(dict(ranked).get(defined, DEFINED_SCORE)))
        shared = self._shared_facet(analysis)
        if shared or not ranked:
            return shared or Route(RouteKind.NONE, suggestions=suggestions, reason="no topic words")
        best_topic, best_score = ranked[0]
        # (A decisive score needs no vote: skipping it keeps big knowledge bases fast.)
        vote = self._neighbours.vote(analysis.content) if best_score < CONFIDENT_THRESHOLD else None
        # Rankers with other errors must agree unless the score alone is decisive: the nearest
        # examples closely, BM25 on a good score, or both of them on a weaker one.
        bm25 = self._intents.bm25_agrees(best_topic, analysis)
        confident = (
            best_score >= CONFIDENT_THRESHOLD
            or agrees(vote, best_topic)
            or (bm25 and (best_score >= BM25_THRESHOLD or agrees(vote, best_topic, support=True)))
        )
        if best_score >= ANSWER_THRESHOLD and confident and self._topics.is_specific(best_topic, analysis):
            return Route(RouteKind.TOPIC, (best_topic,), score=round(best_score))
        # The nearest example questions can answer what the word scores could not decide.
        rescued = rescues(vote)
        if rescued and dict(ranked).get(rescued, 0.0) >= SUGGEST_THRESHOLD and vote:
            return Route(RouteKind.TOPIC, (rescued,), score=round(100 * vote.similarity))
        return Route(RouteKind.NONE, suggestions=suggestions, score=round(best_score), reason="low score")

    def _names_a_credential(self, word: str) -> bool:
        """Whether ``word`` is ours to read before "exam" ("second", "analytics": the CHDA's)."""
        speaks = stem(SYNONYMS.get(word, word)) in self._kb_terms  # (see ``_kb_terms``)
        return speaks or self._analyser.knows(word) or self._descriptions.covers(word)

    def _suggestions(self, ranked: list[tuple[str, float]]) -> tuple[Suggestion, ...]:
        return tuple(
            Suggestion(tid, self.kb.title_of(tid))
            for tid, score in ranked[:MAX_SUGGESTIONS]
            if score >= SUGGEST_THRESHOLD
        )

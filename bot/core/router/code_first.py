"""The code tools' door: messages that go to the code tools (or are refused as a real case)
before the knowledge base is asked: a code named or asked for explicitly, or words so clinical
that the clinical signal (:mod:`.clinical`) sends them to code search.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.core.codes.cases import case_reason
from bot.core.codes.format import codes_in
from bot.core.codes.questions import (
    CodeIntent,
    CodeQuestion,
    asks_for_procedure_code,
    code_question,
    is_personal,
)
from bot.core.codes.requests import SearchRequest, search_request
from bot.core.text import normalise, stem

from .analysis import Analysis
from .clinical import ClinicalSignal
from .routes import Route, RouteKind
from .vocabulary import (
    CODE_COMPOUNDS,
    COMMON_RANK,
    DOMAIN_ANCHORS,
    FOREIGN_TERMS,
    NONCLINICAL_CONTEXT,
    SYNONYMS,
    english_ranks,
)

# Clinical evidence (see bot/core/codes/evidence.py) that sends words to code search:
CUE_EVIDENCE = 0.5  # with a code-request cue ("anxiety dx code"), even if a code-set topic scores
BARE_EVIDENCE = 0.6  # bare terms ("ckd stage 3") when no knowledge entry answers
STRONG_EVIDENCE = 0.75  # bare terms that outweigh a topic answer on a shared word ("acute mi")
BARE_MAX_WORDS = 12  # longer messages without a cue are not a term typed to be looked up
EVERYDAY_CLAIM = 0.5  # how much of a common English word ("back", "same") is not clinical

_CODE = frozenset(["code", "codes"])

# A real patient's case or claim: not something a study bot should advise on (and no PHI).
CASE_SPECIFIC = re.compile(
    r"\b(?:my|our|her|his|their|this) (?:patient|patients|claim|claims|eob|chart|bill)\b|\beob\b"
)


class CodeFirst:
    """Code routes for a matcher. ``claims``: the stemmed words the knowledge base speaks for,
    which are no clinical evidence; ``clinical``: the signal, or None (explicit questions only)."""

    def __init__(self, clinical: ClinicalSignal | None, claims: set[str]) -> None:
        self._clinical = clinical
        self._claims = claims
        self._english = english_ranks()

    def route(self, question: str, analysis: Analysis) -> Route | None:
        """A code named or asked for explicitly, or words the clinical signal sends to search."""
        words = set(analysis.words)
        other = sorted(words & NONCLINICAL_CONTEXT) or [
            f"{w} code"
            for w, after in pairwise(analysis.words)
            if w in CODE_COMPOUNDS
            and after in _CODE
            and not analysis.credentials  # (a promo code for the CPC)
        ]
        if other and not words & DOMAIN_ANCHORS:  # a program, a car, a dress code
            return Route(RouteKind.NONE, reason=f"outside coding: {other[0]}")
        code = code_question(question)
        if code is not None:
            return self._code_route(question, code)
        if codes_in(question) and case_reason(question):
            # A code-shaped word in a case ("a rejection for R51, why"): not a topic question.
            return Route(RouteKind.NONE, reason="a specific patient or claim")
        return self._clinical_search(question, analysis)

    def bare_search(self, question: str, analysis: Analysis) -> Route | None:
        """Bare clinical terms that no knowledge entry answers: searched, not declined."""
        if self._clinical is None or analysis.credentials or asks_for_procedure_code(question):
            return None
        request = search_request(question)
        if self._bare(request) and self._evidence(request.terms) >= BARE_EVIDENCE:
            return self._code_route(question, CodeQuestion(CodeIntent.SEARCH, terms=request.terms))
        return None

    def _code_route(self, question: str, code: CodeQuestion) -> Route:
        """A code route, unless the message is about a real case (checked before any code route)."""
        case = case_reason(question) or ("someone's own case" if is_personal(question) else None)
        if case or CASE_SPECIFIC.search(normalise(question)):
            return Route(RouteKind.NONE, reason="a specific patient or claim")
        return Route(RouteKind.CODE, score=90, reason=f"code {code.intent}", code=code)

    def _claimed(self, word: str) -> float:
        """How much of ``word`` the knowledge base (1) or everyday English (a half) claims."""
        word = SYNONYMS.get(word, word)
        if stem(word) in self._claims or word in FOREIGN_TERMS:
            return 1.0
        return EVERYDAY_CLAIM if self._english.get(word, COMMON_RANK) < COMMON_RANK else 0.0

    def _evidence(self, terms: str) -> float:
        return self._clinical(terms, self._claimed) if self._clinical is not None and terms else 0.0

    def _clinical_search(self, question: str, analysis: Analysis) -> Route | None:
        """A code-request cue with clinical words ("anxiety dx code", even where a code-set
        topic scores), or bare terms so clinical that they outweigh a topic ("acute mi")."""
        if self._clinical is None or analysis.credentials or asks_for_procedure_code(question):
            return None
        request = search_request(question)
        evidence = self._evidence(request.terms)
        if request.cue and not request.asks and evidence >= CUE_EVIDENCE:
            return self._code_route(question, CodeQuestion(CodeIntent.SEARCH, terms=request.terms))
        if self._bare(request) and evidence >= STRONG_EVIDENCE:
            return self._code_route(question, CodeQuestion(CodeIntent.SEARCH, terms=request.terms))
        return None

    @staticmethod
    def _bare(request: SearchRequest) -> bool:
        """Terms typed to be looked up: not a question, not one's own health, not a paragraph."""
        return not request.asks and not request.first_person and len(request.terms.split()) <= BARE_MAX_WORDS

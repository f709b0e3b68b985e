"""What a message asks codes for, however it is typed: "icd 10 for bronchitis", "low back pain
icd code", "anxiety dx code", "what do I use for strep throat", "obesity code pls", or just
"left knee osteoarthritis" in an ask channel.

:func:`search_request` strips the words that ask for a code (the cue) and the chat filler, and
says whether a cue was there, whether the rest is phrased as a question, and whether it speaks
of the member's own health. Whether the remaining words are clinical is not decided here: the
router weighs them with the code index's evidence (see :mod:`bot.core.codes.evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ICD = r"icd(?:[- ]?10)?(?:[- ]?cm)?|icd10cm|icd10"
# Each removed wherever it stands; the longest forms first.
_CUE_PHRASES = re.compile(
    r"\b(?:(?:what|which)(?:'?s| is| are| would be| should (?:i|we) use)?(?: the| a| an)?"
    r"(?: right| correct| best| proper| appropriate)?(?:(?: "
    + _ICD
    + r"| diagnosis| dx| diag)(?: codes?)?| codes?)"
    r"(?: (?:do|would|should|can|could|did) (?:i|we|you|u|ppl|people) (?:use|put|pick|choose|report|assign))?"
    r"(?: (?:for|of|is|to use for|would be for|is right for|is correct for))?"
    r"|what (?:do|would|should|can|could|did) (?:i|we|you|u|ppl|people) "
    r"(?:use|put|pick|choose|code|report|assign)(?: for| with| on)?"
    r"|how (?:do|would|should|can|to|does one) (?:i |you |u |we )?code(?: for)?"
    r"|(?:" + _ICD + r")(?: (?:diagnosis|dx))?(?: codes?)?(?: for| of)?"
    r"|(?:diagnosis|dx|diag) codes?(?: for| of)?|codes? (?:for|of)|codes?|dx|diag)\b"
)
_CUE = re.compile(
    r"\b(?:codes?|dx|diag|icd(?:10(?:cm)?)?)\b|"
    r"\bwhat (?:do|would|should|can|could|did) (?:i|we|you|u|ppl|people) "
    r"(?:use|put|pick|choose|report|assign)\b"
)
_FILLER = re.compile(
    r"\b(?:(?:does |do )?(?:anyone|someone|somebody|any of you|you|u) (?:have|got|know|remember)|"
    r"(?:coding |code )?(?:a|an) (?:patient|pt|person) (?:with|w|who has|that has)|someone with|"
    r"hey|hi|hello|yo|so|ok|okay|quick question|q|guys|all|everyone|y'?all|pls|please|plz|thx|"
    r"thanks|ty|lol|asap|help|anyone|does anyone|someone|can someone|can you|could you|"
    r"know|tell me|give me|look up|lookup|find|search|looking for|need|i need|the right one)\b"
)
_EDGE = re.compile(
    r"^(?:(?:for|of|is|are|the|a|an|to|on|about|with|in|me|it)\b ?)+|(?:\b(?:for|of|is|the|a|an|to|it)\s*)+$"
)
_QUESTION_WORDS = frozenset(
    [
        "how",
        "why",
        "when",
        "where",
        "who",
        "whom",
        "whose",
        "should",
        "can",
        "could",
        "would",
        "will",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "what",
        "which",
        "whats",
    ]
)
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|i'm|i've|me|my|mine|myself)\b")
# Whether something is safe to do ("is it ok to take antibiotics left over…"): someone's own
# health asked about without "I", which the filler would otherwise strip to bare terms.
_SAFE_TO = re.compile(r"\b(?:is|would) (?:it|that|this) (?:ok|okay|safe|bad|fine|normal|dangerous) to\b")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    terms: str  # the words to search for, cue and filler removed ("" when nothing is left)
    cue: bool  # the message asks for a code ("icd", "dx", "code", "what do I use for")
    asks: bool  # what is left is a question ("how do I treat a migraine", "when do I use X in icd-10")
    first_person: bool  # the member's own health ("I have a fever")


def _plain(text: str) -> str:
    text = text.replace("’", "'").lower()
    text = re.sub(r"[^a-z0-9'/,.+\- ]+", " ", text)  # emoji and symbols carry no terms
    # "a-fib", "pre-eclampsia": members type hyphenated words both ways; the joined form is the
    # one the synonym list and the index both know.
    text = re.sub(r"\b([a-z]+)-([a-z]+)\b", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip(" ?!.,-")


def _asks(clause: str) -> bool:
    """A clause that opens with a question word ("placeholder x in icd 10, when do I use it")."""
    return clause.strip().split(" ", 1)[0].replace("'", "") in _QUESTION_WORDS


def search_request(text: str) -> SearchRequest:
    plain = _plain(text)
    cue = bool(_CUE.search(plain))
    rest = _CUE_PHRASES.sub(" ", plain)
    rest = _FILLER.sub(" ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" ?!.,:-")
    previous = None
    while rest != previous:
        previous = rest
        rest = _EDGE.sub("", rest).strip(" ?!.,:-")
    return SearchRequest(
        terms=rest,
        cue=cue,
        asks=any(_asks(clause) for clause in re.split(r"[,;:?]| - ", rest)),
        first_person=bool(_FIRST_PERSON.search(rest) or _SAFE_TO.search(plain)),
    )

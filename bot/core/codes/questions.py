"""Free-form code questions: "what does J45.909 mean", "is R10.1 billable", "what's the code
for mild intermittent asthma". The router asks :func:`code_question` before anything else it
answers; a request to code a real patient's record or claim is refused before this is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .format import CODE_IN_TEXT, codes_in

_CUES = re.compile(
    r"\b(?:codes?|mean|means|meaning|billable|bill|icd|icd10|icd-10|dx|describe|stand for|valid)\b"
)
_BILLABLE = re.compile(
    r"\b(?:billable|bill|billed|reportable|reported|report|valid|header|specific enough|complete|"
    r"by itself|on its own|alone|"
    r"(?:4|5|6|7|4th|5th|6th|7th|fourth|fifth|sixth|seventh) (?:character|digit))\b"
)
# (A CPT category, "cat III codes", names procedure codes even without "CPT".)
_PROCEDURE = re.compile(
    r"\b(?:cpt|hcpcs|pcs|procedure|procedures|modifier|modifiers|e/?m|surgery|"
    r"cat(?:egory)? (?:i{1,3}|[123]))\b"
)
_SEARCH = re.compile(
    r"^(?:hey |hi |so |ok |quick question,? )?(?:(?:what|which)(?:'?s| is| are| would be| should i use)?"
    r"(?: the| a| an)?(?: right| correct| best)?(?: icd(?:-| )?10(?:-| )?(?:cm)?| icd| diagnosis| dx)?"
    r" codes? (?:for|of|is) |(?:icd(?:-| )?10(?:-| )?(?:cm)? |dx |diagnosis )?codes? for |"
    r"how (?:do|would|should) (?:i|you|we) code |"
    r"(?:look up|lookup|find|search)(?: the| an?)?(?: icd(?:-| )?10)? codes? for )"
    r"(?P<terms>.+)$"
)
# A code-shaped word with too many characters: "E11.99999", "J4590999".
OVERLONG_CODE = re.compile(r"\b([A-Za-z]\d[0-9A-Za-z]\.[0-9A-Za-z]{5,}|[A-Za-z]\d[0-9A-Za-z]\d{5,})\b")
# Words that only ask about the code beside them.
_ASKING = frozenset(
    [
        "what",
        "whats",
        "what's",
        "is",
        "this",
        "that",
        "the",
        "code",
        "about",
        "tell",
        "me",
        "explain",
        "pls",
        "please",
        "plz",
        "mean",
        "means",
        "meaning",
        "stand",
        "for",
        "does",
        "it",
        "info",
        "on",
    ]
)
# Someone's own case: a code for a real person is not a study question (and would carry PHI).
PERSONAL = re.compile(
    r"\b(?:my|our|her|his|their|this|a real) (?:patients?|claims?|charts?|records?|notes?|eob|bills?|"
    r"encounters?|grandma|grandmother|grandpa|grandfather|mom|mother|dad|father|husband|wife|son|"
    r"daughter|child|kid|baby|friend|doctor|diagnosis|results|labs?|op note|superbill)\b"
)


class CodeIntent(StrEnum):
    LOOKUP = "lookup"  # a code is named: what it means
    BILLABLE = "billable"  # a code is named and the question is whether it can be reported
    SEARCH = "search"  # words to find codes for


@dataclass(frozen=True, slots=True)
class CodeQuestion:
    intent: CodeIntent
    codes: tuple[str, ...] = ()  # dotted, for look-ups
    terms: str = ""  # for searches


def _plain(text: str) -> str:
    text = text.replace("’", "'").lower()
    return re.sub(r"\s+", " ", text).strip(" ?!.")


def asks_for_procedure_code(text: str) -> bool:
    """CPT, HCPCS or PCS: not ICD-10-CM diagnosis codes (and CPT descriptors are not ours to show)."""
    return bool(_PROCEDURE.search(_plain(text)))


def code_question(text: str) -> CodeQuestion | None:
    """The code question ``text`` asks, or None when it is not one."""
    plain = _plain(text)
    if not plain or asks_for_procedure_code(plain):
        return None
    # A code with too many characters is looked up as typed, so the member hears what is wrong
    # with it (not the category its first characters happen to spell).
    overlong = [m.group(1).upper() for m in OVERLONG_CODE.finditer(text)]
    found = overlong + codes_in(OVERLONG_CODE.sub(" ", text))
    if found and (overlong or _names_a_code(text, plain)):
        intent = CodeIntent.BILLABLE if _BILLABLE.search(plain) else CodeIntent.LOOKUP
        return CodeQuestion(intent, tuple(found[:3]))
    match = _SEARCH.match(plain)
    if match:
        terms = match.group("terms").strip(" ?!.")
        terms = re.sub(r"^(?:a |an |the |someone with |a patient with |patients with )", "", terms)
        if terms and not PERSONAL.search(plain):
            return CodeQuestion(CodeIntent.SEARCH, terms=terms)
    return None


def _names_a_code(text: str, plain: str) -> bool:
    """A code-shaped word that is clearly meant as a code: it has a dot or four characters or
    more, the question talks about codes (so "a1c levels" is not taken for code A1C), or the
    rest of the message only asks about it ("whats I10", "I10?")."""
    for match in CODE_IN_TEXT.finditer(text):
        word = match.group(1)
        if "." in word or len(word) >= 4 or _CUES.search(plain) or plain == word.lower():
            return True
        rest = set(re.findall(r"[a-z0-9']+", plain.replace(word.lower(), " ")))
        if rest <= _ASKING:
            return True
    return False


def is_personal(text: str) -> bool:
    return bool(PERSONAL.search(_plain(text)))


def current_fiscal_year(today: date) -> int:
    """The US fiscal year ICD-10-CM follows: FY2027 starts on October 1, 2026."""
    return today.year + 1 if today.month >= 10 else today.year

"""A real case behind a code question: a claim, a payer's decision, an audit, someone's bill, a
named or described patient. A study bot answers what a code means and how codes are found; it
does not code or check a real person's record or claim (that needs the full record, the
Official Guidelines and the payer's policy, and such a message may carry PHI).

:func:`case_reason` reads general cues, not phrases: a claim's life (claims, denials,
rejections, appeals, audits, what was billed or submitted), payers, a patient referred to as a
person (a title, "pt", a redacted name, "this guy", "he has"), a relative's or one's own bill,
and an age or sex with findings ("55 yo male"). The router asks it before any code route.
"""

from __future__ import annotations

import re

_RELATIVES = (
    r"mom|mother|mum|dad|father|husband|wife|son|daughter|child|kid|baby|grandma|grandmother|grandpa|"
    r"grandfather|aunt|uncle|brother|sister|cousin|partner|boyfriend|girlfriend|fiance|family|friend|"
    r"neighbou?r|boss|coworker"
)
_PEOPLE = (
    r"patients?|pts?|clients?|guy|gal|lady|man|woman|gentleman|kid|boy|girl|baby|infant|person|member|"
    r"resident"
)
_RECORDS = r"claims?|charts?|records?|notes?|eobs?|bills?|statements?|invoices?|encounters?|superbills?"
# Only someone's own: "this diagnosis" in a study question is the one it goes on to name.
_OWN = r"results?|labs?|diagnosis|diagnoses|doctor|provider|visit|appointment|insurance|meds|medications?"

# Each cue with the reason a decline gives (for logs and tests).
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a claim or a payer's decision",
        re.compile(
            r"\b(?:claims?|denied|denials?|deny|denies|rejected|rejects?|rejections?|appeal(?:ed|ing|s)?|"
            r"audit(?:ed|ing|or|s)?|billed|submitted|superbills?|eobs?|remittance|remits?|payers?|insurance|"
            r"insurer|medicare|medicaid|tricare|aetna|cigna|humana|unitedhealthcare|bcbs|blue cross|"
            r"reimburse(?:d|ment)?|paid|recoup(?:ed|ment)?)\b"
        ),
    ),
    (
        "a named or described patient",
        re.compile(
            r"\b(?:mr|mrs|ms|miss|dr)\.? [a-z]|\[(?:redacted|name|patient|pt)[^\]]*\]|\bredacted\b|"
            r"\bpt\b|\bpts\b|"
            rf"\b(?:my|our|this|that|his|her|their) (?:{_PEOPLE})\b|"
            r"\bfor (?:him|her|them|this (?:one|person|guy|lady|kid))\b|"
            r"\b(?:he|she)(?:s| is| has| had| was| came| comes| presents| presented| got| complains)\b|"
            r"\bcame in\b|\bpresent(?:s|ed|ing) (?:with|w|to)\b|\badmitted (?:for|with|w)\b|"
            r"\bseen (?:today|yesterday|this)\b|\ba real (?:patient|person|case)\b"
        ),
    ),
    (
        "someone's own record or bill",
        re.compile(
            rf"\b(?:my|our|her|his|their|this|a real) (?:{_RECORDS})\b|"
            rf"\b(?:my|our|her|his|their) (?:{_OWN})\b|"
            rf"\b(?:my|our|her|his|their) (?:{_RELATIVES})s?\b"
        ),
    ),
    (
        "an age or sex with findings",
        re.compile(
            r"\b\d{1,3} ?(?:yo|y o|yr old|yrs old|years? old|year-old|yr-old|yoa)\b|"
            r"\b\d{1,3} ?(?:m|f|male|female)\b|\b(?:male|female),? (?:age |aged )?\d{1,3}\b"
        ),
    ),
)


def _plain(text: str) -> str:
    text = text.replace("’", "'").lower().replace("'s ", " ").replace("/", " ")
    return re.sub(r"\s+", " ", text).strip()


# A patient named as typed: "patient Jane D.", "pt JD" (capitals are what tell a name).
_NAMED_PATIENT = re.compile(r"\b(?:[Pp]atient|[Pp]t)\.?:? (?:[A-Z][a-z]+|[A-Z]{2,3}\b|[A-Z]\.)")


def case_reason(text: str) -> str | None:
    """Why ``text`` is about a real case (a short phrase), or None when it is a study question."""
    if _NAMED_PATIENT.search(text):
        return "a named or described patient"
    plain = _plain(text)
    for reason, pattern in _CUES:
        if pattern.search(plain):
            return reason
    return None

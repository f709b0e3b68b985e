"""Typed answers: decide whether a chat message is an answer to a question, and which.

``match_typed_answer(text, question) -> int | None`` returns the 0-based choice index, or
``None`` when the message is not (clearly) an answer.  It accepts

* a letter: ``B``, ``b``, ``(b)``, ``b)``, ``[b]``, ``b.``, ``option b``, ``answer b``,
  ``answer: b``, ``I think B``, ``I think it's b``, ``my final answer is B``, ``B is my answer``;
* a letter followed by the choice text: ``B) E11.65`` (the text must agree with the letter);
* the text of a choice or of an ``accept`` entry (counts as the correct choice), on its own
  or after an answer phrase (``I think hyperglycemia``), compared case- and
  punctuation-insensitively.  Typo tolerance is deliberately tight: texts shorter than five
  characters or containing a digit (codes!) must match exactly; 5-11 characters allow one
  edit, 12 or more allow two; and the best match must be unambiguous.

A message that only *contains* a choice among other chat ("lol hyperglycemia again") is
not an answer, and "chair" never counts for "air".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from bot.core.text import compact, normalise_answer

if TYPE_CHECKING:
    from bot.core.banks.library import Question

MAX_TYPED_CHARS = 400  # longer messages are chat, not answers

_LEAD = (
    r"(?:i\s+think|i\s+believe|i\s+guess|i\s+say|i'?d\s+say|i\s+would\s+say"
    r"|i'?d\s+go\s+(?:with|for)|i'?ll\s+go\s+(?:with|for)|i'?ll\s+say|i'?m\s+going\s+(?:with|for)"
    r"|going\s+(?:with|for)|go\s+(?:with|for)|i\s+(?:pick|choose|chose|picked|vote)"
    r"|my\s+(?:final\s+)?(?:answer|guess|pick|vote)(?:\s+is)?"
    r"|(?:the\s+)?(?:final\s+|correct\s+|right\s+)?answer(?:\s+is)?"
    r"|(?:it|that)'?s|its|(?:it|that)\s+(?:is|must\s+be|should\s+be|has\s+to\s+be)"
    r"|must\s+be|should\s+be|has\s+to\s+be|probably|definitely|surely|maybe|obviously"
    r"|hmm+|ok(?:ay)?|so|um+|uh+|well)"
)
_PREFIX = rf"(?:{_LEAD}\b[\s:,\-]*)*"
_SUFFIX = (
    r"(?:[\s,]*(?:is\s+(?:my|the)\s+(?:final\s+)?answer|final\s+answer|for\s+sure"
    r"|i\s+think|i\s+guess|i\s+believe|probably|maybe))?"
)
_LETTER_RE = re.compile(
    rf"^{_PREFIX}(?:(?:option|choice|letter)\s*)?(?:\(([a-e])\)|\[([a-e])\]|([a-e])\)?)"
    rf"{_SUFFIX}\s*[.!?]*$"
)
_LETTER_AND_TEXT_RE = re.compile(rf"^{_PREFIX}\(?([a-e])\s*[).:,\-]\s*(.+)$")
_ONE_LEAD_RE = re.compile(rf"^{_LEAD}\b[\s:,\-]*")
_SUFFIX_RE = re.compile(rf"{_SUFFIX}\s*[.!?]*$")
_ARTICLE_RE = re.compile(r"^(?:the|an?)\s+(?=\S)")
_EDGE_PUNCT = " \t\n.,;:!?\"'()[]{}*_~"


def _key(text: str) -> str:
    """Comparison form: words of letters/digits (dots inside codes kept), articles dropped."""
    text = normalise_answer(text).strip(_EDGE_PUNCT)
    text = re.sub(r"[^\w.\s-]|_", " ", text)
    text = re.sub(r"(?<!\w)[.-]|[.-](?!\w)", " ", text)  # dots/dashes only inside words
    text = re.sub(r"\s+", " ", text).strip()
    return _ARTICLE_RE.sub("", text)


def _tolerance(target: str) -> int:
    """Edits allowed when matching ``target`` (a key): none for short texts or codes."""
    if any(ch.isdigit() for ch in target):
        return 0
    n = len(compact(target))
    if n < 5:
        return 0
    return 1 if n < 12 else 2


def _match_text(candidate: str, targets: list[tuple[str, int]]) -> int | None:
    """Index for ``candidate`` among (key, index) targets, or None when nothing or several fit."""
    if not candidate:
        return None
    cand_compact = compact(candidate)
    if not cand_compact:
        return None
    exact = {idx for key, idx in targets if compact(key) == cand_compact}
    if exact:
        return exact.pop() if len(exact) == 1 else None
    best: dict[int, int] = {}
    for key, idx in targets:
        tol = _tolerance(key)
        if tol == 0:
            continue
        dist = Levenshtein.distance(candidate, key, score_cutoff=tol)
        if dist <= tol:
            best[idx] = min(dist, best.get(idx, dist))
    if not best:
        return None
    lowest = min(best.values())
    winners = [idx for idx, d in best.items() if d == lowest]
    return winners[0] if len(winners) == 1 else None


def _targets(question: Question) -> list[tuple[str, int]]:
    targets = [(_key(c), i) for i, c in enumerate(question.choices)]
    targets += [(_key(a), question.answer) for a in question.accept]
    return [(k, i) for k, i in targets if k]


def match_typed_answer(text: str, question: Question) -> int | None:
    """The choice index a typed message answers, or ``None`` if it is not clearly an answer."""
    if not text or len(text) > MAX_TYPED_CHARS:
        return None
    norm = normalise_answer(text)
    n_choices = len(question.choices)

    m = _LETTER_RE.match(norm)
    if m:
        letter = next(g for g in m.groups() if g)
        idx = ord(letter) - ord("a")
        return idx if idx < n_choices else None

    targets = _targets(question)

    m = _LETTER_AND_TEXT_RE.match(norm)
    if m:
        idx = ord(m.group(1)) - ord("a")
        if idx < n_choices:
            rest = _key(_SUFFIX_RE.sub("", m.group(2)))
            if _match_text(rest, targets) == idx or compact(rest) == compact(_key(question.choices[idx])):
                return idx

    # The whole message, then with answer phrases peeled off one at a time ("I think it is
    # acceptable ..." must still be able to match a choice that starts with "It is").
    candidates: list[str] = []
    current = norm
    for _ in range(8):
        for form in (current, _SUFFIX_RE.sub("", current)):
            key = _key(form)
            if key and key not in candidates:
                candidates.append(key)
        m = _ONE_LEAD_RE.match(current)
        if not m or not m.end():
            break
        current = current[m.end() :]
    for cand in candidates:
        found = _match_text(cand, targets)
        if found is not None:
            return found
    return None

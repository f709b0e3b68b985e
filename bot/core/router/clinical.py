"""The clinical-evidence signal the router weighs before sending words to code search.

The router core knows the knowledge base, not the ICD-10-CM index, so the code slice provides
the signal (:class:`bot.core.codes.evidence.ClinicalEvidence` over the loaded index) and the
router passes it how much of each word the knowledge base or everyday English claims. A
matcher built without a signal (tests, tools) sends only explicit code questions to the code
tools.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class ClinicalSignal(Protocol):
    def __call__(self, terms: str, known: Callable[[str], float], /) -> float:
        """How clinical ``terms`` are, 0 to 1 (0 when the signal cannot tell yet)."""
        ...

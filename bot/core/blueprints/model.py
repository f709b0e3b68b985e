"""Exam blueprints: how many questions a real exam asks, in how long, with what pass mark, and
how many questions each area gets. Loaded from ``blueprints/*.yaml`` (one per exam).

Each figure carries its source; a count no source gives is marked ``estimated`` and its source
says how it was chosen, so members are never shown a guess as the certifying body's figure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AreaShare:
    domain: str
    count: int  # questions of a full exam
    source: str
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class Blueprint:
    exam: str
    title: str
    questions: int
    minutes: int
    pass_percent: int
    source: str
    areas: tuple[AreaShare, ...]
    pass_note: str = ""  # e.g. "AHIMA reports a scaled score, not a percent"
    file: str = ""

    @property
    def seconds_per_question(self) -> float:
        """The real exam's pace."""
        return self.minutes * 60 / self.questions

    def counts_for(self, length: int) -> dict[str, int]:
        """Questions per area for an exam of ``length`` questions, in proportion to the full
        exam's counts (largest remainders, so they add up to ``length`` exactly)."""
        length = max(0, min(length, self.questions))
        exact = {a.domain: a.count * length / self.questions for a in self.areas}
        counts = {d: int(x) for d, x in exact.items()}
        short = length - sum(counts.values())
        by_remainder = sorted(exact, key=lambda d: (-(exact[d] - counts[d]), d))
        for domain in by_remainder[:short]:
            counts[domain] += 1
        return counts

    def minutes_for(self, length: int) -> float:
        """The time an exam of ``length`` questions gets at the real exam's pace."""
        return self.seconds_per_question * length / 60

    def passes(self, right: int, asked: int) -> bool:
        return asked > 0 and right * 100 >= self.pass_percent * asked

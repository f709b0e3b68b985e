"""Content problems found while loading YAML, reported as ``file: entry: what is wrong``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    entry: str | None  # entry or question id; None when the problem is file-wide
    message: str
    # Problems elsewhere that only follow from this one (every "unknown source" when the sources
    # file does not parse): reported as one line after it, not one line each.
    caused: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        """``file: entry: message``; the problems it causes follow as one more line."""
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        line = f"{where}: {self.message}"
        n = len(self.caused)
        if n:
            line += f"\n… and {n} more problem{'s' if n > 1 else ''} caused by the error above"
        return line


def report_lines(problems: list[Problem]) -> list[str]:
    """One line per problem, each one's cascade collapsed into a line after it."""
    return [line for problem in problems for line in str(problem).splitlines()]


def count_problems(problems: list[Problem]) -> int:
    """Every problem, the collapsed ones included."""
    return sum(1 + len(p.caused) for p in problems)


class ContentError(Exception):
    """Raised when shipped content does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = report_lines(problems)
        shown = "\n".join(lines[:50])
        more = f"\n… and {len(lines) - 50} more" if len(lines) > 50 else ""
        super().__init__(f"{count_problems(problems)} content problem(s):\n{shown}{more}")


def display_path(path: Path, root: Path | None = None) -> str:
    """A short path for messages: relative to ``root`` (or the cwd) when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def describe_value(value: Any) -> str:
    """A YAML value as an author would recognise it in an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{value!r} (true/false)"
    if isinstance(value, str):
        short = value if len(value) <= 30 else value[:27] + "..."
        return f"text {short!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    for kind, name in ((list, "a list"), (dict, "a mapping")):
        if isinstance(value, kind):
            return name
    return type(value).__name__

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

    def __str__(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when shipped content does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} content problem(s):\n{lines}{more}")


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

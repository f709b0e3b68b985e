"""The one way content loaders check raw YAML: a :class:`Checker` per file collects problems.

Both the knowledge loader and the question-bank loader turn raw YAML into typed records with
a Checker, so every content problem is reported the same way (``file: entry: message``) and
every file is checked completely before loading gives up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from .problems import Problem, describe_value
from .yamlio import YamlFileError, load_yaml

_TYPE_NAMES: dict[type, str] = {
    str: "text",
    bool: "true/false",
    list: "a list",
    dict: "a mapping",
    int: "a number",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping: the Python type its value must have, and whether it must be there."""

    kind: type
    required: bool = False


def is_text(value: Any) -> TypeGuard[str]:
    """Text with something in it besides spaces."""
    return isinstance(value, str) and bool(value.strip())


def whole_number(value: Any) -> TypeGuard[int]:
    """An int that is not a bool (YAML ``yes`` loads as ``True``, which Python counts as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


class Checker:
    """Collects the problems of one file while its raw YAML is turned into records."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, entry: str | None, message: str) -> None:
        """Record a problem; ``entry`` is None when it concerns the whole file."""
        self.problems.append(Problem(self.file, entry, message))

    def read_yaml(self, path: Path) -> tuple[bool, Any]:
        """``(True, data)``, or ``(False, None)`` with the read or syntax error recorded."""
        try:
            return True, load_yaml(path)
        except YamlFileError as exc:
            self.add(None, str(exc))
            return False, None

    def mapping(self, data: Any, fields: Mapping[str, Field], entry: str | None, where: str = "") -> bool:
        """Check the keys and value types of one mapping; False when it is unusable."""
        prefix = f"{where}: " if where else ""
        if not isinstance(data, dict):
            self.add(entry, f"{prefix}expected a mapping, got {describe_value(data)}")
            return False
        for key in data:
            if key not in fields:
                self.add(entry, f"{prefix}unknown key {key!r} (allowed: {', '.join(fields)})")
        ok = True
        for key, spec in fields.items():
            if data.get(key) is None:
                if spec.required:
                    self.add(entry, f"{prefix}missing required field {key!r}")
                    ok = False
            elif not self._field_ok(data[key], key, spec, entry, prefix):
                ok = False
        return ok

    def _field_ok(self, value: Any, key: str, spec: Field, entry: str | None, prefix: str) -> bool:
        # bool is an int subclass and YAML "yes" is a bool: be exact.
        if not isinstance(value, spec.kind) or (spec.kind is not bool and isinstance(value, bool)):
            expected = _TYPE_NAMES.get(spec.kind, spec.kind.__name__)
            self.add(entry, f"{prefix}field {key!r} should be {expected}, got {describe_value(value)}")
            return False
        if isinstance(value, str) and not value.strip() and spec.required:
            self.add(entry, f"{prefix}field {key!r} is empty")
            return False
        return True

    def texts(self, values: list[Any], entry: str, where: str, *, min_items: int = 0) -> tuple[str, ...]:
        """The non-empty texts of a list, stripped; every other item is a problem."""
        out: list[str] = []
        for i, value in enumerate(values):
            if is_text(value):
                out.append(value.strip())
            else:
                self.add(entry, f"{where}[{i}] should be non-empty text, got {describe_value(value)}")
        if len(out) < min_items:
            self.add(entry, f"{where} needs at least {min_items} item(s), has {len(out)}")
        return tuple(out)

    def length(self, text: str, limit: int, entry: str, where: str) -> None:
        """A problem when ``text`` is longer than ``limit`` characters."""
        if len(text) > limit:
            self.add(entry, f"{where} is {len(text)} characters; the limit is {limit}")

"""YAML loading that reports problems precisely instead of guessing.

PyYAML silently keeps the last of two equal keys; content authors deserve to hear about it,
so the loader below treats a duplicate key as an error with its line number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml's C loader parses the shipped content about ten times faster when it is present.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that refuses duplicate mapping keys."""


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)):
            continue  # unhashable keys are reported by PyYAML itself
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlFileError(Exception):
    """The file could not be read or is not valid YAML; the message names the line."""


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise YamlFileError(f"cannot read file: {exc.strerror}") from None
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if mark is not None:
            raise YamlFileError(
                f"YAML syntax error at line {mark.line + 1}, column {mark.column + 1}: {problem}"
            ) from None
        raise YamlFileError(f"YAML syntax error: {problem}") from None

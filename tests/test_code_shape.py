"""The house rules for bot/: small modules, classes and functions.

A module over 400 lines, a class over 300 or a function over 60 is a room nobody can find
their way around; split it before adding to it (see CONTRIBUTING in the README).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 60

SOURCES = sorted(BOT.rglob("*.py"))


def _span(node: ast.AST) -> int:
    assert node.end_lineno is not None
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]


def _name(path: Path) -> str:
    return str(path.relative_to(BOT.parent))


def test_sources_found() -> None:
    assert len(SOURCES) > 20


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_module_size(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines (limit {MAX_MODULE_LINES})"


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_class_and_function_sizes(path: Path) -> None:
    too_big = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and _span(node) > MAX_CLASS_LINES:
            too_big.append(f"class {node.name}: {_span(node)} lines (limit {MAX_CLASS_LINES})")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _span(node) > MAX_FUNCTION_LINES:
            too_big.append(f"function {node.name}: {_span(node)} lines (limit {MAX_FUNCTION_LINES})")
    assert not too_big, f"{_name(path)}: " + "; ".join(too_big)


def test_the_limits_catch_an_oversize_function(tmp_path: Path) -> None:
    """The checker itself: a 61-line function is reported."""
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    source = tmp_path / "big.py"
    source.write_text(f"def big():\n{body}\n", encoding="utf-8")
    node = ast.parse(source.read_text()).body[0]
    assert _span(node) == 61 > MAX_FUNCTION_LINES

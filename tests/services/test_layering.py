"""The application layer's import rules: no Discord, and the store only through its interface."""

from __future__ import annotations

import ast
from pathlib import Path

import bot

BOT = Path(bot.__file__).parent
STORE_INTERFACE = {"bot.store.interface", "bot.store.records"}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(BOT.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_core_store_and_services_never_import_discord():
    for layer in ("core", "store", "services"):
        for path in (BOT / layer).rglob("*.py"):
            bad = {m for m in imported_modules(path) if m == "discord" or m.startswith("discord.")}
            assert not bad, f"{path} imports {bad}"


def test_services_use_the_store_only_through_its_interface():
    for path in (BOT / "services").rglob("*.py"):
        store_imports = {m for m in imported_modules(path) if m.startswith("bot.store")}
        allowed = {m for m in store_imports if any(m == i or m.startswith(i + ".") for i in STORE_INTERFACE)}
        assert store_imports == allowed, f"{path} imports {store_imports - allowed}"


def test_only_the_store_imports_aiosqlite():
    for path in BOT.rglob("*.py"):
        if (BOT / "store") in path.parents:
            continue
        assert "aiosqlite" not in imported_modules(path), path

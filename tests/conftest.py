"""Shared fixtures: the shipped knowledge base, loaded once per test session; the two store
engines (SQLite and a PostgreSQL server the session starts)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from bot.services.knowledge import KnowledgeService

from .pg_server import PgServerError, create_database, start_server

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
QUIZZES_DIR = ROOT / "quizzes"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def knowledge(kb: KnowledgeBase) -> KnowledgeService:
    return KnowledgeService(kb)


# --------------------------------------------------------------------------- two engines
#
# Every test that asks for ``engine`` (directly or through ``db_location`` / ``store``) runs
# once on SQLite and once on a real PostgreSQL server that the session starts itself (see
# tests/pg_server.py), unless it is marked ``sqlite_only(reason)`` or parametrizes ``engine``
# itself.  When PostgreSQL cannot be started, its tests fail with the reason: they are never
# skipped.

ENGINES = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test checks SQLite itself; it does not run on PostgreSQL"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    for chosen in metafunc.definition.iter_markers("parametrize"):
        names = chosen.args[0]
        if "engine" in ([n.strip() for n in names.split(",")] if isinstance(names, str) else names):
            return  # the test chooses its engines itself
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None and not (marker.kwargs.get("reason") or marker.args):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
    metafunc.parametrize("engine", ENGINES[:1] if marker else ENGINES)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The admin URL of the session's PostgreSQL server (started here unless
    ``CERTCOACH_TEST_PG_URL`` names one)."""
    given = os.environ.get("CERTCOACH_TEST_PG_URL", "").strip()
    if given:
        yield given
        return
    try:
        server = start_server()
    except PgServerError as exc:
        pytest.fail(f"PostgreSQL could not be started for the tests: {exc}", pytrace=False)
    try:
        yield server.url()
    finally:
        server.stop()


async def create_pg_database(admin_url: str) -> str:
    """The URL of a new, empty database on the server of ``admin_url``."""
    return await create_database(admin_url, "test")


@pytest.fixture
def new_database(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], Awaitable[str | Path]]:
    """Factory: ``await new_database("sqlite" | "postgres")`` is where another new, empty
    database lives (for tests that move data between databases, or engines)."""
    files = itertools.count(1)

    async def make(engine: str) -> str | Path:
        if engine == "sqlite":
            return tmp_path / "databases" / f"db{next(files)}.sqlite3"
        if engine != "postgres":
            raise ValueError(engine)
        return await create_pg_database(request.getfixturevalue("pg_server"))

    return make


@pytest.fixture
async def db_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where this test's new, empty database lives: a file path (SQLite) or a URL (PostgreSQL)."""
    if engine == "sqlite":
        return tmp_path / "data" / "db.sqlite3"
    return await create_pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture(scope="session")
def code_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ICD-10-CM index cache built once per test session from the bundled FY2026 data."""
    from bot.services.codes_data import build_cache

    directory = tmp_path_factory.mktemp("codes-cache")
    build_cache(directory)
    return directory


@pytest.fixture(scope="session")
def code_data(code_cache_dir: Path):  # type: ignore[no-untyped-def]
    from bot.services.codes_data import load_code_data

    return load_code_data(code_cache_dir)

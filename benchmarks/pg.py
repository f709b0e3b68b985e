"""A PostgreSQL database for a benchmark run: on a server given by URL, or on a throw-away server
started as the tests start theirs (``auto``: tests/pg_server.py, fsync off, so its figures are an
upper bound for a server that syncs)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

_numbers = itertools.count(1)


@contextmanager
def postgres_server(admin: str) -> Iterator[str]:
    """The admin URL to create databases with (``auto``: a server started for this run)."""
    if admin != "auto":
        yield admin
        return
    from tests.pg_server import start_server

    server = start_server()
    try:
        yield server.url()
    finally:
        server.stop()


async def new_database(admin: str, label: str) -> str:
    """The URL of a new, empty database on ``admin``'s server."""
    from tests.pg_server import create_database

    return await create_database(admin, f"bench_{label}")

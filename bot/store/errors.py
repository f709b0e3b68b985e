"""Why the store cannot be used: :class:`StoreError` and its kinds.

Every refusal to open a database is a :class:`DatabaseUnusable`: which path, what is wrong with
it and what to do, so the entry points can print one sentence instead of a traceback.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used (e.g. it was written by a newer version of the bot)."""


class DatabaseUnusable(StoreError):
    """The database at ``path`` cannot be opened; nothing in it was changed.

    ``problem`` says what is wrong ("the file is not an SQLite database"), ``remedy`` what to
    do ("move it away or choose another database path"); ``str()`` is one sentence with both.
    """

    def __init__(self, path: str, problem: str, remedy: str) -> None:
        self.path = path
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"cannot use the database {path}: {problem}; {remedy}")


class WriteInterrupted(StoreError):
    """A queued write was cancelled before its transaction was confirmed (it may or may not
    have committed; retrying is safe where the write is idempotent, e.g. an answer)."""


class TransferRefused(StoreError):
    """An import the database refuses (e.g. it already holds data); nothing was written."""

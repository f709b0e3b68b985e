"""Forgetting a member, and (not yet) export/import, on PostgreSQL.

``PgPrivacyStore`` follows the SQLite rules exactly (``bot.store.transfer``): the member's
answers in the server are deleted and the rounds they started keep going without naming them.
Export and import speak the SQLite row format; converting PostgreSQL's types to and from it is
still to be written, so ``PgTransferStore`` refuses with a sentence saying what to do instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import TransferRefused
from ..records import ForgetResult, TransferRow
from ..transfer_tables import TABLES
from .database import PgDatabase, rowcount

NOT_YET = (
    "export and import work on SQLite databases only for now; "
    "point CERTCOACH_DB at an SQLite file to export or import"
)


class PgPrivacyStore:
    """Implements ``PrivacyStore``."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    async def forget_member(self, guild_id: int, user_id: int) -> ForgetResult:
        async with self._db.write() as con:
            deleted = await con.execute(
                "DELETE FROM answers WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
            )
            anonymised = await con.execute(
                "UPDATE rounds SET starter_id = 0 WHERE guild_id = $1 AND starter_id = $2", guild_id, user_id
            )
        return ForgetResult(answers_deleted=rowcount(deleted), rounds_anonymised=rowcount(anonymised))

    async def rows_naming_member(self, guild_id: int, user_id: int) -> int:
        row = await self._db.fetch_one(
            """SELECT (SELECT COUNT(*) FROM answers WHERE guild_id = $1 AND user_id = $2)
                    + (SELECT COUNT(*) FROM rounds WHERE guild_id = $1 AND starter_id = $2)""",
            guild_id,
            user_id,
        )
        return int(row[0]) if row else 0


class PgTransferStore:
    """Implements ``TransferStore`` by refusing (see the module docstring)."""

    def __init__(self, database: PgDatabase) -> None:
        self._db = database

    @property
    def tables(self) -> tuple[str, ...]:
        return TABLES

    async def schema_version(self) -> int:
        return await self._db.schema_version()

    async def dump(self) -> dict[str, list[TransferRow]]:
        raise TransferRefused(NOT_YET)

    async def load(self, rows: Mapping[str, Sequence[TransferRow]]) -> None:
        raise TransferRefused(NOT_YET)

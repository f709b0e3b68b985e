"""Group commit: writes that arrive together share one transaction (one fsync, one commit).

Both engines use it: SQLite (``Database``) and PostgreSQL (``PgDatabase``) each provide a
``write()`` transaction and a ``spawn()`` for tasks that must run to their end.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import Any, Generic, Protocol, TypeVar

from .errors import WriteInterrupted

C = TypeVar("C")
C_co = TypeVar("C_co", covariant=True)
T = TypeVar("T")
R = TypeVar("R")

# ``apply(connection, items)``: the results of ``items``, in order, written inside the
# transaction it is given (one statement per item, or one statement for them all).
BatchApply = Callable[[C, list[T]], Awaitable[list[R]]]


class Transactional(Protocol[C_co]):
    """What a group commit needs from a database."""

    def write(self) -> AbstractAsyncContextManager[C_co]: ...

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]: ...


class GroupCommit(Generic[C, T, R]):
    """Writes that arrive together share one transaction.

    ``submit(item)`` queues ``item`` and returns its result once the transaction holding it
    has committed, so each caller still returns only after its write is durable.  A batch
    that fails is rolled back and retried one item per transaction, so one failing item fails
    only its own caller (each item is all-or-nothing either way).  Each batch runs as a task of
    its own: a caller who gives up does not cancel the batch the others share, and a batch
    interrupted anyway (e.g. by the event loop shutting down) fails its callers with
    :class:`WriteInterrupted`.  While a batch is being written the next one gathers, so a
    burst costs a few commits, not one per item.
    """

    def __init__(self, database: Transactional[C], apply: BatchApply[C, T, R], max_batch: int):
        self._database = database
        self._apply = apply
        self._max_batch = max_batch
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0  # transactions committed for more than one item (for tests and benchmarks)

    async def submit(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_batches())
        # Shielded: a caller that gives up must not cancel the batch the others share.
        return await asyncio.shield(future)

    async def drain(self) -> None:
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _write_batches(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
                await asyncio.shield(self._database.spawn(self._write_batch(batch)))
        except BaseException:
            queued, self._queue = self._queue, []
            _interrupt(queued)
            raise

    async def _write_batch(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            try:
                async with self._database.write() as con:
                    results = await self._apply(con, [item for item, _ in batch])
            except Exception:
                await self._write_one_by_one(batch)
                return
            if len(batch) > 1:
                self.batches += 1
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)
        finally:
            _interrupt(batch)

    async def _write_one_by_one(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        for item, future in batch:
            try:
                async with self._database.write() as con:
                    (result,) = await self._apply(con, [item])
            except Exception as exc:  # reported to that caller only
                if not future.done():
                    future.set_exception(exc)
            else:
                if not future.done():
                    future.set_result(result)


def _interrupt(items: list[tuple[Any, asyncio.Future[Any]]]) -> None:
    """Fail the callers still waiting on ``items`` (their write may or may not have committed)."""
    for _, future in items:
        if not future.done():
            future.set_exception(WriteInterrupted("the write was interrupted before it was confirmed"))

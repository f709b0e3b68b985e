"""Concurrent callers of the same read share one query, and none gets a stale result.

A burst of 50 answers to one question would otherwise run the early-reveal count 50 times, one
after the other.  ``SharedReads.get(key)`` returns the result of a query that *started after the
call*: a caller joins the next query for ``key`` if it has not started yet, and otherwise waits
for the running one to finish and starts (or joins) the next.  So a caller whose write committed
before it asked always sees that write - nothing is cached between calls - while a burst costs a
couple of queries instead of one per caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SharedReads(Generic[K, V]):
    def __init__(self, read: Callable[[K], Awaitable[V]]) -> None:
        self._read = read
        self._next: dict[K, asyncio.Future[V]] = {}  # queries not started yet, callers joining
        self._running: dict[K, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def get(self, key: K) -> V:
        future = self._next.get(key)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._next[key] = future
            task = asyncio.get_running_loop().create_task(self._run(key, future, self._running.get(key)))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        # Shielded: a caller that gives up must not cancel the query the others share.
        return await asyncio.shield(future)

    async def _run(self, key: K, future: asyncio.Future[V], before: asyncio.Task[None] | None) -> None:
        me = asyncio.current_task()
        try:
            if before is not None:
                await asyncio.gather(before, return_exceptions=True)
            # From here on, new callers start the next query: this one may miss their writes.
            del self._next[key]
            self._running[key] = me  # type: ignore[assignment]
            result = await self._read(key)
        except Exception as exc:  # every caller of this query gets it
            future.set_exception(exc)
        except BaseException:  # cancelled (the loop is closing): so are its callers
            if self._next.get(key) is future:
                del self._next[key]
            future.cancel()
            raise
        else:
            future.set_result(result)
        finally:
            if self._running.get(key) is me:
                del self._running[key]

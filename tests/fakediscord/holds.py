"""Holding the fake's response to one request: the request is handled (a message is stored)
but its response is not sent until the test releases it, so that the test can kill the bot
at exactly that instant (a crash after Discord stored a message, before the bot learnt of it).

    hold = fake.hold(lambda r: r.route == "POST /channels/{channel_id}/messages", "question 1")
    rec = await hold.reached()       # the request, handled; the bot is still waiting
    os.kill(pid, signal.SIGKILL)
    hold.release()
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import RecordedRequest


class Hold:
    """One-shot: the first handled request matching ``predicate`` waits for :meth:`release`."""

    def __init__(self, predicate: Callable[[RecordedRequest], bool], what: str) -> None:
        self.predicate = predicate
        self.what = what
        self.request: RecordedRequest | None = None
        self._reached: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        self._released = asyncio.Event()

    def matches(self, rec: RecordedRequest) -> bool:
        return self.request is None and self.predicate(rec)

    async def hold(self, rec: RecordedRequest) -> None:
        """Called by the fake with the handled request: wait until released."""
        self.request = rec
        if not self._reached.done():
            self._reached.set_result(rec)
        await self._released.wait()

    async def reached(self, timeout: float = 10.0) -> RecordedRequest:
        try:
            return await asyncio.wait_for(asyncio.shield(self._reached), timeout)
        except TimeoutError:
            why = f"fakediscord: no request for the hold on {self.what} within {timeout}s"
            raise AssertionError(why) from None

    def release(self) -> None:
        self._released.set()

    @property
    def held(self) -> bool:
        return self.request is not None

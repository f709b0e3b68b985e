"""Which process owns what, when several share one database: a lease per running round
(``round:<id>``) and per guild's daily work (``daily:<guild id>``).

The rule: a process works on a round, or posts and reveals a guild's daily question, only while
it holds that lease.  A lease lasts ``ttl`` (30 s by default) and its holder renews it every
``ttl / 3``; a holder that dies stops renewing, and once its lease has expired another process
takes the work over (start-up recovery and the periodic takeover go through
``RecoveryService``).  A holder that finds its lease taken (it stalled for longer than ``ttl``)
stops: the other process owns the work now.  A process shutting down releases everything, so a
restart resumes at once instead of after ``ttl``.

As the rounds adapter runs a round::

    if await ownership.claim(round_lease(rnd.id)):
        keeper = ownership.keep(round_lease(rnd.id), on_lost=task.cancel)   # renews until cancelled
        ...                                                                   # run the round
        keeper.cancel(); await ownership.release(round_lease(rnd.id))
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.core.clock import utcnow
from bot.store.interface import LeaseStore

from .common import Clock, current_time

log = logging.getLogger("certcoach.ownership")

DEFAULT_LEASE_TTL = timedelta(seconds=30)
RENEWALS_PER_TTL = 3  # a holder renews three times per lease: two may fail before it lapses
ROUND_LEASE = "round:"
DAILY_LEASE = "daily:"

GuildFilter = Callable[[int], bool]
"""Whether this process handles a guild (the guilds of the shards it holds)."""


def every_guild(guild_id: int) -> bool:
    """The guild filter of an unsharded process (and of the service tests)."""
    return True


def round_lease(round_id: int) -> str:
    return f"{ROUND_LEASE}{round_id}"


def daily_lease(guild_id: int) -> str:
    return f"{DAILY_LEASE}{guild_id}"


def new_instance_id() -> str:
    """This process's name in the leases table: host, pid and a random part (a restarted
    process, even with the same pid, is a new holder)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


class OwnershipService:
    def __init__(
        self,
        leases: LeaseStore,
        *,
        instance_id: str | None = None,
        ttl: timedelta = DEFAULT_LEASE_TTL,
        clock: Clock = utcnow,
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError("the lease time must be positive")
        self._leases = leases
        self.instance_id = instance_id or new_instance_id()
        self.ttl = ttl
        self.clock = clock

    @property
    def renew_every(self) -> float:
        """Seconds between two renewals of a held lease."""
        return self.ttl.total_seconds() / RENEWALS_PER_TTL

    async def claim(self, resource: str) -> bool:
        """Take ``resource``'s lease (free, expired or already ours) or renew it: True when this
        process holds it for the next ``ttl``."""
        return await self._leases.acquire_lease(
            resource, self.instance_id, current_time(self.clock, None), self.ttl
        )

    async def release(self, resource: str) -> None:
        """Give ``resource`` up (nothing happens if another process holds it)."""
        await self._leases.release_lease(resource, self.instance_id)

    async def release_all(self) -> int:
        """Give up every lease of this process (at shutdown)."""
        return await self._leases.release_leases(self.instance_id)

    async def live_holders(self, prefix: str) -> dict[str, str]:
        """Resource -> holder of every lease under ``prefix`` that has not expired."""
        now = current_time(self.clock, None)
        return {x.resource: x.holder for x in await self._leases.leases(prefix) if x.live(now)}

    async def expired(self, prefix: str) -> list[str]:
        """The resources under ``prefix`` whose lease has expired (their holder died)."""
        now = current_time(self.clock, None)
        return [x.resource for x in await self._leases.leases(prefix) if not x.live(now)]

    def keep(self, resource: str, on_lost: Callable[[], object]) -> asyncio.Task[None]:
        """A task renewing ``resource``'s lease every ``renew_every`` seconds until cancelled;
        when another process has taken it, ``on_lost()`` is called and the task ends.  A failed
        renewal (the database briefly unreachable) is retried at the next turn."""
        return asyncio.create_task(self._keep(resource, on_lost), name=f"lease {resource}")

    async def _keep(self, resource: str, on_lost: Callable[[], object]) -> None:
        while True:
            await asyncio.sleep(self.renew_every)
            try:
                held = await self.claim(resource)
            except Exception:
                log.warning("could not renew the lease on %s; trying again", resource, exc_info=True)
                continue
            if not held:
                log.warning("lost the lease on %s to another process: leaving it to that one", resource)
                on_lost()
                return

    @asynccontextmanager
    async def holding(self, resource: str) -> AsyncIterator[bool]:
        """``async with ownership.holding(key) as held``: ``held`` says whether this process got
        the lease; it is renewed while inside and released on the way out."""
        if not await self.claim(resource):
            yield False
            return
        keeper = self.keep(resource, on_lost=lambda: None)
        try:
            yield True
        finally:
            keeper.cancel()
            try:
                await self.release(resource)
            except Exception:  # it expires by itself
                log.warning("could not release the lease on %s", resource, exc_info=True)

"""Start-up recovery, run once and shared by the extensions that act on it.

After a restart the rounds extension resumes or closes the rounds it finds and the daily
extension sends and reveals the daily posts it finds: both await the same plan, which is
computed once, when the first of them asks.  Before resuming, each extension posts what the
previous run left pending in the posts service's outbox (reveals, standings, daily questions
and reveals), looking in the channel's history first so that nothing is posted twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from ..services.recovery import RecoveryPlan

log = logging.getLogger("certcoach.quiz")


class StartupRecovery:
    def __init__(self, run: Callable[[], Awaitable[RecoveryPlan]]) -> None:
        self._run = run
        self._task: asyncio.Task[RecoveryPlan | None] | None = None

    async def plan(self) -> RecoveryPlan | None:
        """The recovery plan; ``None`` when it failed (logged once)."""
        if self._task is None:
            self._task = asyncio.create_task(self._plan())
        # Shielded: a cog unloaded while waiting must not cancel the plan the others wait for.
        return await asyncio.shield(self._task)

    def cancel(self) -> None:
        """Stop a recovery still running (the bot is closing, and the store with it)."""
        if self._task is not None:
            self._task.cancel()

    async def _plan(self) -> RecoveryPlan | None:
        try:
            return await self._run()
        except Exception:
            log.exception("start-up recovery failed")
            return None

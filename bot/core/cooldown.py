"""Per-member cooldown against spam: one answer per ``seconds`` for each member."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CooldownResult:
    allowed: bool
    retry_after: float = 0.0
    # True only for the first refusal in a window, so the bot warns once and then stays quiet.
    warn: bool = False


class Cooldown:
    def __init__(
        self, seconds: float, clock: Callable[[], float] = time.monotonic, max_tracked: int = 10_000
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}
        self._warned: set[int] = set()
        self._max_tracked = max_tracked

    def hit(self, user_id: int) -> CooldownResult:
        if self.seconds <= 0:
            return CooldownResult(True)
        now = self._clock()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            warn = user_id not in self._warned
            self._warned.add(user_id)
            return CooldownResult(False, retry_after=self.seconds - (now - last), warn=warn)
        if len(self._last) >= self._max_tracked:
            self._forget_old(now)
        self._last[user_id] = now
        self._warned.discard(user_id)
        return CooldownResult(True)

    def _forget_old(self, now: float) -> None:
        # Bounded memory: members whose window has passed need no entry.
        self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        self._warned &= set(self._last)

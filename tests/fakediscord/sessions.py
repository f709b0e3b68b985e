"""Several gateway sessions at once (several bot processes, or one process with several shards):
which guilds a session holds, and which ONE session receives each guild event.

A session serves the guilds of the shard it IDENTIFYed with (``GatewaySession.serves``:
Discord's rule ``(guild_id >> 22) % count == id``, DMs on shard 0; no shard = every guild).

When several sessions hold a guild (two instances of the same shard, with
``FakeDiscord(multi_session=True)``), each event (an interaction, a member's message, the echo of
the bot's own message) goes to exactly one of them: a live one when there is one (its
websocket open), chosen at random with the fake's seeded generator, or alternately when no
seed was given. ``FakeDiscord.deliver_only(session)`` pins the choice (a test that needs
"this click reaches that process").
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import GatewaySession


class Delivery:
    """Chooses the one session that gets an event among those that hold its guild."""

    def __init__(self, seed: int | None = None) -> None:
        self.rng = random.Random(seed) if seed is not None else None
        self.only: GatewaySession | None = None
        self._turn = 0

    def pick(self, holders: Sequence[GatewaySession]) -> GatewaySession | None:
        if not holders:
            return None
        if self.only is not None and self.only in holders:
            return self.only
        live = [s for s in holders if s.conn is not None and not s.conn.closed]
        # Nobody connected: keep it in a session that may still RESUME (it is replayed then).
        pool = live or [s for s in holders if not s.invalidated] or list(holders)
        if len(pool) == 1:
            return pool[0]
        if self.rng is not None:
            return self.rng.choice(pool)
        self._turn += 1
        return pool[self._turn % len(pool)]

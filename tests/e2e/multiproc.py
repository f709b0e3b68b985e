"""Several real bot processes on one PostgreSQL database and one fake Discord.

``Cluster`` launches ``python -m bot run`` subprocesses (tests/fakediscord/process.py) against a
fake whose gateway accepts several sessions on one shard (``FakeDiscord(multi_session=True)``):
each guild event then reaches exactly one of the processes (tests/fakediscord/sessions.py).
The test process opens the same database through the app's own services (``services``) to set
things up and to read back what the processes did.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from bot.core.banks.loader import load_banks
from bot.store import Store, open_store
from bot.wiring import QuizServices, build_quiz_services
from tests.conftest import QUIZZES_DIR
from tests.fakediscord import FakeDiscord
from tests.fakediscord.process import BotProcess, launched
from tests.fakediscord.server import GatewaySession
from tests.pg_server import create_database

GUILD_READY_TIMEOUT = "0.05"
READY_TIMEOUT = 90.0  # seconds: start-up on a busy 2-core machine (content, router, migrations)
MARKER = re.compile(r"^ref (\S+)$", re.M)
DAILY_BUTTON = re.compile(r"cc:d:(\d+):(\d)")
ROUND_BUTTON = re.compile(r"cc:r:(\d+):(\d)")


async def new_database(admin_url: str) -> str:
    """A new, empty database on the session's PostgreSQL server; its URL."""
    return await create_database(admin_url, "2proc")


@dataclass
class Member:
    """One bot process and the gateway session it opened."""

    name: str
    process: BotProcess
    session: GatewaySession
    stack: contextlib.AsyncExitStack

    async def stop(self) -> None:
        """A clean stop (SIGINT, as Ctrl-C): it closes its gateway session and its store."""
        await self.stack.aclose()


@dataclass
class Cluster:
    fake: FakeDiscord
    db_url: str
    env: dict[str, str] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    store: Store | None = None
    services: QuizServices | None = None

    async def open_services(self) -> QuizServices:
        """The app's store-backed services on the same database, in the test process."""
        if self.services is None:
            self.store = await open_store(self.db_url)
            self.services = build_quiz_services(self.store, load_banks(QUIZZES_DIR))
        return self.services

    async def launch(self, name: str, **env: str) -> Member:
        """Start one bot process and wait until its session is READY."""
        before = len(self.fake.sessions)
        stack = contextlib.AsyncExitStack()
        full_env = {
            "CERTCOACH_DB": self.db_url,
            "CERTCOACH_COOLDOWN": "0",
            "FAKEDISCORD_GUILD_READY_TIMEOUT": GUILD_READY_TIMEOUT,
            **self.env,
            **env,
        }
        process = await stack.enter_async_context(
            launched(self.fake, "bot", env=full_env, ready_timeout=READY_TIMEOUT)
        )
        new = list(self.fake.sessions.values())[before:]
        assert len(new) == 1, f"{name}: expected one new gateway session, got {len(new)}"
        member = Member(name, process, new[0], stack)
        self.members.append(member)
        return member

    async def close(self) -> None:
        for member in reversed(self.members):
            await member.stop()
        if self.store is not None:
            await self.store.close()

    def error_lines(self) -> dict[str, list[str]]:
        return {m.name: m.process.error_lines() for m in self.members if m.process.error_lines()}

    async def query(self, sql: str, *args: object) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.db_url)
        try:
            return list(await connection.fetch(sql, *args))
        finally:
            await connection.close()


# --------------------------------------------------------------------------- what the bot posted


def posted_keys(fake: FakeDiscord, channel_id: int) -> Counter[str]:
    """How many messages in the channel carry each exactly-once marker (``ref <key>``)."""
    keys: Counter[str] = Counter()
    for message in fake.bot_messages(channel_id):
        for embed in message.get("embeds") or []:
            keys.update(MARKER.findall((embed.get("footer") or {}).get("text") or ""))
    return keys


def buttons(fake: FakeDiscord, channel_id: int, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """(message id, custom_id) of every answer button the bot left in the channel."""
    found = []
    for message in fake.bot_messages(channel_id):
        found += [(int(message["id"]), c) for c in fake.component_ids(message) if pattern.fullmatch(c)]
    return found


def visible(message: dict) -> str:
    """A message's text as a member reads it: content and embeds."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f.get('name')}: {f.get('value')}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- the daily schedule


def noon_zone(now: datetime) -> str:
    """An IANA zone where it is around noon now: a daily run due "a few minutes ago" is then
    today's in that zone, whatever the hour of the test run."""
    offset = max(-12, min(14, 12 - now.hour))  # local = UTC + offset
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/GMT-3 is UTC+3


async def make_daily_due(services: QuizServices, guild_id: int, channel_id: int, now: datetime) -> None:
    """Set the guild's daily question up (as /daily setup would) so that its run is due now."""
    zone = noon_zone(now)
    at = (now - timedelta(minutes=3)).astimezone(ZoneInfo(zone)).strftime("%H:%M")
    await services.guild_settings.setup_daily(guild_id, channel_id, at, zone, now=now - timedelta(minutes=5))


async def schedule_daily_later(services: QuizServices, guild_id: int, channel_id: int, now: datetime) -> None:
    """Set the guild's daily question up for two hours from now (not due during the test)."""
    zone = noon_zone(now)
    at = (now + timedelta(hours=2)).astimezone(ZoneInfo(zone)).strftime("%H:%M")
    await services.guild_settings.setup_daily(guild_id, channel_id, at, zone, now=now)

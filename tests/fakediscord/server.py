"""A fake Discord (REST v10 + gateway) on 127.0.0.1 for the unmodified discord.py client.

One :class:`FakeDiscord` per process (the redirection of discord.py is process-global).
It records every request, behaves like Discord where bots usually get it wrong (3-second
deadline, double acknowledgement, followup before acknowledging, message limits, intents)
and offers helpers to inject gateway events and to await what the bot sends back.

Everything the fake rejects is kept in :attr:`FakeDiscord.failures`; tests fail at teardown
when it is not empty (a test that provokes an error on purpose takes it with
:meth:`FakeDiscord.take_failures`).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from aiohttp import WSMsgType, web

from . import limits
from .holds import Hold
from .sessions import Delivery

log = logging.getLogger("fakediscord")

DISCORD_EPOCH_MS = 1420070400000
DEFAULT_TOKEN = "fake-token"
API_PREFIX = "/api/v10"


class Intents:
    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


class Perm:
    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    USE_APPLICATION_COMMANDS = 1 << 31
    CREATE_PUBLIC_THREADS = 1 << 35
    SEND_MESSAGES_IN_THREADS = 1 << 38

    #: What @everyone may do in the fake guild (and so an ordinary member).
    MEMBER = (
        CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_EXTERNAL_EMOJIS
        | CHANGE_NICKNAME
        | USE_APPLICATION_COMMANDS
        | CREATE_PUBLIC_THREADS
        | SEND_MESSAGES_IN_THREADS
    )
    #: The bot's managed role (no MENTION_EVERYONE, no admin).
    BOT = MEMBER | MANAGE_MESSAGES


# Interaction types and callback types
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CB_PONG, CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE = 1, 4, 5, 6, 7
CB_AUTOCOMPLETE, CB_MODAL = 8, 9
EPHEMERAL = 1 << 6
LOADING = 1 << 7

OPTION_TYPES = {
    1: "subcommand",
    2: "group",
    3: "string",
    4: "integer",
    5: "boolean",
    6: "user",
    7: "channel",
    8: "role",
    9: "mentionable",
    10: "number",
    11: "attachment",
}
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
MENTION = re.compile(r"<@!?(\d+)>")


class CommandNotSynced(LookupError):
    """The bot never registered this command: Discord would not show it to anyone."""


class ApiError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: Any = None, *, failure: bool = True):
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message, self.errors, self.failure = (
            status,
            code,
            message,
            errors,
            failure,
        )


def _error_tree(errors: Any) -> dict[str, Any]:
    """Discord's nested error format: {"content": {"_errors": [{"code", "message"}]}}."""
    if isinstance(errors, dict):
        return errors
    tree: dict[str, Any] = {}
    for problem in errors if isinstance(errors, list) else [errors]:
        path, _, message = str(problem).partition(": ")
        if not message:
            path, message = "_body", path
        tree.setdefault(path, {"_errors": []})["_errors"].append(
            {"code": "BASE_TYPE_INVALID", "message": message}
        )
    return tree


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


# --------------------------------------------------------------------------- model


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name or self.username,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = 0  # 0 text, 1 DM, 2 voice, 4 category
    guild_id: int | None = None
    position: int = 0
    recipient: FakeUser | None = None

    def payload(self) -> dict[str, Any]:
        if self.type == 1:
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [self.recipient.payload()] if self.recipient else [],
            }
        p = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "parent_id": None,
            "flags": 0,
        }
        if self.guild_id:
            p["guild_id"] = str(self.guild_id)
        if self.type == 0:
            p.update(topic=None, nsfw=False, rate_limit_per_user=0, last_message_id=None)
        return p


@dataclass
class RecordedRequest:
    """One HTTP request the bot made, as the fake received and answered it."""

    method: str
    path: str  # without /api/v10
    route: str  # e.g. "POST /interactions/{interaction_id}/{token}/callback"
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    time: float  # time.monotonic() on arrival
    files: list[str] = field(default_factory=list)
    status: int = 0
    response: Any = None
    error_code: int | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def __repr__(self) -> str:  # short, for assertion messages
        extra = f" code={self.error_code}" if self.error_code else ""
        return f"<{self.method} {self.path} -> {self.status}{extra}>"


@dataclass
class Failure:
    kind: str  # "unknown-route", "api-error", "protocol"
    message: str
    code: int | None = None
    request: RecordedRequest | None = None

    def __str__(self) -> str:
        return f"[{self.kind}{' ' + str(self.code) if self.code else ''}] {self.message}"


@dataclass
class InteractionState:
    id: int
    token: str
    type: int
    payload: dict[str, Any]
    user: FakeUser
    channel_id: int
    guild_id: int | None
    created: float = 0.0  # monotonic time the INTERACTION_CREATE was sent
    acked: bool = False
    ack_type: int | None = None
    ack_time: float | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    callbacks: list[RecordedRequest] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    edits_at_ack: int = 0
    modal: dict[str, Any] | None = None
    first_callback: asyncio.Future | None = None
    session_id: str | None = None  # the gateway session it was delivered to


@dataclass
class StoredMessage:
    payload: dict[str, Any]
    source: str  # "user" (injected), "channel", "interaction", "followup"
    interaction_id: int | None = None
    request: RecordedRequest | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    #: emoji the bot reacted with (PUT …/reactions/{emoji}/@me), minus the ones it removed
    reactions: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.payload["id"])


class _Conn:
    """One gateway websocket connection."""

    def __init__(self, ws: web.WebSocketResponse, number: int):
        self.ws = ws
        self.number = number
        self.closed = False

    async def send(self, payload: dict[str, Any]) -> bool:
        if self.closed or self.ws.closed:
            return False
        try:
            await self.ws.send_str(json.dumps(payload))
            return True
        except (ConnectionError, RuntimeError):
            self.closed = True
            return False


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule: the shard that receives a guild's events."""
    return (guild_id >> 22) % shard_count


@dataclass
class FakeGuild:
    id: int
    name: str


@dataclass
class GatewaySession:
    session_id: str
    intents: int
    identify: dict[str, Any]
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    conn: _Conn | None = None
    invalidated: bool = False
    received: int = 0  # events delivered to this session (multi-session tests check the split)

    @property
    def shard(self) -> tuple[int, int]:
        """(shard id, shard count) from IDENTIFY; (0, 1) when the client did not shard."""
        shard = self.identify.get("shard")
        return (int(shard[0]), int(shard[1])) if shard else (0, 1)

    def serves(self, guild_id: int | None) -> bool:
        """Whether this session receives the events of ``guild_id`` (None: DMs, shard 0's)."""
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else shard_of(guild_id, count))


# --------------------------------------------------------------------------- handles


class InteractionHandle:
    """What a test gets back from :meth:`FakeDiscord.invoke_slash` / :meth:`click`."""

    def __init__(self, fake: FakeDiscord, state: InteractionState):
        self.fake = fake
        self.state = state

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def payload(self) -> dict[str, Any]:
        return self.state.payload

    async def callback(self, timeout: float = 2.0) -> RecordedRequest:
        """The first POST …/callback for this interaction (whatever its status)."""
        return await self.fake.wait_for_callback(self.id, timeout)

    async def answer(self, timeout: float = 2.0) -> dict[str, Any]:
        """The visible response (not the "thinking…" placeholder): see :meth:`FakeDiscord.wait_for_answer`."""
        return await self.fake.wait_for_answer(self.id, timeout)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every callback/webhook request made with this interaction's token."""
        return list(self.state.requests)

    @property
    def followups(self) -> list[dict[str, Any]]:
        return [self.fake.messages[m].payload for m in self.state.followup_ids]

    @property
    def original(self) -> dict[str, Any] | None:
        mid = self.state.original_message_id
        return self.fake.messages[mid].payload if mid else None

    @property
    def ephemeral(self) -> bool:
        orig = self.original
        return bool(orig and int(orig.get("flags", 0)) & EPHEMERAL)


# --------------------------------------------------------------------------- the fake


class FakeDiscord:
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        guild_id: int = 1100000000000000001,
        guild_name: str = "CertCoach Study Hall",
        channels: Iterable[str] = ("general", "study-help", "quiz-room"),
        member_names: Iterable[str] = ("alice", "bob", "carol", "dave"),
        member_count: int = 42,
        bot_name: str = "CertCoach",
        ack_deadline: float = 3.0,
        heartbeat_interval_ms: int = 41250,
        echo_bot_messages: bool = True,
        multi_session: bool = False,
        delivery_seed: int | None = None,
        shard_count: int = 1,
    ):
        self.token = token
        #: several sessions may hold the same shard (two bot processes); see sessions.py
        self.multi_session = multi_session
        self.delivery = Delivery(delivery_seed)
        self.ack_deadline = ack_deadline
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.echo_bot_messages = echo_bot_messages
        #: what GET /gateway/bot recommends; IDENTIFY's ``shard`` decides what a session receives
        self.shard_count = shard_count
        self._last_snowflake = 0

        self.application_id = self.snowflake()
        self.bot_user = FakeUser(self.application_id, bot_name, bot_name, bot=True)
        self.owner = FakeUser(self.snowflake(), "owner")
        self.users: dict[int, FakeUser] = {}
        self.guild_id = guild_id
        self.guild_name = guild_name
        self.guilds: dict[int, FakeGuild] = {guild_id: FakeGuild(guild_id, guild_name)}
        self.member_count = member_count
        self.everyone_permissions = Perm.MEMBER
        self.bot_role_id = self.snowflake()
        self.moderator_role_id = self.snowflake()
        self.channels: dict[int, FakeChannel] = {}
        for pos, name in enumerate(channels):
            ch = FakeChannel(self.snowflake(), name, 0, guild_id, pos)
            self.channels[ch.id] = ch
        self.members: dict[int, list[int]] = {self.bot_user.id: [self.bot_role_id]}
        for name in member_names:
            self.add_member(name)
        self.dm_channels: dict[int, FakeChannel] = {}  # user id -> DM channel
        #: members whose DMs are closed to the bot: a message to them is refused (403, 50007)
        self.closed_dms: set[int] = set()

        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.command_syncs: list[RecordedRequest] = []

        self.requests: list[RecordedRequest] = []
        self.failures: list[Failure] = []
        self.messages: dict[int, StoredMessage] = {}
        self.interactions: dict[int, InteractionState] = {}
        self._by_token: dict[str, InteractionState] = {}

        self.session: GatewaySession | None = None  # the latest IDENTIFYed session
        #: by (shard id, shard count); with multi_session, by (shard id, shard count, IDENTIFY number)
        self.sessions: dict[tuple[int, ...], GatewaySession] = {}
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.ws_connections = 0
        self.heartbeats = 0
        self._conn_count = 0
        self._gw_lock = asyncio.Lock()
        self._waiters: list[tuple[Callable[[], Any], asyncio.Future]] = []
        self._tasks: set[asyncio.Task] = set()

        self._runner: web.AppRunner | None = None
        self.port: int = 0
        #: requests whose response is held back (see :meth:`hold`)
        self.holds: list[Hold] = []
        #: seconds during which a nonce sent with enforce_nonce returns the message it created
        #: (Discord: "a few minutes"); 0 turns the deduplication off
        self.nonce_window: float = 300.0
        self._nonces: dict[tuple[int, str], tuple[int, float]] = {}  # (channel, nonce) -> (message, time)
        #: optional hook called with (state, request) on every interaction callback (benchmarks)
        self.on_callback: Callable[[InteractionState, RecordedRequest], None] | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._ws_handler)
        app.router.add_get("/gateway/", self._ws_handler)
        for method, path, handler, auth in self._route_table():
            app.router.add_route(method, API_PREFIX + path, self._wrap(method, path, handler, auth))
        app.router.add_route("*", "/{tail:.*}", self._wrap("*", "{unknown}", self._unknown_route, False))
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=4096, reuse_address=True)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for held in self.holds:
            held.release()
        for task in list(self._tasks):
            task.cancel()
        for session in self.sessions.values():
            if session.conn:
                conn = session.conn
                conn.closed = True
                with contextlib.suppress(Exception):
                    await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for _, fut in self._waiters:
            if not fut.done():
                fut.cancel()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    # ------------------------------------------------------------------ ids, users, channels

    def snowflake(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = max(self._last_snowflake + 1, ms << 22)
        self._last_snowflake = value
        return value

    def add_guild(
        self, name: str, channels: Iterable[str] = ("general",), *, shard: int | None = None
    ) -> FakeGuild:
        """Another guild the bot is in, with its text channels (named as given).  With ``shard``
        its id is chosen so that it belongs to that shard of ``shard_count``.  Sessions that
        IDENTIFY afterwards receive it (a guild added while connected is not announced)."""
        gid = self.snowflake()
        while shard is not None and shard_of(gid, self.shard_count) != shard:
            gid = self.snowflake()
        guild = FakeGuild(gid, name)
        self.guilds[gid] = guild
        for pos, cname in enumerate(channels):
            ch = FakeChannel(self.snowflake(), cname, 0, gid, pos)
            self.channels[ch.id] = ch
        return guild

    def guild_channels(self, guild_id: int) -> list[FakeChannel]:
        return [c for c in self.channels.values() if c.guild_id == guild_id]

    def add_member(self, name: str, *, roles: Iterable[int] = ()) -> FakeUser:
        user = FakeUser(self.snowflake(), name)
        self.users[user.id] = user
        self.members[user.id] = list(roles)
        return user

    def user(self, who: FakeUser | str | int | None = None) -> FakeUser:
        """A guild member by name (created on first use), id or object; default: the first member."""
        if isinstance(who, FakeUser):
            if who.id not in self.users and who.id != self.bot_user.id:
                self.users[who.id] = who
                self.members.setdefault(who.id, [])
            return who
        if who is None:
            return next(iter(self.users.values()))
        if isinstance(who, int):
            return self.users[who]
        for u in self.users.values():
            if u.username == who:
                return u
        return self.add_member(who)

    def channel(self, which: FakeChannel | str | int | None = None) -> FakeChannel:
        if isinstance(which, FakeChannel):
            return which
        if which is None:
            return next(iter(self.channels.values()))
        if isinstance(which, int):
            if which in self.channels:
                return self.channels[which]
            for ch in self.dm_channels.values():
                if ch.id == which:
                    return ch
            raise KeyError(f"no channel {which}")
        for ch in self.channels.values():
            if ch.name == which.lstrip("#"):
                return ch
        raise KeyError(f"no channel named {which!r} (have {[c.name for c in self.channels.values()]})")

    def dm_channel(self, who: FakeUser | str | int | None = None) -> FakeChannel:
        user = self.user(who)
        ch = self.dm_channels.get(user.id)
        if ch is None:
            ch = FakeChannel(self.snowflake(), "", 1, None, 0, recipient=user)
            self.dm_channels[user.id] = ch
        return ch

    def _channel_by_id(self, cid: int) -> FakeChannel | None:
        if cid in self.channels:
            return self.channels[cid]
        for ch in self.dm_channels.values():
            if ch.id == cid:
                return ch
        return None

    def member_payload(
        self, user: FakeUser, *, with_user: bool = True, permissions: int | None = None
    ) -> dict[str, Any]:
        p: dict[str, Any] = {
            "roles": [str(r) for r in self.members.get(user.id, [])],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "avatar": None,
            "pending": False,
            "premium_since": None,
            "communication_disabled_until": None,
        }
        if with_user:
            p["user"] = user.payload()
        if permissions is not None:
            p["permissions"] = str(permissions)
        return p

    def guild_payload(self, guild_id: int | None = None) -> dict[str, Any]:
        gid = self.guild_id if guild_id is None else guild_id
        channels = self.guild_channels(gid)
        roles = [
            {
                "id": str(gid),
                "name": "@everyone",
                "permissions": str(self.everyone_permissions),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
                "icon": None,
                "unicode_emoji": None,
            },
            {
                "id": str(self.bot_role_id),
                "name": self.bot_user.username,
                "permissions": str(Perm.BOT),
                "position": 2,
                "color": 0,
                "hoist": False,
                "managed": True,
                "mentionable": False,
                "flags": 0,
                "icon": None,
                "unicode_emoji": None,
                "tags": {"bot_id": str(self.bot_user.id)},
            },
            {
                "id": str(self.moderator_role_id),
                "name": "Moderator",
                "permissions": str(Perm.MEMBER | Perm.MANAGE_GUILD | Perm.MANAGE_MESSAGES),
                "position": 1,
                "color": 0,
                "hoist": True,
                "managed": False,
                "mentionable": True,
                "flags": 0,
                "icon": None,
                "unicode_emoji": None,
            },
        ]
        members = [self.member_payload(self.bot_user)] + [self.member_payload(u) for u in self.users.values()]
        return {
            "id": str(gid),
            "name": self.guilds[gid].name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": str(channels[0].id) if channels else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
            "member_count": self.member_count,
            "large": self.member_count > 250,
            "unavailable": False,
            "joined_at": "2025-01-01T00:00:00+00:00",
            "members": members,
            "channels": [c.payload() for c in channels],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # ------------------------------------------------------------------ waiting

    def _notify(self) -> None:
        if not self._waiters:
            return
        for check, fut in list(self._waiters):
            if fut.done():
                continue
            try:
                result = check()
            except Exception as exc:  # a broken predicate should fail the waiting test
                fut.set_exception(exc)
                continue
            if result is not None and result is not False:
                fut.set_result(result)

    async def wait_until(
        self, check: Callable[[], Any], timeout: float = 2.0, what: str = "a condition"
    ) -> Any:
        """Wait until ``check()`` returns something other than None/False; return it."""
        result = check()
        if result is not None and result is not False:
            return result
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        entry = (check, fut)
        self._waiters.append(entry)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            # woken by the fake's own events; also polled, for conditions on the bot's side
            while not fut.done():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError
                await asyncio.wait({fut}, timeout=min(remaining, 0.02))
                if not fut.done():
                    result = check()
                    if result is not None and result is not False:
                        return result
            return fut.result()
        except TimeoutError:
            recent = self.requests[-8:]
            raise AssertionError(
                f"fakediscord: timed out after {timeout}s waiting for {what}; last requests: {recent}; "
                f"failures: {[str(f) for f in self.failures]}"
            ) from None
        finally:
            self._waiters.remove(entry)

    def hold(self, predicate: Callable[[RecordedRequest], bool], what: str = "a request") -> Hold:
        """Hold the response to the first request matching ``predicate`` (after handling it)
        until the returned :class:`Hold` is released."""
        held = Hold(predicate, what)
        self.holds.append(held)
        return held

    async def wait_for_request(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float = 2.0,
        what: str = "a request",
        start: int = 0,
    ) -> RecordedRequest:
        def check():
            for r in self.requests[start:]:
                if r.status and predicate(r):
                    return r
            return None

        return await self.wait_until(check, timeout, what)

    async def wait_for_callback(self, interaction_id: int, timeout: float = 2.0) -> RecordedRequest:
        state = self.interactions[int(interaction_id)]
        assert state.first_callback is not None
        try:
            return await asyncio.wait_for(asyncio.shield(state.first_callback), timeout)
        except TimeoutError:
            raise AssertionError(
                f"fakediscord: no callback for interaction {interaction_id} within {timeout}s; "
                f"requests with its token: {state.requests}; failures: {[str(f) for f in self.failures]}"
            ) from None

    def answer_of(self, interaction_id: int) -> dict[str, Any] | None:
        """The visible response of an interaction, once there is one (else None)."""
        st = self.interactions[int(interaction_id)]
        if st.ack_type == CB_AUTOCOMPLETE:
            return {"choices": st.choices}
        if st.original_message_id is None:
            if st.ack_type == CB_DEFERRED_UPDATE and st.followup_ids:
                return self.messages[st.followup_ids[0]].payload
            return None
        msg = self.messages[st.original_message_id].payload
        if (
            st.ack_type == CB_DEFERRED_UPDATE
            and not st.followup_ids
            and len(self.messages[st.original_message_id].edits) <= st.edits_at_ack
        ):
            return None  # deferred update: the answer is the next edit or followup
        if int(msg.get("flags", 0)) & LOADING:
            return None
        return msg

    async def wait_for_answer(self, interaction_id: int, timeout: float = 2.0) -> dict[str, Any]:
        """Wait for the interaction's visible response: the message of a type-4/7 callback, or after a
        defer the edited original / first followup. Returns the message payload."""
        return await self.wait_until(
            lambda: self.answer_of(interaction_id), timeout, f"an answer to interaction {interaction_id}"
        )

    def bot_messages(self, channel_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot created (channel sends, interaction responses, followups), oldest first."""
        return [
            m.payload
            for m in self.messages.values()
            if m.source != "user"
            and not m.deleted
            and (channel_id is None or int(m.payload["channel_id"]) == int(channel_id))
        ]

    async def wait_for_message(
        self,
        channel_id: int | None = None,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 2.0,
        *,
        after: int = 0,
    ) -> dict[str, Any]:
        """First message the bot created (in ``channel_id``, matching ``predicate``, id > ``after``)."""

        def check():
            for m in self.bot_messages(channel_id):
                if int(m["id"]) > after and (predicate is None or predicate(m)):
                    return m
            return None

        return await self.wait_until(check, timeout, f"a bot message in channel {channel_id}")

    async def wait_for_reply(
        self,
        message: dict[str, Any],
        timeout: float = 2.0,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
    ) -> dict[str, Any]:
        """First bot message in ``message``'s channel created after it (a reply or a plain send)."""
        return await self.wait_for_message(
            int(message["channel_id"]), predicate, timeout, after=int(message["id"])
        )

    def reactions(self, message_id: int | str) -> list[str]:
        """The emoji the bot currently has on a message (unicode emoji, or ``name:id`` for custom ones)."""
        return list(self.messages[int(message_id)].reactions)

    async def wait_for_reaction(
        self, message_id: int | str, emoji: str | None = None, timeout: float = 2.0
    ) -> list[str]:
        """Wait until the bot reacted to a message (with ``emoji`` if given); return its reactions."""

        def check():
            got = self.reactions(message_id)
            return got if (emoji in got if emoji is not None else got) else None

        return await self.wait_until(check, timeout, f"a bot reaction {emoji or ''} on message {message_id}")

    async def expect_no_message(
        self, channel_id: int | None = None, *, after: int = 0, within: float = 0.3
    ) -> None:
        """Assert the bot sends nothing (in ``channel_id``, newer than ``after``) for ``within`` seconds."""
        await asyncio.sleep(within)
        extra = [m for m in self.bot_messages(channel_id) if int(m["id"]) > after]
        assert not extra, f"expected no bot message, got {[m.get('content') for m in extra]}"

    async def wait_for_commands(
        self, guild_id: int | None = None, timeout: float = 2.0
    ) -> list[dict[str, Any]]:
        def check():
            if guild_id is None:
                return self.global_commands or None
            return self.guild_commands.get(guild_id) or None

        return await self.wait_until(check, timeout, "a command sync")

    async def wait_for_identify(self, count: int = 1, timeout: float = 2.0) -> dict[str, Any]:
        return await self.wait_until(
            lambda: len(self.identifies) >= count and self.identifies[count - 1],
            timeout,
            f"IDENTIFY #{count}",
        )

    async def wait_for_resume(self, count: int = 1, timeout: float = 2.0) -> dict[str, Any]:
        return await self.wait_until(
            lambda: len(self.resumes) >= count and self.resumes[count - 1], timeout, f"RESUME #{count}"
        )

    # ------------------------------------------------------------------ failures

    def _fail(
        self, kind: str, message: str, code: int | None = None, request: RecordedRequest | None = None
    ) -> None:
        self.failures.append(Failure(kind, message, code, request))

    def take_failures(self, code: int | None = None) -> list[Failure]:
        """Remove and return recorded failures (all, or those with ``code``): for tests that provoke them."""
        taken = [f for f in self.failures if code is None or f.code == code]
        self.failures = [f for f in self.failures if f not in taken]
        return taken

    def check(self) -> None:
        """Raise AssertionError listing every failure the fake recorded."""
        if self.failures:
            lines = "\n  ".join(str(f) for f in self.failures)
            raise AssertionError(f"fakediscord recorded {len(self.failures)} failure(s):\n  {lines}")

    # ------------------------------------------------------------------ request queries

    def requests_to(
        self, route: str | None = None, *, method: str | None = None, contains: str | None = None
    ) -> list[RecordedRequest]:
        """Requests whose route template equals ``route`` (e.g. ``"POST /channels/{channel_id}/messages"``)
        or whose path contains ``contains``."""
        out = []
        for r in self.requests:
            if route is not None and r.route != route:
                continue
            if method is not None and r.method != method:
                continue
            if contains is not None and contains not in r.path:
                continue
            out.append(r)
        return out

    # ------------------------------------------------------------------ HTTP plumbing

    def _route_table(self) -> list[tuple[str, str, Callable, bool]]:
        return [
            ("GET", "/users/@me", self._get_me, True),
            ("PATCH", "/users/@me", self._get_me, True),
            ("POST", "/users/@me/channels", self._create_dm, True),
            ("GET", "/users/{user_id}", self._get_user, True),
            ("GET", "/oauth2/applications/@me", self._get_application, True),
            ("GET", "/applications/@me", self._get_application, True),
            ("GET", "/gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", self._get_gateway_bot, True),
            ("GET", "/applications/{app_id}/commands", self._get_commands, True),
            ("PUT", "/applications/{app_id}/commands", self._put_commands, True),
            ("POST", "/applications/{app_id}/commands", self._post_command, True),
            ("DELETE", "/applications/{app_id}/commands/{command_id}", self._delete_command, True),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self._get_commands, True),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._put_commands, True),
            ("POST", "/applications/{app_id}/guilds/{guild_id}/commands", self._post_command, True),
            (
                "DELETE",
                "/applications/{app_id}/guilds/{guild_id}/commands/{command_id}",
                self._delete_command,
                True,
            ),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback, False),
            ("POST", "/webhooks/{app_id}/{token}", self._followup, False),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._get_webhook_message, False),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._edit_webhook_message, False),
            (
                "DELETE",
                "/webhooks/{app_id}/{token}/messages/{message_id}",
                self._delete_webhook_message,
                False,
            ),
            ("GET", "/channels/{channel_id}", self._get_channel, True),
            ("GET", "/channels/{channel_id}/messages", self._get_channel_messages, True),
            ("POST", "/channels/{channel_id}/messages", self._post_channel_message, True),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_channel_message, True),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_channel_message, True),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_channel_message, True),
            ("POST", "/channels/{channel_id}/typing", self._no_content, True),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._add_reaction,
                True,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self._remove_reaction,
                True,
            ),
            ("GET", "/guilds/{guild_id}", self._get_guild, True),
            ("GET", "/guilds/{guild_id}/channels", self._get_guild_channels, True),
            ("GET", "/guilds/{guild_id}/roles", self._get_guild_roles, True),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_guild_member, True),
        ]

    async def _read_body(self, request: web.Request) -> tuple[Any, list[str]]:
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("multipart/"):
            body: Any = None
            files: list[str] = []
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files.append(part.filename or part.name or "")
                    await part.read()
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            return raw.decode("utf-8", "replace"), []

    def _wrap(self, method: str, path: str, handler: Callable[..., Awaitable[tuple[int, Any]]], auth: bool):
        route = f"{method} {path}"

        async def endpoint(request: web.Request) -> web.StreamResponse:
            body, files = await self._read_body(request)
            params = {k: unquote(v) for k, v in request.match_info.items()}
            path_ = request.path[len(API_PREFIX) :] if request.path.startswith(API_PREFIX) else request.path
            rec = RecordedRequest(
                method=request.method,
                path=path_,
                route=route if method != "*" else f"{request.method} {path_}",
                params=params,
                query=dict(request.query),
                json=body,
                headers=dict(request.headers),
                time=time.monotonic(),
                files=files,
            )
            self.requests.append(rec)
            try:
                if auth and request.headers.get("Authorization") != f"Bot {self.token}":
                    raise ApiError(401, 0, "401: Unauthorized")
                status, data = await handler(request, rec)
            except ApiError as e:
                status = e.status
                data = {"message": e.message, "code": e.code}
                if e.errors is not None:
                    data["errors"] = _error_tree(e.errors)
                rec.error_code = e.code
                if e.failure:
                    self._fail(
                        "api-error",
                        f"{rec.method} {rec.path}: {e.status} {e.code} {e.message}"
                        + (f" {e.errors}" if e.errors else ""),
                        e.code,
                        rec,
                    )
            rec.status = status
            rec.response = data
            self._notify()
            held = next((h for h in self.holds if h.matches(rec)), None)
            if held is not None:
                await held.hold(rec)
            if status == 204:
                return web.Response(status=204)
            # Exactly "application/json": discord.py treats "...; charset=utf-8" as text.
            return web.Response(
                status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
            )

        return endpoint

    async def _unknown_route(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        self._fail("unknown-route", f"{request.method} {request.path} is not a route the fake knows", 0, rec)
        raise ApiError(404, 0, "404: Not Found", failure=False)

    async def _no_content(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        if "channel_id" in rec.params and self._channel_by_id(int(rec.params["channel_id"])) is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return 204, None

    # ------------------------------------------------------------------ REST: identity

    async def _get_me(self, request, rec):
        return 200, {
            **self.bot_user.payload(),
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "email": None,
            "locale": "en-US",
            "banner": None,
            "accent_color": None,
        }

    async def _get_user(self, request, rec):
        uid = int(rec.params["user_id"])
        if uid == self.bot_user.id:
            return 200, self.bot_user.payload()
        if uid not in self.users:
            raise ApiError(404, 10013, "Unknown User")
        return 200, self.users[uid].payload()

    async def _get_application(self, request, rec):
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "description": "CertCoach (fake)",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "summary": "",
            "rpc_origins": [],
            "tags": [],
            "bot": self.bot_user.payload(),
        }

    async def _get_gateway(self, request, rec):
        return 200, {"url": self.ws_url}

    async def _get_gateway_bot(self, request, rec):
        return 200, {
            "url": self.ws_url,
            "shards": self.shard_count,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
        }

    async def _create_dm(self, request, rec):
        rid = int((rec.json or {}).get("recipient_id", 0))
        if rid not in self.users:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return 200, self.dm_channel(rid).payload()

    async def _get_guild(self, request, rec):
        self._check_guild(rec)
        g = self.guild_payload(int(rec.params["guild_id"]))
        for k in (
            "members",
            "channels",
            "threads",
            "voice_states",
            "presences",
            "joined_at",
            "large",
            "member_count",
        ):
            g.pop(k, None)
        g["approximate_member_count"] = self.member_count
        return 200, g

    async def _get_guild_channels(self, request, rec):
        self._check_guild(rec)
        return 200, [c.payload() for c in self.guild_channels(int(rec.params["guild_id"]))]

    async def _get_guild_roles(self, request, rec):
        self._check_guild(rec)
        return 200, self.guild_payload(int(rec.params["guild_id"]))["roles"]

    async def _get_guild_member(self, request, rec):
        self._check_guild(rec)
        uid = int(rec.params["user_id"])
        if uid == self.bot_user.id:
            return 200, self.member_payload(self.bot_user)
        if uid not in self.users:
            raise ApiError(404, 10007, "Unknown Member")
        return 200, self.member_payload(self.users[uid])

    def _check_guild(self, rec: RecordedRequest) -> None:
        if int(rec.params["guild_id"]) not in self.guilds:
            raise ApiError(404, 10004, "Unknown Guild")

    # ------------------------------------------------------------------ REST: application commands

    def _commands_for(self, rec: RecordedRequest) -> list[dict[str, Any]]:
        if int(rec.params["app_id"]) != self.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" in rec.params:
            self._check_guild(rec)
            return self.guild_commands.setdefault(int(rec.params["guild_id"]), [])
        return self.global_commands

    def _validate_command(self, cmd: dict[str, Any], where: str) -> list[str]:
        problems = []
        name = cmd.get("name")
        ctype = cmd.get("type", 1)
        if not isinstance(name, str) or not COMMAND_NAME.match(name) or (ctype == 1 and name != name.lower()):
            problems.append(f"{where}.name: invalid command name {name!r}")
        if ctype == 1:
            desc = cmd.get("description")
            if not isinstance(desc, str) or not 1 <= len(desc) <= 100:
                problems.append(f"{where}.description: must be 1-100 chars")
        problems += self._validate_options(cmd.get("options") or [], f"{where}.options")
        return problems

    def _validate_options(self, options: list[dict[str, Any]], where: str) -> list[str]:
        problems = []
        if len(options) > 25:
            problems.append(f"{where}: {len(options)} options (max 25)")
        seen_optional = False
        names = set()
        for i, o in enumerate(options):
            w = f"{where}[{i}]"
            name = o.get("name")
            if not isinstance(name, str) or not COMMAND_NAME.match(name) or name != name.lower():
                problems.append(f"{w}.name: invalid option name {name!r}")
            if name in names:
                problems.append(f"{w}.name: duplicate {name!r}")
            names.add(name)
            desc = o.get("description")
            if not isinstance(desc, str) or not 1 <= len(desc) <= 100:
                problems.append(f"{w}.description: must be 1-100 chars")
            if o.get("type") in (1, 2):
                problems += self._validate_options(o.get("options") or [], f"{w}.options")
                continue
            if o.get("required"):
                if seen_optional:
                    problems.append(f"{w}: required options must be placed before non-required options")
            else:
                seen_optional = True
            if len(o.get("choices") or []) > 25:
                problems.append(f"{w}.choices: more than 25")
            if o.get("choices") and o.get("autocomplete"):
                problems.append(f"{w}: autocomplete may not be set with choices")
        return problems

    def _store_command(
        self, existing: list[dict[str, Any]], cmd: dict[str, Any], guild_id: int | None
    ) -> dict[str, Any]:
        old = next(
            (c for c in existing if c["name"] == cmd["name"] and c.get("type", 1) == cmd.get("type", 1)), None
        )
        stored = copy.deepcopy(cmd)
        stored.setdefault("type", 1)
        stored.setdefault("options", [])
        stored.setdefault("default_member_permissions", None)
        if stored["default_member_permissions"] is not None:  # Discord answers with a string bitfield
            stored["default_member_permissions"] = str(stored["default_member_permissions"])
        stored.setdefault("nsfw", False)
        stored["id"] = old["id"] if old else str(self.snowflake())
        stored["application_id"] = str(self.application_id)
        stored["version"] = str(self.snowflake())
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        else:
            stored.setdefault("contexts", None)
            stored.setdefault("integration_types", [0])
        return stored

    async def _get_commands(self, request, rec):
        return 200, self._commands_for(rec)

    async def _put_commands(self, request, rec):
        existing = self._commands_for(rec)
        body = rec.json
        if not isinstance(body, list):
            raise ApiError(400, 50035, "Invalid Form Body", {"_errors": "expected a list"})
        problems = []
        for i, cmd in enumerate(body):
            problems += self._validate_command(cmd, f"[{i}]")
        if len(body) > 100:
            problems.append(f"{len(body)} commands (max 100)")
        if problems:
            raise ApiError(400, 50035, "Invalid Form Body", problems)
        gid = int(rec.params["guild_id"]) if "guild_id" in rec.params else None
        new = [self._store_command(existing, c, gid) for c in body]
        existing[:] = new
        self.command_syncs.append(rec)
        return 200, new

    async def _post_command(self, request, rec):
        existing = self._commands_for(rec)
        problems = self._validate_command(rec.json or {}, "command")
        if problems:
            raise ApiError(400, 50035, "Invalid Form Body", problems)
        gid = int(rec.params["guild_id"]) if "guild_id" in rec.params else None
        stored = self._store_command(existing, rec.json, gid)
        existing[:] = [c for c in existing if c["id"] != stored["id"]] + [stored]
        return 201, stored

    async def _delete_command(self, request, rec):
        existing = self._commands_for(rec)
        before = len(existing)
        existing[:] = [c for c in existing if c["id"] != rec.params["command_id"]]
        if len(existing) == before:
            raise ApiError(404, 10063, "Unknown application command")
        return 204, None

    def synced_command(self, name: str, *, guild_id: int | None = None, dm: bool = False) -> dict[str, Any]:
        """The command members would see (guild commands first, then global); CommandNotSynced if none."""
        candidates: list[dict[str, Any]] = []
        if not dm:
            candidates += self.guild_commands.get(guild_id or self.guild_id, [])
        candidates += self.global_commands
        for c in candidates:
            if c["name"] == name and c.get("type", 1) == 1:
                if dm and (c.get("dm_permission") is False or (c.get("contexts") and 1 not in c["contexts"])):
                    continue
                return c
        where = "in DMs" if dm else f"in guild {guild_id or self.guild_id}"
        synced = sorted({c["name"] for c in candidates})
        raise CommandNotSynced(f"/{name} was never synced {where} (synced: {synced})")

    # ------------------------------------------------------------------ messages

    def _mentions(self, content: str, allowed: dict[str, Any] | None) -> tuple[list[dict[str, Any]], bool]:
        """Who a bot message would actually ping, honouring allowed_mentions."""
        parse = None if allowed is None else (allowed.get("parse") or [])
        users_allowed = None if allowed is None else {int(u) for u in allowed.get("users") or []}
        mentioned = []
        for m in MENTION.finditer(content or ""):
            uid = int(m.group(1))
            if parse is None or "users" in parse or (users_allowed and uid in users_allowed):
                u = self.users.get(uid) or (self.bot_user if uid == self.bot_user.id else None)
                if u and u.payload() not in mentioned:
                    mentioned.append(u.payload())
        everyone = ("@everyone" in (content or "") or "@here" in (content or "")) and (
            parse is None or "everyone" in parse
        )
        return mentioned, everyone

    def _new_bot_message(
        self,
        channel_id: int,
        body: dict[str, Any],
        *,
        mtype: int = 0,
        flags: int = 0,
        interaction: InteractionState | None = None,
    ) -> dict[str, Any]:
        content = body.get("content") or ""
        mentions, everyone = self._mentions(content, body.get("allowed_mentions"))
        ch = self._channel_by_id(channel_id)
        p: dict[str, Any] = {
            "id": str(self.snowflake()),
            "channel_id": str(channel_id),
            "type": mtype,
            "content": content,
            "author": self.bot_user.payload(),
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": everyone,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": self._attachments(body.get("attachments")),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "flags": flags | int(body.get("flags") or 0),
            "allowed_mentions": body.get("allowed_mentions"),  # what the bot asked for (not a Discord field)
        }
        if ch is not None and ch.guild_id:
            p["guild_id"] = str(ch.guild_id)
        if interaction is not None:
            p["webhook_id"] = str(self.application_id)
            p["application_id"] = str(self.application_id)
            p["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": {},
            }
        return p

    def _attachments(self, raw: Any) -> list[dict[str, Any]]:
        """Uploaded files as Discord returns them (a snowflake id, a size and URLs: discord.py
        reads them back); the bot's own fields (``filename``, ``description``) are kept."""
        out = []
        for item in raw or []:
            name = str(item.get("filename", "file"))
            aid = str(self.snowflake())
            url = f"https://cdn.fake.invalid/attachments/{aid}/{name}"
            out.append({**item, "id": aid, "filename": name, "size": 0, "url": url, "proxy_url": url})
        return out

    def _apply_edit(self, stored: StoredMessage, body: dict[str, Any]) -> None:
        p = stored.payload
        for key in ("content", "embeds", "components", "attachments", "allowed_mentions"):
            if key in body:
                p[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "attachments" in body:
            p["attachments"] = self._attachments(p["attachments"])
        if "content" in body or "allowed_mentions" in body:
            p["mentions"], p["mention_everyone"] = self._mentions(
                p.get("content", ""), p.get("allowed_mentions")
            )
        p["flags"] = int(p.get("flags", 0)) & ~LOADING
        p["edited_timestamp"] = _now_iso()
        stored.edits.append(copy.deepcopy(body))

    def _validate_message_body(self, body: Any, *, partial: bool = False) -> dict[str, Any]:
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise ApiError(400, 50035, "Invalid Form Body", ["body must be a JSON object"])
        problems, empty = limits.check_message(body, partial=partial)
        if problems:
            raise ApiError(400, 50035, "Invalid Form Body", problems)
        if empty:
            raise ApiError(400, 50006, "Cannot send an empty message")
        return body

    def _store(
        self,
        payload: dict[str, Any],
        source: str,
        rec: RecordedRequest | None = None,
        interaction_id: int | None = None,
    ) -> StoredMessage:
        sm = StoredMessage(payload, source, interaction_id, rec)
        self.messages[sm.id] = sm
        return sm

    def _message_in_channel(self, rec: RecordedRequest) -> StoredMessage:
        cid = int(rec.params["channel_id"])
        if self._channel_by_id(cid) is None:
            raise ApiError(404, 10003, "Unknown Channel")
        sm = self.messages.get(int(rec.params["message_id"]))
        if sm is None or sm.deleted or int(sm.payload["channel_id"]) != cid:
            raise ApiError(404, 10008, "Unknown Message")
        return sm

    async def _post_channel_message(self, request, rec):
        cid = int(rec.params["channel_id"])
        ch = self._channel_by_id(cid)
        if ch is None:
            raise ApiError(404, 10003, "Unknown Channel")
        if ch.type == 1 and ch.recipient is not None and ch.recipient.id in self.closed_dms:
            # What Discord answers when the member's privacy settings refuse the bot's DM.
            raise ApiError(403, 50007, "Cannot send messages to this user", failure=False)
        body = self._validate_message_body(rec.json)
        mtype = 0
        ref = body.get("message_reference")
        referenced = None
        if ref:
            target = self.messages.get(int(ref.get("message_id", 0)))
            if target is None or int(target.payload["channel_id"]) != int(ref.get("channel_id") or cid):
                if ref.get("fail_if_not_exists", True):
                    raise ApiError(400, 50035, "Invalid Form Body", ["message_reference: Unknown message"])
            else:
                referenced = target.payload
                mtype = 19
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce") and self.nonce_window > 0:
            seen = self._nonces.get((cid, str(nonce)))
            if seen is not None and time.monotonic() - seen[1] <= self.nonce_window:
                existing = self.messages.get(seen[0])
                if existing is not None and not existing.deleted:
                    return 200, {**existing.payload, "nonce": str(nonce)}
        p = self._new_bot_message(cid, body, mtype=mtype)
        if referenced is not None:
            p["message_reference"] = {
                "type": 0,
                "message_id": referenced["id"],
                "channel_id": str(cid),
                **({"guild_id": str(ch.guild_id)} if ch.guild_id else {}),
            }
            p["referenced_message"] = {k: v for k, v in referenced.items() if k != "allowed_mentions"}
        self._store(p, "channel", rec)
        if nonce is not None:
            self._nonces[(cid, str(nonce))] = (int(p["id"]), time.monotonic())
            p = {**p, "nonce": str(nonce)}  # in the response and the event, not in the history
        if self.echo_bot_messages:
            task = asyncio.get_running_loop().create_task(self._echo(p))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return 200, p

    async def _echo(self, p: dict[str, Any]) -> None:
        """Discord sends the bot its own messages back as MESSAGE_CREATE."""
        session = self.route(p.get("guild_id"))
        if session is None:
            return
        intents = session.intents
        need = Intents.GUILD_MESSAGES if p.get("guild_id") else Intents.DIRECT_MESSAGES
        if intents & need:
            echoed = {k: v for k, v in p.items() if k != "allowed_mentions"}
            if "guild_id" in echoed:
                echoed["member"] = self.member_payload(self.bot_user, with_user=False)
            await self.dispatch("MESSAGE_CREATE", echoed, session=session)

    async def _get_channel(self, request, rec):
        ch = self._channel_by_id(int(rec.params["channel_id"]))
        if ch is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return 200, ch.payload()

    async def _get_channel_messages(self, request, rec):
        """Recent history as Discord returns it: newest first, ``limit`` 1-100 (default 50);
        ``before`` / ``after`` / ``around`` a message id (after: the oldest ones after it)."""
        cid = int(rec.params["channel_id"])
        if self._channel_by_id(cid) is None:
            raise ApiError(404, 10003, "Unknown Channel")
        try:
            limit = int(rec.query.get("limit", 50))
            anchors = {k: int(rec.query[k]) for k in ("before", "after", "around") if k in rec.query}
        except ValueError:
            raise ApiError(400, 50035, "Invalid Form Body", ["limit/before/after/around: a number"]) from None
        if not 1 <= limit <= 100 or len(anchors) > 1:
            raise ApiError(400, 50035, "Invalid Form Body", [f"limit {limit} or anchors {sorted(anchors)}"])
        msgs = sorted(
            (
                m.payload
                for m in self.messages.values()
                if int(m.payload["channel_id"]) == cid
                and not m.deleted
                and not int(m.payload.get("flags", 0)) & EPHEMERAL
            ),
            key=lambda p: int(p["id"]),
        )
        if "before" in anchors:
            page = [p for p in msgs if int(p["id"]) < anchors["before"]][-limit:]
        elif "after" in anchors:
            page = [p for p in msgs if int(p["id"]) > anchors["after"]][:limit]
        elif "around" in anchors:
            older = [p for p in msgs if int(p["id"]) <= anchors["around"]]
            newer = [p for p in msgs if int(p["id"]) > anchors["around"]]
            page = older[-((limit + 1) // 2) :] + newer[: limit // 2]
        else:
            page = msgs[-limit:]
        return 200, list(reversed(page))

    async def _get_channel_message(self, request, rec):
        return 200, self._message_in_channel(rec).payload

    async def _edit_channel_message(self, request, rec):
        sm = self._message_in_channel(rec)
        if sm.payload["author"]["id"] != str(self.bot_user.id):
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = self._validate_message_body(rec.json, partial=True)
        self._apply_edit(sm, body)
        return 200, sm.payload

    async def _add_reaction(self, request, rec):
        sm = self._message_in_channel(rec)
        emoji = rec.params["emoji"]
        if emoji not in sm.reactions:
            sm.reactions.append(emoji)
        return 204, None

    async def _remove_reaction(self, request, rec):
        sm = self._message_in_channel(rec)
        if rec.params["emoji"] in sm.reactions:
            sm.reactions.remove(rec.params["emoji"])
        return 204, None

    async def _delete_channel_message(self, request, rec):
        sm = self._message_in_channel(rec)
        sm.deleted = True
        return 204, None

    # ------------------------------------------------------------------ interactions (REST side)

    def _resolve_callback_future(self, st: InteractionState, rec: RecordedRequest) -> None:
        if st.first_callback is not None and not st.first_callback.done():
            st.first_callback.set_result(rec)
        if self.on_callback is not None:
            self.on_callback(st, rec)

    async def _interaction_callback(self, request, rec):
        now = rec.time
        st = self.interactions.get(int(rec.params["interaction_id"]))
        try:
            if st is None or st.token != rec.params["token"]:
                raise ApiError(404, 10062, "Unknown interaction")
            st.callbacks.append(rec)
            st.requests.append(rec)
            return await self._do_callback(st, rec, now)
        finally:
            if st is not None and st.token == rec.params["token"]:
                # resolve after the status is known: the wrapper sets it; do it on the next loop turn
                asyncio.get_running_loop().call_soon(self._resolve_callback_future, st, rec)

    async def _do_callback(self, st: InteractionState, rec: RecordedRequest, now: float):
        if st.acked:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if now - st.created > self.ack_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        body = rec.json
        if not isinstance(body, dict) or "type" not in body:
            raise ApiError(400, 50035, "Invalid Form Body", ["type: required"])
        ctype = int(body["type"])
        data = body.get("data") or {}
        allowed = {
            APPLICATION_COMMAND: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_MODAL},
            MESSAGE_COMPONENT: {
                CB_MESSAGE,
                CB_DEFERRED_MESSAGE,
                CB_DEFERRED_UPDATE,
                CB_UPDATE_MESSAGE,
                CB_MODAL,
            },
            MODAL_SUBMIT: {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE},
            AUTOCOMPLETE: {CB_AUTOCOMPLETE},
        }[st.type]
        if ctype not in allowed:
            raise ApiError(
                400,
                50035,
                "Invalid Form Body",
                [f"type: callback type {ctype} is not valid for interaction type {st.type}"],
            )
        message = None
        if ctype == CB_MESSAGE:
            self._validate_message_body(data)
            flags = int(data.get("flags") or 0) & EPHEMERAL
            message = self._new_bot_message(
                st.channel_id,
                data,
                mtype=20 if st.type == APPLICATION_COMMAND else 0,
                flags=flags,
                interaction=st,
            )
            self._store(message, "interaction", rec, st.id)
            st.original_message_id = int(message["id"])
        elif ctype == CB_DEFERRED_MESSAGE:
            flags = int(data.get("flags") or 0) & EPHEMERAL
            message = self._new_bot_message(
                st.channel_id,
                {},
                mtype=20 if st.type == APPLICATION_COMMAND else 0,
                flags=flags | LOADING,
                interaction=st,
            )
            self._store(message, "interaction", rec, st.id)
            st.original_message_id = int(message["id"])
        elif ctype in (CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE):
            mid = int(st.payload["message"]["id"])
            sm = self.messages.get(mid)
            if sm is None:
                raise ApiError(404, 10008, "Unknown Message")
            st.edits_at_ack = len(sm.edits)
            if ctype == CB_UPDATE_MESSAGE:
                self._validate_message_body(data, partial=True)
                self._apply_edit(sm, data)
                message = sm.payload
            st.original_message_id = mid
        elif ctype == CB_AUTOCOMPLETE:
            problems = limits.check_choices(data.get("choices", None))
            if problems:
                raise ApiError(400, 50035, "Invalid Form Body", problems)
            st.choices = data["choices"]
        elif ctype == CB_MODAL:
            st.modal = data
        st.acked = True
        st.ack_type = ctype
        st.ack_time = now
        if rec.query.get("with_response", "").lower() not in ("1", "true"):
            return 204, None
        interaction: dict[str, Any] = {"id": str(st.id), "type": st.type}
        if st.original_message_id is not None and ctype in (
            CB_MESSAGE,
            CB_DEFERRED_MESSAGE,
            CB_UPDATE_MESSAGE,
            CB_DEFERRED_UPDATE,
        ):
            interaction["response_message_id"] = str(st.original_message_id)
            interaction["response_message_loading"] = ctype == CB_DEFERRED_MESSAGE
            orig = self.messages[st.original_message_id].payload
            interaction["response_message_ephemeral"] = bool(int(orig.get("flags", 0)) & EPHEMERAL)
        resource: dict[str, Any] = {"type": ctype}
        if message is not None:
            resource["message"] = message
        return 200, {"interaction": interaction, "resource": resource}

    def _webhook_state(self, rec: RecordedRequest) -> InteractionState:
        st = self._by_token.get(rec.params["token"])
        if st is None or int(rec.params["app_id"]) != self.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        st.requests.append(rec)
        if not st.acked:
            raise ApiError(404, 10015, "Unknown Webhook")
        return st

    def _webhook_message(self, st: InteractionState, rec: RecordedRequest) -> StoredMessage:
        ref = rec.params["message_id"]
        mid = st.original_message_id if ref == "@original" else int(ref)
        if mid is None or (mid != st.original_message_id and mid not in st.followup_ids):
            raise ApiError(404, 10008, "Unknown Message")
        sm = self.messages.get(mid)
        if sm is None or sm.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        return sm

    async def _followup(self, request, rec):
        st = self._webhook_state(rec)
        body = self._validate_message_body(rec.json)
        orig = self.messages.get(st.original_message_id) if st.original_message_id else None
        if (
            st.ack_type == CB_DEFERRED_MESSAGE
            and orig is not None
            and int(orig.payload.get("flags", 0)) & LOADING
        ):
            # The first followup after a "thinking" defer replaces the placeholder; its ephemerality
            # was fixed by the defer, whatever flags the followup asks for.
            self._apply_edit(orig, body)
            p = orig.payload
        else:
            flags = int(body.get("flags") or 0) & EPHEMERAL
            p = self._new_bot_message(st.channel_id, body, flags=flags, interaction=st)
            self._store(p, "followup", rec, st.id)
            st.followup_ids.append(int(p["id"]))
        if rec.query.get("wait", "").lower() in ("1", "true"):
            return 200, p
        return 204, None

    async def _get_webhook_message(self, request, rec):
        st = self._webhook_state(rec)
        return 200, self._webhook_message(st, rec).payload

    async def _edit_webhook_message(self, request, rec):
        st = self._webhook_state(rec)
        sm = self._webhook_message(st, rec)
        body = self._validate_message_body(rec.json, partial=True)
        self._apply_edit(sm, body)
        return 200, sm.payload

    async def _delete_webhook_message(self, request, rec):
        st = self._webhook_state(rec)
        sm = self._webhook_message(st, rec)
        sm.deleted = True
        return 204, None

    # ------------------------------------------------------------------ gateway

    async def _ws_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        self._conn_count += 1
        self.ws_connections += 1
        conn = _Conn(ws, self._conn_count)
        await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    break
                data = json.loads(msg.data)
                op = data.get("op")
                d = data.get("d")
                if op == 1:
                    self.heartbeats += 1
                    await conn.send({"op": 11})
                elif op == 2:
                    await self._on_identify(conn, d)
                elif op == 6:
                    await self._on_resume(conn, d)
                elif op == 8:
                    await self._on_request_members(conn, d)
                elif op in (3, 4):
                    pass  # presence / voice state updates
                else:
                    self._fail("protocol", f"gateway: unexpected op {op}: {data}")
        finally:
            conn.closed = True
            for session in self.sessions.values():
                if session.conn is conn:
                    session.conn = None
            self._notify()
        return ws

    async def _on_identify(self, conn: _Conn, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            self._fail("protocol", "gateway: IDENTIFY with a wrong token")
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = GatewaySession(secrets.token_hex(16), int(d.get("intents", 0)), d, conn=conn)
        shard_id, count = session.shard
        if not 0 <= shard_id < count:
            self._fail("protocol", f"gateway: IDENTIFY with shard {d.get('shard')}")
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        async with self._gw_lock:
            key: tuple[int, ...] = session.shard
            if self.multi_session:  # several instances may hold one shard: a session each
                key = (*session.shard, len(self.identifies))
            else:  # one session per shard: a new IDENTIFY replaces the old one
                old = self.sessions.get(key)
                if old is not None and old.conn is not None and old.conn is not conn:
                    old.conn.closed = True
            self.session = self.sessions[key] = session
            self.identifies.append(d)
        mine = [gid for gid in self.guilds if session.serves(gid)]
        ready = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in mine],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.ws_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "guild_join_requests": [],
            "auth": {},
        }
        if d.get("shard") is not None:
            ready["shard"] = d["shard"]
        await self.dispatch("READY", ready, session=session)
        for gid in mine:
            await self.dispatch("GUILD_CREATE", self.guild_payload(gid), session=session)
        self._notify()

    async def _on_resume(self, conn: _Conn, d: dict[str, Any]) -> None:
        s = next((x for x in self.sessions.values() if x.session_id == d.get("session_id")), None)
        if s is None or s.invalidated or d.get("token") != self.token:
            await conn.send({"op": 9, "d": False})
            return
        async with self._gw_lock:
            if s.conn is not None and s.conn is not conn:
                s.conn.closed = True
            s.conn = conn
            since = int(d.get("seq") or 0)
            replayed = [p for p in s.log if p["s"] > since]
            for p in replayed:
                await conn.send(p)
            s.seq += 1
            resumed = {"op": 0, "t": "RESUMED", "s": s.seq, "d": {}}
            s.log.append(resumed)
            await conn.send(resumed)
            self.resumes.append({**d, "replayed": len(replayed)})
        self._notify()

    async def _on_request_members(self, conn: _Conn, d: dict[str, Any]) -> None:
        members = [self.member_payload(self.bot_user)] + [self.member_payload(u) for u in self.users.values()]
        gid = int(d.get("guild_id") or self.guild_id)
        await self.dispatch(
            "GUILD_MEMBERS_CHUNK",
            {
                "guild_id": str(gid),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
                "presences": [],
                **({"nonce": d["nonce"]} if d.get("nonce") else {}),
            },
            session=next((x for x in self.sessions.values() if x.conn is conn), None),
        )

    @property
    def connected(self) -> bool:
        s = self.session
        return bool(s and s.conn and not s.conn.closed)

    @property
    def intents(self) -> int:
        if self.session is None:
            raise RuntimeError("the bot has not IDENTIFYed yet")
        return self.session.intents

    def sessions_for(self, guild_id: int | None) -> list[GatewaySession]:
        """The sessions that receive ``guild_id``'s events (None: DMs), as Discord routes by shard."""
        return [s for s in self.sessions.values() if s.serves(guild_id)]

    def route(self, guild_id: int | str | None) -> GatewaySession | None:
        """The one session that gets an event of this guild (None: a DM): with several
        instances of its shard (multi_session), one of them, see sessions.py."""
        return self.delivery.pick(self.sessions_for(int(guild_id) if guild_id else None))

    @contextlib.contextmanager
    def deliver_only(self, session: GatewaySession) -> Iterator[GatewaySession]:
        """Within the block, every event of the guilds ``session`` holds goes to it."""
        self.delivery.only = session
        try:
            yield session
        finally:
            self.delivery.only = None

    async def dispatch(
        self, event: str, data: dict[str, Any], *, session: GatewaySession | None = None
    ) -> dict[str, Any]:
        """Send a DISPATCH (op 0) event to ``session`` (default: the one :meth:`route` picks for the
        event's guild); while that session is disconnected it is kept for RESUME's replay."""
        s = session or self.route(data.get("guild_id") if isinstance(data, dict) else None)
        if s is None:
            raise RuntimeError(f"cannot dispatch {event}: no gateway session (is the bot running?)")
        async with self._gw_lock:
            s.received += 1
            s.seq += 1
            payload = {"op": 0, "t": event, "s": s.seq, "d": data}
            s.log.append(payload)
            if s.conn is not None:
                await s.conn.send(payload)
        return payload

    async def force_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client must close and RESUME; events sent meanwhile are replayed."""
        s = self.session
        assert s is not None and s.conn is not None, "bot not connected"
        async with self._gw_lock:
            conn, s.conn = s.conn, None
            await conn.send({"op": 7, "d": None})
            conn.closed = True

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION: with resumable=False the client must IDENTIFY anew."""
        s = self.session
        assert s is not None and s.conn is not None, "bot not connected"
        async with self._gw_lock:
            conn, s.conn = s.conn, None
            if not resumable:
                s.invalidated = True
            await conn.send({"op": 9, "d": resumable})
            conn.closed = True

    async def drop_connection(self, code: int = 1006) -> None:
        """Close the websocket abruptly (as a network failure would): the client should RESUME."""
        s = self.session
        assert s is not None and s.conn is not None, "bot not connected"
        async with self._gw_lock:
            conn, s.conn = s.conn, None
            conn.closed = True
            await conn.ws.close(code=4000, message=b"fake drop")

    # ------------------------------------------------------------------ injecting events

    async def send_message(
        self,
        content: str,
        *,
        channel: FakeChannel | str | int | None = None,
        author: FakeUser | str | int | None = None,
        mentions_bot: bool = False,
        dm: bool = False,
        reply_to: int | None = None,
        mention_everyone: bool = False,
    ) -> dict[str, Any]:
        """A member posts a message (MESSAGE_CREATE). Returns the full message (what Discord stores);
        what the bot receives is blanked like Discord does without the MESSAGE_CONTENT intent."""
        user = self.user(author)
        bot_mention = f"<@{self.bot_user.id}>"
        if mentions_bot and bot_mention not in content and f"<@!{self.bot_user.id}>" not in content:
            content = f"{bot_mention} {content}"
        ch = self.dm_channel(user) if dm else self.channel(channel)
        gid = None if dm else ch.guild_id
        mentioned_ids = []
        for m in MENTION.finditer(content):
            uid = int(m.group(1))
            if uid not in mentioned_ids and (uid in self.users or uid == self.bot_user.id):
                mentioned_ids.append(uid)
        mentions = []
        for uid in mentioned_ids:
            u = self.bot_user if uid == self.bot_user.id else self.users[uid]
            mp = u.payload()
            if not dm:
                mp["member"] = self.member_payload(u, with_user=False)
            mentions.append(mp)
        p: dict[str, Any] = {
            "id": str(self.snowflake()),
            "channel_id": str(ch.id),
            "type": 0,
            "content": content,
            "author": user.payload(),
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "flags": 0,
            "nonce": str(self.snowflake()),
        }
        if reply_to is not None:
            target = self.messages[int(reply_to)]
            p["type"] = 19
            p["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(ch.id),
                **({"guild_id": str(gid)} if gid else {}),
            }
            p["referenced_message"] = {k: v for k, v in target.payload.items() if k != "allowed_mentions"}
        if dm:
            p["channel_type"] = 1
        else:
            p["guild_id"] = str(gid)
            p["member"] = self.member_payload(user, with_user=False)
        self._store(copy.deepcopy(p), "user")
        delivered = copy.deepcopy(p)
        session = self.route(gid)
        if session is None:
            raise RuntimeError("the bot has not IDENTIFYed yet")
        intents = session.intents
        bot_mentioned = self.bot_user.id in mentioned_ids
        need = Intents.DIRECT_MESSAGES if dm else Intents.GUILD_MESSAGES
        if not dm and not bot_mentioned and not intents & Intents.MESSAGE_CONTENT:
            delivered.update(content="", embeds=[], attachments=[], components=[])
            delivered.pop("poll", None)
        if intents & need:
            await self.dispatch("MESSAGE_CREATE", delivered, session=session)
        self._notify()
        return p

    def _new_interaction(
        self,
        itype: int,
        data: dict[str, Any],
        *,
        user: FakeUser | str | int | None,
        channel: FakeChannel | str | int | None,
        dm: bool,
        permissions: int | None,
        locale: str,
        message: dict[str, Any] | None = None,
    ) -> InteractionState:
        u = self.user(user)
        iid = self.snowflake()
        token = "fake-itoken." + secrets.token_urlsafe(32)
        ch = self.dm_channel(u) if dm else self.channel(channel)
        gid = ch.guild_id or self.guild_id
        p: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "data": data,
            "attachment_size_limit": 10 * 1024 * 1024,
            "locale": locale,
            "entitlements": [],
            "channel_id": str(ch.id),
            "app_permissions": str(Perm.BOT | self.everyone_permissions),
        }
        if dm:
            p["channel"] = ch.payload()
            p["user"] = u.payload()
            p["context"] = 1
            p["authorizing_integration_owners"] = {"0": str(self.owner.id)}
        else:
            perms = self.everyone_permissions if permissions is None else permissions
            p["guild_id"] = str(gid)
            p["guild"] = {"id": str(gid), "locale": "en-US", "features": []}
            p["guild_locale"] = "en-US"
            p["channel"] = {**ch.payload(), "permissions": str(perms)}
            p["member"] = self.member_payload(u, permissions=perms)
            p["context"] = 0
            p["authorizing_integration_owners"] = {"0": str(gid)}
        if message is not None:
            p["message"] = message
        st = InteractionState(iid, token, itype, p, u, ch.id, None if dm else gid)
        st.first_callback = asyncio.get_running_loop().create_future()
        self.interactions[iid] = st
        self._by_token[token] = st
        return st

    def _build_options(
        self,
        defs: list[dict[str, Any]],
        given: dict[str, Any],
        *,
        partial: bool,
        focused: str | None = None,
        resolved: dict[str, Any],
    ) -> list[dict[str, Any]]:
        by_name = {d["name"]: d for d in defs}
        out = []
        for name, value in given.items():
            d = by_name.get(name)
            if d is None:
                raise ValueError(f"option {name!r} does not exist (options: {sorted(by_name)})")
            t = d["type"]
            if name == focused:
                out.append({"name": name, "type": t, "value": str(value), "focused": True})
                continue
            if t == 3:
                v: Any = str(value)
                lo, hi = d.get("min_length", 0), d.get("max_length", 6000)
                if not lo <= len(v) <= hi:
                    raise ValueError(
                        f"option {name!r}: length {len(v)} outside {lo}..{hi} (Discord's client refuses)"
                    )
            elif t == 4:
                v = int(value)
            elif t == 10:
                v = float(value)
            elif t == 5:
                v = bool(value)
            elif t in (6, 9):
                u = self.user(value)
                v = str(u.id)
                resolved.setdefault("users", {})[v] = u.payload()
                resolved.setdefault("members", {})[v] = {
                    **self.member_payload(u, with_user=False),
                    "permissions": str(self.everyone_permissions),
                }
            elif t == 7:
                c = self.channel(value)
                v = str(c.id)
                resolved.setdefault("channels", {})[v] = {
                    **c.payload(),
                    "permissions": str(self.everyone_permissions),
                }
            elif t == 8:
                v = str(value)
            else:
                raise ValueError(f"option {name!r}: type {t} not supported by the fake")
            if t in (4, 10) and (
                ("min_value" in d and v < d["min_value"]) or ("max_value" in d and v > d["max_value"])
            ):
                raise ValueError(f"option {name!r}: {v} outside the allowed range")
            if d.get("choices") and v not in [c["value"] for c in d["choices"]]:
                raise ValueError(
                    f"option {name!r}: {v!r} is not one of the choices {[c['value'] for c in d['choices']]}"
                )
            out.append({"name": name, "type": t, "value": v})
        if not partial:
            missing = [d["name"] for d in defs if d.get("required") and d["name"] not in given]
            if missing:
                raise ValueError(f"required option(s) missing: {missing}")
        return out

    def _command_data(
        self,
        name: str,
        options: dict[str, Any] | None,
        subcommand: str | None,
        *,
        dm: bool,
        partial: bool,
        focused: str | None = None,
    ) -> dict[str, Any]:
        cmd = self.synced_command(name, dm=dm)
        resolved: dict[str, Any] = {}
        defs = cmd.get("options") or []
        path = subcommand.split() if subcommand else []
        wrappers: list[dict[str, Any]] = []
        for part in path:
            d = next((o for o in defs if o["name"] == part and o["type"] in (1, 2)), None)
            if d is None:
                raise ValueError(f"/{name} has no subcommand or group {part!r}")
            wrappers.append({"name": part, "type": d["type"]})
            defs = d.get("options") or []
        if any(o["type"] in (1, 2) for o in defs):
            raise ValueError(f"/{name} {' '.join(path)} needs a subcommand: {[o['name'] for o in defs]}")
        leaf = self._build_options(
            defs, dict(options or {}), partial=partial, focused=focused, resolved=resolved
        )
        for w in reversed(wrappers):
            w["options"] = leaf
            leaf = [w]
        data: dict[str, Any] = {"id": cmd["id"], "name": name, "type": 1, "options": leaf}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    async def _send_interaction(self, st: InteractionState) -> InteractionHandle:
        session = self.route(st.guild_id)
        st.session_id = session.session_id if session is not None else None
        st.created = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", st.payload, session=session)
        return InteractionHandle(self, st)

    def prepare_slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: FakeUser | str | int | None = None,
        channel: FakeChannel | str | int | None = None,
        dm: bool = False,
        subcommand: str | None = None,
        permissions: int | None = None,
        locale: str = "en-US",
    ) -> InteractionState:
        """Build a slash-command interaction without sending it (see :meth:`fire`): for bursts."""
        data = self._command_data(name, options, subcommand, dm=dm, partial=False)
        return self._new_interaction(
            APPLICATION_COMMAND,
            data,
            user=user,
            channel=channel,
            dm=dm,
            permissions=permissions,
            locale=locale,
        )

    def prepare_click(
        self,
        message_id: int | str,
        custom_id: str,
        *,
        user: FakeUser | str | int | None = None,
        values: list[str] | None = None,
    ) -> InteractionState:
        """Build a component interaction without sending it (see :meth:`fire`)."""
        return self._click_state(message_id, custom_id, user=user, values=values, permissions=None)

    async def fire(self, states: Iterable[InteractionState]) -> list[InteractionHandle]:
        """Send prepared interactions back to back; each one's 3 s clock starts as it is sent."""
        return [await self._send_interaction(st) for st in states]

    async def invoke_slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: FakeUser | str | int | None = None,
        channel: FakeChannel | str | int | None = None,
        dm: bool = False,
        subcommand: str | None = None,
        permissions: int | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """A member runs ``/name`` (INTERACTION_CREATE type 2). ``subcommand`` may be ``"sub"`` or
        ``"group sub"``; ``permissions`` is the member's full permission bitfield (default: ordinary
        member, e.g. pass ``Perm.MEMBER | Perm.MANAGE_GUILD``). Raises CommandNotSynced / ValueError where
        Discord's client would not let the member send it."""
        data = self._command_data(name, options, subcommand, dm=dm, partial=False)
        st = self._new_interaction(
            APPLICATION_COMMAND,
            data,
            user=user,
            channel=channel,
            dm=dm,
            permissions=permissions,
            locale=locale,
        )
        return await self._send_interaction(st)

    async def autocomplete(
        self,
        name: str,
        focused: str,
        value: str,
        *,
        options: dict[str, Any] | None = None,
        user: FakeUser | str | int | None = None,
        channel: FakeChannel | str | int | None = None,
        dm: bool = False,
        subcommand: str | None = None,
        timeout: float = 2.0,
    ) -> list[dict[str, Any]]:
        """A member types ``value`` in option ``focused`` of ``/name`` (INTERACTION_CREATE type 4);
        returns the choices the bot answered with (callback type 8)."""
        given = dict(options or {})
        given[focused] = value
        data = self._command_data(name, given, subcommand, dm=dm, partial=True, focused=focused)
        st = self._new_interaction(
            AUTOCOMPLETE, data, user=user, channel=channel, dm=dm, permissions=None, locale="en-US"
        )
        await self._send_interaction(st)
        rec = await self.wait_for_callback(st.id, timeout)
        if not rec.ok or st.ack_type != CB_AUTOCOMPLETE:
            raise AssertionError(
                f"autocomplete for /{name} {focused}={value!r} was not answered with choices: {rec}"
            )
        return list(st.choices or [])

    async def click(
        self,
        message_id: int | str,
        custom_id: str,
        *,
        user: FakeUser | str | int | None = None,
        values: list[str] | None = None,
        permissions: int | None = None,
    ) -> InteractionHandle:
        """A member clicks a button (or picks ``values`` in a select) on a message the bot sent
        (INTERACTION_CREATE type 3 carrying that message)."""
        st = self._click_state(message_id, custom_id, user=user, values=values, permissions=permissions)
        return await self._send_interaction(st)

    async def submit_modal(self, opened: InteractionHandle, values: dict[str, str]) -> InteractionHandle:
        """The member fills in the modal the bot answered ``opened`` with (callback type 9) and
        submits it (INTERACTION_CREATE type 5). ``values`` maps each text input's label (or
        custom_id) to what the member typed; Discord's client refuses a missing required value or
        one outside the input's lengths (ValueError here)."""
        st0 = opened.state
        if st0.modal is None:
            raise AssertionError("the bot did not answer that interaction with a modal")
        data = {
            "custom_id": st0.modal["custom_id"],
            "components": [_filled(c, values) for c in st0.modal.get("components") or []],
        }
        ch = self._channel_by_id(st0.channel_id)
        dm = st0.guild_id is None
        member = st0.payload.get("member") or {}
        st = self._new_interaction(
            MODAL_SUBMIT,
            data,
            user=st0.user,
            channel=None if dm else ch,
            dm=dm,
            permissions=int(member["permissions"]) if "permissions" in member else None,
            locale="en-US",
            message=st0.payload.get("message"),
        )
        return await self._send_interaction(st)

    def _click_state(
        self,
        message_id: int | str,
        custom_id: str,
        *,
        user: FakeUser | str | int | None,
        values: list[str] | None,
        permissions: int | None,
    ) -> InteractionState:
        sm = self.messages.get(int(message_id))
        if sm is None or sm.deleted:
            raise KeyError(f"no message {message_id} to click on")
        component = None
        for row in sm.payload.get("components") or []:
            for c in row.get("components") or [row]:
                if c.get("custom_id") == custom_id:
                    component = c
        if component is None:
            ids = [
                c.get("custom_id")
                for row in sm.payload.get("components") or []
                for c in row.get("components") or [row]
            ]
            raise ValueError(f"message {message_id} has no component {custom_id!r} (has {ids})")
        if component.get("disabled"):
            raise ValueError(
                f"component {custom_id!r} is disabled: Discord's client would not send the click"
            )
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] != 2:
            data["values"] = list(values or [])
        ch = self._channel_by_id(int(sm.payload["channel_id"]))
        dm = ch is not None and ch.type == 1
        message = {k: v for k, v in copy.deepcopy(sm.payload).items() if k != "allowed_mentions"}
        return self._new_interaction(
            MESSAGE_COMPONENT,
            data,
            user=user,
            channel=None if dm else ch,
            dm=dm,
            permissions=permissions,
            locale="en-US",
            message=message,
        )

    def component_ids(self, message: dict[str, Any]) -> list[str]:
        return [
            c.get("custom_id")
            for row in message.get("components") or []
            for c in row.get("components") or [row]
            if c.get("custom_id")
        ]

    async def raw_request(
        self, method: str, path: str, json_body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """Call the fake's REST API directly (for harness self-tests)."""
        import aiohttp

        async with (
            aiohttp.ClientSession() as session,
            session.request(method, self.api_url + path, json=json_body, headers=headers or {}) as r,
        ):
            text = await r.text()
            return r.status, (json.loads(text) if text else None)


def _filled(component: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """One submitted modal component: an action row or a label around a text input, as Discord
    sends it back (each text input with its ``value``)."""
    if component.get("type") == 1:
        return {"type": 1, "components": [_filled(c, values) for c in component.get("components") or []]}
    if component.get("type") == 18:
        inner = dict(component["component"], label=component.get("label"))
        return {"type": 18, "id": component.get("id"), "component": _filled(inner, values)}
    if component.get("type") != 4:
        raise ValueError(f"modal component type {component.get('type')} is not supported by the fake")
    cid, label = component["custom_id"], component.get("label")
    value = values.get(label, values.get(cid, "")) if label else values.get(cid, "")
    if component.get("required", True) and not value:
        raise ValueError(f"text input {label or cid!r} is required: Discord's client refuses")
    lo, hi = component.get("min_length", 0), component.get("max_length", 4000)
    if value and not lo <= len(value) <= hi:
        raise ValueError(f"text input {label or cid!r}: length {len(value)} outside {lo}..{hi}")
    return {"type": 4, "custom_id": cid, "value": value}

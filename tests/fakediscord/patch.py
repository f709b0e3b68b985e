"""Point the unmodified discord.py at a fake Discord, and keep every test away from the real one.

Only public class attributes and public constructor options are touched:

* ``discord.http.Route.BASE`` (every REST call, interaction callbacks and webhooks included),
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (non-sharded clients connect straight there),
* ``discord.asset.Asset.BASE``,
* optionally a default for the ``guild_ready_timeout`` client option (``on_ready`` fires that long
  after the last GUILD_CREATE: 2 s by default, far too slow for tests).
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Callable
from typing import Any

_ORIGINAL_GETADDRINFO = socket.getaddrinfo
_BLOCKED: list[str] = []


class DiscordDNSBlocked(socket.gaierror):
    pass


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any):
    name = host.decode() if isinstance(host, (bytes, bytearray)) else str(host or "")
    if "discord" in name.lower():
        _BLOCKED.append(name)
        raise DiscordDNSBlocked(
            socket.EAI_NONAME, f"fakediscord DNS guard: refusing to resolve {name!r} in tests"
        )
    return _ORIGINAL_GETADDRINFO(host, *args, **kwargs)


def install_dns_guard() -> Callable[[], None]:
    """Make any lookup of a host containing "discord" fail. Returns an undo function."""
    socket.getaddrinfo = _guarded_getaddrinfo

    def undo() -> None:
        socket.getaddrinfo = _ORIGINAL_GETADDRINFO

    return undo


def blocked_lookups() -> list[str]:
    """Hosts the guard refused so far (a non-empty list means something tried to reach Discord)."""
    return list(_BLOCKED)


def redirect_discord(base_url: str, ws_url: str) -> Callable[[], None]:
    """Send discord.py's REST and gateway traffic to ``base_url`` / ``ws_url``. Returns an undo function."""
    import discord.asset
    import discord.gateway
    import discord.http
    import yarl

    old = (
        discord.http.Route.BASE,
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
        discord.asset.Asset.BASE,
    )
    discord.http.Route.BASE = f"{base_url.rstrip('/')}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(ws_url)
    discord.asset.Asset.BASE = base_url.rstrip("/")

    def undo() -> None:
        (
            discord.http.Route.BASE,
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            discord.asset.Asset.BASE,
        ) = old

    return undo


def default_client_options(**defaults: Any) -> Callable[[], None]:
    """Give every ``discord.Client`` created from now on these constructor options unless the code
    passes them itself (e.g. ``guild_ready_timeout=0.05``). Returns an undo function."""
    import discord

    original = discord.Client.__init__
    if getattr(original, "__fakediscord_wrapped__", False):
        original = original.__wrapped__  # type: ignore[attr-defined]

    @functools.wraps(original)
    def __init__(self, *args: Any, **options: Any) -> None:
        for key, value in defaults.items():
            options.setdefault(key, value)
        original(self, *args, **options)

    __init__.__fakediscord_wrapped__ = True  # type: ignore[attr-defined]
    discord.Client.__init__ = __init__  # type: ignore[method-assign]

    def undo() -> None:
        discord.Client.__init__ = original  # type: ignore[method-assign]

    return undo

"""A fake Discord (REST v10 + gateway) on 127.0.0.1 for end-to-end tests of the real discord.py client.

See docs/notes/discord-testing.md for the facts it is built on.
"""

from .patch import blocked_lookups, default_client_options, install_dns_guard, redirect_discord
from .runner import BotTaskFailed, ErrorLogCollector, running, start_bot, stop_bot
from .server import (
    EPHEMERAL,
    LOADING,
    CommandNotSynced,
    FakeChannel,
    FakeDiscord,
    FakeUser,
    Intents,
    InteractionHandle,
    Perm,
    RecordedRequest,
)

__all__ = [
    "EPHEMERAL",
    "LOADING",
    "BotTaskFailed",
    "CommandNotSynced",
    "ErrorLogCollector",
    "FakeChannel",
    "FakeDiscord",
    "FakeUser",
    "Intents",
    "InteractionHandle",
    "Perm",
    "RecordedRequest",
    "blocked_lookups",
    "default_client_options",
    "install_dns_guard",
    "redirect_discord",
    "running",
    "start_bot",
    "stop_bot",
]

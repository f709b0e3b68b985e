"""Who the console is: one member in one channel of one server (fixed ids in the store)."""

from __future__ import annotations

import getpass

CONSOLE_GUILD = 1
CONSOLE_CHANNEL = 1
CONSOLE_USER = 1


def user_name() -> str:
    """The member's name in standings: the login name."""
    try:
        return getpass.getuser() or "you"
    except Exception:  # no login name in some containers
        return "you"

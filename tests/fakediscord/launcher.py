"""Run a bot in this process against a fake Discord whose URL is in the environment.

    FAKEDISCORD_URL=http://127.0.0.1:PORT python -m tests.fakediscord.launcher [bot|floor|selftest] [args...]

* ``bot`` (default): the real entry point, exactly as ``python -m bot run`` (``bot/__main__.py``
  executed as ``__main__`` with ``sys.argv = ["bot", "run", *args]``).
* ``floor``: a bare discord.py bot whose ``/ask`` only defers (the benchmark's floor).
* ``selftest``: the harness's self-test bot.

Environment: ``FAKEDISCORD_URL`` (required), ``FAKEDISCORD_WS_URL`` (default: the same host,
``/gateway``), ``FAKEDISCORD_GUILD_READY_TIMEOUT`` (seconds; default 0.05), ``DISCORD_TOKEN``
(default ``fake-token``), ``CERTCOACH_DEV_GUILD`` (the fake's guild id).

Readiness is signalled by printing ``FAKEDISCORD-READY`` on stdout when the client dispatches
``ready`` (the bot's own logging is whatever its entry point configures).
"""

from __future__ import annotations

import os
import runpy
import sys

READY_MARKER = "FAKEDISCORD-READY"


def _install_ready_marker() -> None:
    import discord

    original = discord.Client.dispatch
    printed = False

    def dispatch(self, event: str, /, *args, **kwargs):
        nonlocal printed
        if event == "ready" and not printed:
            printed = True
            print(READY_MARKER, flush=True)
        return original(self, event, *args, **kwargs)

    discord.Client.dispatch = dispatch  # type: ignore[method-assign]


def main() -> None:
    from tests.fakediscord.patch import default_client_options, install_dns_guard, redirect_discord

    url = os.environ["FAKEDISCORD_URL"].rstrip("/")
    ws_url = os.environ.get("FAKEDISCORD_WS_URL") or url.replace("http://", "ws://", 1) + "/gateway"
    install_dns_guard()
    redirect_discord(url, ws_url)
    default_client_options(
        guild_ready_timeout=float(os.environ.get("FAKEDISCORD_GUILD_READY_TIMEOUT", "0.05"))
    )
    os.environ.setdefault("DISCORD_TOKEN", "fake-token")
    _install_ready_marker()

    target = sys.argv[1] if len(sys.argv) > 1 else "bot"
    rest = sys.argv[2:]
    if target == "bot":
        sys.argv = ["bot", "run", *rest]
        runpy.run_module("bot", run_name="__main__", alter_sys=True)
    elif target in ("floor", "selftest"):
        import logging

        from tests.fakediscord.selftest_bot import create_floor_bot, create_selftest_bot

        guild_id = int(os.environ["CERTCOACH_DEV_GUILD"])
        bot = (
            create_floor_bot(guild_id=guild_id)
            if target == "floor"
            else create_selftest_bot(guild_id=guild_id)
        )
        bot.run(os.environ["DISCORD_TOKEN"], log_level=logging.WARNING)
    else:
        raise SystemExit(f"unknown target {target!r} (bot, floor, selftest)")


if __name__ == "__main__":
    main()

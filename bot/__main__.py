"""Command line: ``python -m bot [run|console|ask|validate|sync]``.

Bare ``python -m bot`` runs the Discord bot when DISCORD_TOKEN is set, opens the local console
when it is not and a terminal is attached, and otherwise exits 2 explaining what to do.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .config import Settings
from .core.content.problems import ContentError

if TYPE_CHECKING:
    from .services.knowledge import KnowledgeService

EXIT_USAGE = 2

NO_TOKEN = (
    "DISCORD_TOKEN is not set, so CertCoach cannot connect to Discord.\n"
    "Set it in the environment or in a .env file (see .env.example), or use the local console:\n"
    "  python -m bot console"
)


def _setup_logging(level: str) -> None:
    import discord

    try:
        discord.utils.setup_logging(level=getattr(logging, level, logging.INFO), root=True)
    except Exception:  # pragma: no cover - odd terminals
        logging.basicConfig(level=level)


def _print_problems(exc: ContentError, *, fix_hint: bool = True) -> None:
    print("CertCoach cannot start: the content does not validate.", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    if fix_hint:
        print("Fix these (run `python -m bot validate`) and start again.", file=sys.stderr)


def _print_store_error(exc: Exception) -> None:
    """One sentence for a database the bot cannot open (a ``StoreError``), never a traceback."""
    from .store import DatabaseUnusable

    if isinstance(exc, DatabaseUnusable):
        print(
            f"CertCoach cannot use the database {exc.path} (CERTCOACH_DB): {exc.problem}; {exc.remedy}.",
            file=sys.stderr,
        )
    else:
        print(f"CertCoach cannot use its database (CERTCOACH_DB): {exc}.", file=sys.stderr)


# ---------------------------------------------------------------------- commands


def cmd_validate(settings: Settings) -> int:
    from .validate import validate_all

    problems, summary = validate_all(settings)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(summary)
    return 0


def _load_knowledge_service(settings: Settings) -> KnowledgeService:
    from .core.knowledge.loader import load_knowledge
    from .services.knowledge import KnowledgeService

    return KnowledgeService(load_knowledge(settings.knowledge_dir))


def cmd_ask(settings: Settings, question: str | None, as_json: bool) -> int:
    from .cards.knowledge import answer_card
    from .console.render import render_card

    try:
        service = _load_knowledge_service(settings)
    except ContentError as exc:
        _print_problems(exc)
        return 1

    def answer(q: str) -> str:
        return render_card(answer_card(service.kb, service.ask(q)))

    def one(q: str) -> dict[str, Any]:
        result = service.ask(q)
        route = result.route
        return {
            "question": q,
            "matched": route.matched,
            "answer": render_card(answer_card(service.kb, result)),
            # An entry id: for a comparison, the first credential named ("entries" has both).
            "topic": route.entry_ids[0] if route.matched and route.entry_ids else None,
            "score": max(0, min(100, int(route.score))),
            "suggestions": [s.title for s in route.suggestions],
            "kind": route.kind,
            "entries": list(route.entry_ids) if route.matched else [],
            "facet": route.facet,
        }

    if question is None or question == "-":
        stream = sys.stdin
        for line in stream:
            q = line.rstrip("\n")
            if not q.strip():
                continue
            if as_json:
                print(json.dumps(one(q), ensure_ascii=False), flush=True)
            else:
                print(answer(q), end="\n\n", flush=True)
        return 0
    if as_json:
        print(json.dumps(one(question), ensure_ascii=False))
    else:
        print(answer(question))
    return 0


async def _console(settings: Settings, banner_note: str | None) -> int:
    from .console.app import build_console, run_console
    from .store import StoreError
    from .wiring import build_app

    try:
        app = await build_app(settings)
    except ContentError as exc:
        _print_problems(exc, fix_hint=False)
        return 1
    except StoreError as exc:
        _print_store_error(exc)
        return EXIT_USAGE
    try:
        console = build_console(knowledge=app.knowledge, rounds=app.rounds, banks=app.banks, stats=app.stats)
        await run_console(console, sys.stdin, sys.stdout, banner_note=banner_note)
    finally:
        await app.close()
    return 0


def cmd_console(settings: Settings, *, banner_note: str | None = None) -> int:
    try:
        return asyncio.run(_console(settings, banner_note))
    except KeyboardInterrupt:
        return 0


async def _run_bot(settings: Settings) -> int:
    import discord

    from .store import StoreError
    from .wiring import build_app, create_bot

    try:
        app = await build_app(settings)
    except ContentError as exc:
        _print_problems(exc)
        return 1
    except StoreError as exc:
        _print_store_error(exc)
        return EXIT_USAGE
    bot = create_bot(settings, app)
    try:
        async with bot:
            await bot.start(settings.token.get())
    except discord.LoginFailure:
        print(
            "Discord rejected DISCORD_TOKEN. Copy the bot token again from the developer portal.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "Discord refused the Message Content intent. Enable it for the bot in the developer "
            "portal (Bot > Privileged Gateway Intents) or unset CERTCOACH_MESSAGE_CONTENT.",
            file=sys.stderr,
        )
        return 1
    finally:
        await app.close()
    return 0


def cmd_run(settings: Settings) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    _setup_logging(settings.log_level)
    try:
        return asyncio.run(_run_bot(settings))
    except KeyboardInterrupt:
        return 0


async def _sync(settings: Settings, guild_id: int | None) -> int:
    import discord

    from .store import StoreError
    from .wiring import build_app, create_bot

    try:
        app = await build_app(settings)
    except StoreError as exc:
        _print_store_error(exc)
        return EXIT_USAGE
    # Sync explicitly here, not from setup_hook's development path.
    bot = create_bot(dataclasses.replace(settings, dev_guild=None), app)
    try:
        await bot.login(settings.token.get())  # runs setup_hook, which adds the cogs
        if guild_id:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            print(f"Synced {len(synced)} commands to server {guild_id} (visible at once).")
        else:
            synced = await bot.tree.sync()
            print(f"Synced {len(synced)} global commands (Discord may take up to an hour to show them).")
    except discord.LoginFailure:
        print("Discord rejected DISCORD_TOKEN.", file=sys.stderr)
        return 1
    finally:
        await bot.close()
        await app.close()
    return 0


def cmd_sync(settings: Settings, guild_id: int | None) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    _setup_logging(settings.log_level)
    return asyncio.run(_sync(settings, guild_id))


# ---------------------------------------------------------------------- parsing


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="CertCoach, the coding-certification study bot."
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="connect to Discord (needs DISCORD_TOKEN)")
    sub.add_parser("console", help="use the bot locally in this terminal")
    ask = sub.add_parser("ask", help="answer one question, or one per line from stdin with '-'")
    ask.add_argument("question", nargs="?", default=None, help="the question, or - to read stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    sub.add_parser("validate", help="check knowledge/ and quizzes/ and report every problem")
    sync = sub.add_parser("sync", help="register slash commands with Discord")
    sync.add_argument(
        "--guild", type=int, default=None, help="sync to one server (instant) instead of globally"
    )
    return parser


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "validate": lambda settings, args: cmd_validate(settings),
    "ask": lambda settings, args: cmd_ask(settings, args.question, args.json),
    "console": lambda settings, args: cmd_console(settings),
    "run": lambda settings, args: cmd_run(settings),
    "sync": lambda settings, args: cmd_sync(settings, args.guild),
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    command = COMMANDS.get(args.command)
    if command is not None:
        return command(settings, args)
    return _bare(settings)


def _bare(settings: Settings) -> int:
    """Bare `python -m bot`: the bot with a token, else the console in a terminal, else help."""
    if settings.token:
        return cmd_run(settings)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return cmd_console(
            settings,
            banner_note="No DISCORD_TOKEN is set, so this is the local console. "
            "To connect to Discord, set DISCORD_TOKEN (see README) and run `python -m bot run`.",
        )
    print(NO_TOKEN, file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

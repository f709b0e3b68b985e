"""Command line: ``python -m bot [run|console|ask|validate|sync|db|codes|unanswered]`` (``db``:
see ``bot.dbtools``; ``codes``: see ``bot.codetools``; ``unanswered``: see ``bot.feedbacktools``).

Bare ``python -m bot`` runs the Discord bot when DISCORD_TOKEN is set, opens the local console
when it is not and a terminal is attached, and otherwise exits 2 explaining what to do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import io
import json
import logging
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .config import Settings, SettingsError
from .core.content.problems import ContentError
from .core.text import strip_control
from .feedbacktools import add_unanswered_parser, cmd_unanswered  # light: the store loads when it runs

if TYPE_CHECKING:
    from .services.knowledge import KnowledgeService

EXIT_USAGE = 2

NO_TOKEN = (
    "DISCORD_TOKEN is not set, so CertCoach cannot connect to Discord.\n"
    "Set it in the environment or in a .env file (see .env.example), or use the local console:\n"
    "  python -m bot console"
)


def _utf8_stdio() -> None:
    """Read stdin as UTF-8 bytes, a bad byte becoming U+FFFD (no crash, no line lost), and
    write UTF-8 whatever the locale."""
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")


# Characters a line-splitting reader (str.splitlines, JavaScript) takes for the end of a
# line and json.dumps leaves as they are.
_LINE_SEPARATORS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(record: dict[str, Any]) -> str:
    """One JSON object on one line, whatever characters its strings hold."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_SEPARATORS)


def _setup_logging(level: str, *, secrets: list[str]) -> None:
    import discord

    from .discord_app.logs import redact_handlers

    try:
        discord.utils.setup_logging(level=getattr(logging, level, logging.INFO), root=True)
    except Exception:  # pragma: no cover - odd terminals
        logging.basicConfig(level=level)
    # Every level: discord.py logs raw gateway events (interaction tokens) at DEBUG.
    redact_handlers(secrets)


def _print_problems(exc: ContentError, *, fix_hint: bool = True) -> None:
    from .core.content.problems import report_lines

    print("CertCoach cannot start: the content does not validate.", file=sys.stderr)
    for line in report_lines(exc.problems):  # a cascade is one line after the error causing it
        print(f"  {line}", file=sys.stderr)
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


def _ask_services(settings: Settings) -> tuple[KnowledgeService, Callable[[Any], Any]]:
    """The knowledge service and the code answers; the code data loads in this thread at the
    first message that needs it (a code question, or words to weigh as clinical)."""
    from .cards.codes import code_answer_card
    from .core.knowledge.loader import load_knowledge
    from .services.knowledge import KnowledgeService
    from .wiring import build_codes_service

    codes = build_codes_service(settings)
    service = KnowledgeService(load_knowledge(settings.knowledge_dir), codes.blocking_evidence)

    def card(result: Any) -> Any:
        question = result.route.code
        return code_answer_card(asyncio.run(codes.answer(question))) if question is not None else None

    return service, card


def cmd_ask(settings: Settings, question: str | None, as_json: bool, full_sources: bool = False) -> int:
    from .cards.knowledge import answer_card
    from .console.render import render_card

    try:
        service, codes = _ask_services(settings)
    except ContentError as exc:
        _print_problems(exc)
        return 1

    def answer(q: str) -> str:
        result = service.ask(q)
        return render_card(codes(result) or answer_card(service.kb, result, full_sources=full_sources))

    def one(q: str) -> dict[str, Any]:
        result = service.ask(q)
        route = result.route
        return {
            "question": q,
            "matched": route.matched,
            "answer": render_card(
                codes(result) or answer_card(service.kb, result, full_sources=full_sources)
            ),
            # An entry id: for a comparison, the first credential named ("entries" has both).
            "topic": route.entry_ids[0] if route.matched and route.entry_ids else None,
            "score": max(0, min(100, int(route.score))),
            "suggestions": [s.title for s in route.suggestions],
            "kind": route.kind,
            "entries": list(route.entry_ids) if route.matched else [],
            "facet": route.facet,
        }

    def emit(q: str) -> None:
        print(json_line(one(q)) if as_json else strip_control(answer(q)), flush=True)

    if question is None or question == "-":
        for line in sys.stdin:
            q = line.rstrip("\r\n")
            if q.strip():
                emit(q)
                if not as_json:
                    print(flush=True)
        return 0
    emit(question)
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
        console = build_console(
            knowledge=app.knowledge,
            rounds=app.rounds,
            banks=app.banks,
            stats=app.stats,
            privacy=app.privacy,
            codes=app.codes,
            reports=app.reports,
            readiness=app.readiness,
            charts=app.charts,
            review=app.review,
            exams=app.exams,
            drills=app.practice_drills,
            plans=app.plans,
            feedback=app.feedback,
        )
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

    from .discord_app.startup import start_with_retry
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
    _stop_on_sigterm()
    try:
        # A network failure at start is retried with back-off (one log line per attempt).
        await start_with_retry(lambda: create_bot(settings, app), settings.token.get())
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


def _stop_on_sigterm() -> None:
    """SIGTERM stops the bot as Ctrl-C does: the running task is cancelled and cleans up."""
    task = asyncio.current_task()
    if task is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals on this platform
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)


def cmd_run(settings: Settings) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    _setup_logging(settings.log_level, secrets=[settings.token.get()])
    try:
        return asyncio.run(_run_bot(settings))
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 0


async def _sync(settings: Settings, guild_id: int | None) -> int:
    import discord

    from .discord_app.startup import TRANSIENT, describe
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
    except TRANSIENT as exc:
        print(f"Cannot reach Discord ({describe(exc)}); try again later.", file=sys.stderr)
        return 1
    finally:
        await bot.close()
        await app.close()
    return 0


def cmd_sync(settings: Settings, guild_id: int | None) -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    _setup_logging(settings.log_level, secrets=[settings.token.get()])
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
    ask.add_argument("--sources", action="store_true", help="list every source of each answer")
    sub.add_parser("validate", help="check knowledge/ and quizzes/ and report every problem")
    sync = sub.add_parser("sync", help="register slash commands with Discord")
    sync.add_argument(
        "--guild", type=int, default=None, help="sync to one server (instant) instead of globally"
    )
    from .codetools import add_codes_parser
    from .dbtools import add_db_parser

    add_db_parser(sub)
    add_codes_parser(sub)
    add_unanswered_parser(sub)
    return parser


def _cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    from .dbtools import cmd_db

    return cmd_db(settings, args)


def _cmd_codes(settings: Settings, args: argparse.Namespace) -> int:
    from .codetools import cmd_codes

    return cmd_codes(settings, args)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "validate": lambda settings, args: cmd_validate(settings),
    "ask": lambda settings, args: cmd_ask(settings, args.question, args.json, args.sources),
    "console": lambda settings, args: cmd_console(settings),
    "run": lambda settings, args: cmd_run(settings),
    "sync": lambda settings, args: cmd_sync(settings, args.guild),
    "db": _cmd_db,
    "codes": _cmd_codes,
    "unanswered": cmd_unanswered,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _utf8_stdio()
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"CertCoach cannot start: {exc}", file=sys.stderr)
        return EXIT_USAGE
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

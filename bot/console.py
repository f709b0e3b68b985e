"""The local console: the same application layer as Discord, driven from a terminal.

Works interactively (with a prompt) and with piped input, one command or question per line:
``printf '/compare CPC CCS\\n' | python -m bot console``.
"""

from __future__ import annotations

import asyncio
import shlex
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from .config import Settings
from .core.answers import Card
from .core.plaintext import render_card
from .core.problems import ContentError
from .services.help import help_card
from .services.knowledge import PATHS

PROMPT = "certcoach> "

Handler = Callable[[list[str]], Awaitable[str]]


class Console:
    """Parses console lines and returns the text to print; no I/O of its own."""

    def __init__(self, services, *, width: int = 100) -> None:
        self.services = services
        self.knowledge = services.knowledge
        self.width = width
        self.commands: dict[str, Handler] = {
            "compare": self._compare,
            "cert": self._cert,
            "certs": self._certs,
            "path": self._path,
            "ask": self._ask,
            "help": self._help,
        }
        # Hooks see plain lines first (a quiz answer typed during a round); None = not theirs.
        self.line_hooks: list[Callable[[str], Awaitable[str | None]]] = []
        if getattr(services, "rounds", None) is not None:
            from .console_quiz import QuizConsole

            self.commands.update(QuizConsole(services, self).commands())

    def render(self, card: Card) -> str:
        return render_card(card, self.width)

    async def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        if not line.startswith("/"):
            for hook in self.line_hooks:
                out = await hook(line)
                if out is not None:
                    return out
            return await self._ask([line])
        try:
            parts = shlex.split(line[1:])
        except ValueError:
            parts = line[1:].split()
        if not parts:
            return self.render(help_card(quizzes=self._has_quizzes(), console=True))
        name, args = parts[0].lower(), parts[1:]
        handler = self.commands.get(name)
        if handler is None:
            known = ", ".join(f"/{c}" for c in sorted(self.commands))
            return f"Unknown command /{name}. Commands: {known}, /quit. Or just type a question."
        return await handler(args)

    def _has_quizzes(self) -> bool:
        return "quiz" in self.commands

    async def _ask(self, args: list[str]) -> str:
        question = " ".join(args).strip()
        if not question:
            return "Usage: /ask QUESTION (or just type the question)."
        return self.render(self.knowledge.ask(question).card)

    async def _compare(self, args: list[str]) -> str:
        names = _split_pair(args, self.knowledge.matcher.find_credential)
        if names is None:
            return "Usage: /compare FIRST SECOND, e.g. /compare CPC CCS"
        return self.render(self.knowledge.compare(*names))

    async def _cert(self, args: list[str]) -> str:
        if not args:
            return "Usage: /cert NAME, e.g. /cert CRC"
        return self.render(self.knowledge.cert(" ".join(args)))

    async def _certs(self, args: list[str]) -> str:
        return self.render(self.knowledge.certs())

    async def _path(self, args: list[str]) -> str:
        if not args:
            return "Usage: /path SETTING where SETTING is one of: " + ", ".join(PATHS)
        return self.render(self.knowledge.path(" ".join(args)))

    async def _help(self, args: list[str]) -> str:
        return self.render(help_card(quizzes=self._has_quizzes(), console=True))


def _split_pair(args: list[str], resolve: Callable[[str], object]) -> tuple[str, str] | None:
    """Two credential names: ``CPC CCS``, ``CPC vs CCS`` or ``certified professional coder CCS``."""
    args = [a for a in args if a.lower() not in {"vs", "vs.", "versus", "and", "or", "with"}]
    if len(args) == 2:
        return args[0], args[1]
    # Multi-word names without quotes: split where both halves name a credential.
    for cut in range(1, len(args)):
        first, second = " ".join(args[:cut]), " ".join(args[cut:])
        if resolve(first) and resolve(second):
            return first, second
    return None


async def _loop(console: Console, stdin: TextIO, stdout: TextIO, interactive: bool) -> None:
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        if line.strip().lower() in {"/quit", "/exit", "quit", "exit"}:
            break
        try:
            out = await console.handle(line)
        except Exception as exc:  # keep the session alive; show what went wrong
            out = f"Sorry, that failed: {exc}"
        if out:
            stdout.write(out + "\n\n")
            stdout.flush()


async def _main(settings: Settings, banner_note: str | None, stdin: TextIO, stdout: TextIO) -> int:
    from .wiring import build_app

    try:
        services = await build_app(settings)
    except ContentError as exc:
        print("CertCoach cannot start: the content does not validate.", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    interactive = stdin.isatty()
    try:
        console = Console(services)
        if interactive:
            if banner_note:
                stdout.write(banner_note + "\n")
            stdout.write("CertCoach console. Type /help for commands, a question to ask, /quit to leave.\n\n")
        await _loop(console, stdin, stdout, interactive)
    finally:
        await services.close()
    return 0


def run_console(
    settings: Settings,
    *,
    banner_note: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    try:
        return asyncio.run(_main(settings, banner_note, stdin or sys.stdin, stdout or sys.stdout))
    except KeyboardInterrupt:
        return 0

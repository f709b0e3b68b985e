"""Knowledge commands in the console: /ask (or any plain line), /compare, /cert, /certs,
/path, /help."""

from __future__ import annotations

from collections.abc import Callable

from ..cards.codes import code_answer_card
from ..cards.help import help_card
from ..cards.knowledge import answer_card, cert_card, certs_overview_card, comparison_card, path_card
from ..services.codes import CodesService
from ..services.feedback import FeedbackService
from ..services.knowledge import PATHS, KnowledgeService
from .commands import Handler, Render
from .identity import CONSOLE_GUILD

FILLER_WORDS = frozenset({"vs", "vs.", "versus", "and", "or", "with"})
SOURCES_FLAG = "--sources"  # every source of the answer, each with its date


class KnowledgeCommands:
    def __init__(
        self,
        knowledge: KnowledgeService,
        render: Render,
        *,
        quizzes: bool,
        codes: CodesService | None = None,
        feedback: FeedbackService | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.feedback = feedback  # a declined question goes to the console server's /unanswered
        self.codes = codes  # answers the code questions the router sends to the code tools
        self.render = render
        self.quizzes = quizzes  # whether /help lists the quiz commands

    def commands(self) -> dict[str, Handler]:
        return {
            "compare": self.compare,
            "cert": self.cert,
            "certs": self.certs,
            "path": self.path,
            "ask": self.ask,
            "help": self.help,
        }

    async def ask(self, args: list[str]) -> str:
        args, full = sources_flag(args)
        question = " ".join(args).strip()
        if not question:
            return "Usage: /ask QUESTION [--sources] (or just type the question)."
        result = self.knowledge.ask(question)
        if result.route.code is not None and self.codes is not None:
            return self.render(code_answer_card(await self.codes.answer(result.route.code)))
        answer = self.render(answer_card(self.knowledge.kb, result, full_sources=full))
        if not result.route.matched and self.feedback is not None:
            await self.feedback.declined(CONSOLE_GUILD, question)
        return answer

    async def compare(self, args: list[str]) -> str:
        args, full = sources_flag(args)
        names = split_pair(args, self.knowledge.find_credential)
        if names is None:
            return "Usage: /compare FIRST SECOND [--sources], e.g. /compare CPC CCS"
        result = self.knowledge.compare(*names)
        return self.render(comparison_card(self.knowledge.kb, result, full_sources=full))

    async def cert(self, args: list[str]) -> str:
        args, full = sources_flag(args)
        if not args:
            return "Usage: /cert NAME [--sources], e.g. /cert CRC"
        result = self.knowledge.cert(" ".join(args))
        return self.render(cert_card(self.knowledge.kb, result, full_sources=full))

    async def certs(self, args: list[str]) -> str:
        return self.render(certs_overview_card(self.knowledge.kb, self.knowledge.certs()))

    async def path(self, args: list[str]) -> str:
        args, full = sources_flag(args)
        if not args:
            return "Usage: /path SETTING [--sources] where SETTING is one of: " + ", ".join(PATHS)
        result = self.knowledge.path(" ".join(args))
        return self.render(path_card(self.knowledge.kb, result, full_sources=full))

    async def help(self, args: list[str]) -> str:
        return self.render(help_card(quizzes=self.quizzes, console=True))


def sources_flag(args: list[str]) -> tuple[list[str], bool]:
    """The arguments without ``--sources``, and whether it was given."""
    rest = [a for a in args if a.lower() != SOURCES_FLAG]
    return rest, len(rest) != len(args)


def split_pair(args: list[str], resolve: Callable[[str], object]) -> tuple[str, str] | None:
    """Two credential names: ``CPC CCS``, ``CPC vs CCS`` or ``certified professional coder CCS``."""
    args = [a for a in args if a.lower() not in FILLER_WORDS]
    if len(args) == 2:
        return args[0], args[1]
    # Multi-word names without quotes: split where both halves name a credential.
    for cut in range(1, len(args)):
        first, second = " ".join(args[:cut]), " ".join(args[cut:])
        if resolve(first) and resolve(second):
            return first, second
    return None

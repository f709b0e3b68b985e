"""The console's parsing and dispatch, and the terminal loop around it.

Works interactively (with a prompt) and with piped input, one command or question per line:
``printf '/compare CPC CCS\\n' | python -m bot console``.
"""

from __future__ import annotations

import asyncio
import functools
import shlex
from collections.abc import Sequence
from typing import TextIO

from ..core.text import strip_control
from ..services.banks import BanksService
from ..services.charts import ChartService
from ..services.codes import CodesService
from ..services.exams import ExamService
from ..services.feedback import FeedbackService
from ..services.knowledge import KnowledgeService
from ..services.plans import PlanService
from ..services.practice_drills import PracticeDrillService
from ..services.privacy import PrivacyService
from ..services.readiness import ReadinessService
from ..services.reports import ReportsService
from ..services.review import ReviewService
from ..services.rounds import RoundsService
from ..services.stats import StatsService
from .codes import CodeCommands
from .commands import CommandGroup, Handler, LineHook, Render
from .drills import DrillCommands
from .exams import ExamCommands
from .feedback import FeedbackCommands
from .identity import user_name
from .knowledge import KnowledgeCommands
from .plans import PlanCommands
from .privacy import PrivacyCommands
from .render import DEFAULT_WIDTH, render_card
from .reports import ReportsCommands
from .review import ReviewCommands
from .rounds import RoundsCommands
from .stats import StatsCommands

PROMPT = "certcoach> "
QUIT = frozenset({"/quit", "/exit", "quit", "exit"})


class Console:
    """Parses console lines and returns the text to print; no I/O of its own.

    The groups' commands must include ``ask`` (a plain line is a question) and ``help`` (a
    bare ``/``). Line hooks see plain lines first (an answer typed during a round).
    """

    def __init__(self, groups: Sequence[CommandGroup], *, line_hooks: Sequence[LineHook] = ()) -> None:
        self.commands: dict[str, Handler] = {}
        for group in groups:
            self.commands.update(group.commands())
        self.line_hooks = list(line_hooks)

    async def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        if not line.startswith("/"):
            for hook in self.line_hooks:
                out = await hook(line)
                if out is not None:
                    return out
            return await self.commands["ask"]([line])
        try:
            parts = shlex.split(line[1:])
        except ValueError:
            parts = line[1:].split()
        if not parts:
            return await self.commands["help"]([])
        name, args = parts[0].lower(), parts[1:]
        handler = self.commands.get(name)
        if handler is None:
            known = ", ".join(f"/{c}" for c in sorted(self.commands))
            return f"Unknown command /{name}. Commands: {known}, /quit. Or just type a question."
        return await handler(args)


def build_console(
    *,
    knowledge: KnowledgeService,
    rounds: RoundsService | None = None,
    banks: BanksService | None = None,
    stats: StatsService | None = None,
    privacy: PrivacyService | None = None,
    codes: CodesService | None = None,
    reports: ReportsService | None = None,
    readiness: ReadinessService | None = None,
    charts: ChartService | None = None,
    review: ReviewService | None = None,
    exams: ExamService | None = None,
    drills: PracticeDrillService | None = None,
    plans: PlanService | None = None,
    feedback: FeedbackService | None = None,
    member_name: str | None = None,
    width: int = DEFAULT_WIDTH,
) -> Console:
    """The console over these services; the quiz commands need ``rounds``, ``banks`` and ``stats``."""
    render: Render = functools.partial(render_card, width=width)
    quizzes = rounds is not None and banks is not None and stats is not None
    groups: list[CommandGroup] = [
        KnowledgeCommands(knowledge, render, quizzes=quizzes, codes=codes, feedback=feedback)
    ]
    if codes is not None:
        groups.append(CodeCommands(codes, render))
    hooks: list[LineHook] = []
    if drills is not None:  # a letter answers the member's drill first, then a round's question
        drill_commands = DrillCommands(drills, render)
        groups.append(drill_commands)
        hooks.append(drill_commands.typed_answer)
    if rounds is not None and banks is not None and stats is not None:
        name = member_name or user_name()
        round_commands = RoundsCommands(rounds, banks, render, name)
        groups += [
            round_commands,
            StatsCommands(
                stats, render, name, readiness=readiness, charts=charts, review=review, plans=plans
            ),
        ]
        hooks.append(round_commands.typed_answer)
    if review is not None:
        review_commands = ReviewCommands(review, render)
        groups.append(review_commands)
        hooks.insert(0, review_commands.typed_answer)  # a letter answers the card on screen first
    if privacy is not None:
        groups.append(PrivacyCommands(privacy))
    if reports is not None:
        groups.append(ReportsCommands(reports, render))
    if exams is not None:
        exam_commands = ExamCommands(exams, render, charts)
        groups.append(exam_commands)
        hooks.insert(0, exam_commands.typed)  # during an exam a letter answers the exam
    if plans is not None:
        groups.append(PlanCommands(plans, render))
    if feedback is not None:
        groups.append(FeedbackCommands(feedback, render))
    return Console(groups, line_hooks=hooks)


async def run_console(
    console: Console, stdin: TextIO, stdout: TextIO, *, banner_note: str | None = None
) -> None:
    """Read lines until end of input or /quit, printing each answer; a prompt and a banner
    when ``stdin`` is a terminal."""
    interactive = stdin.isatty()
    if interactive:
        if banner_note:
            stdout.write(banner_note + "\n")
        stdout.write("CertCoach console. Type /help for commands, a question to ask, /quit to leave.\n\n")
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line or line.strip().lower() in QUIT:
            break
        try:
            out = await console.handle(line)
        except Exception as exc:  # keep the session alive; show what went wrong
            out = f"Sorry, that failed: {exc}"
        if out:
            # Nothing a member typed reaches the terminal as an escape sequence.
            stdout.write(strip_control(out) + "\n\n")
            stdout.flush()

"""Quiz rounds in the console: /quiz start|stop|banks, and answers typed during a round.

The console is one member in one channel of one server; a question is revealed as soon as
that member answers (everyone present has answered), or when its time is up.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..cards.banks import banks_card
from ..cards.rounds import reveal_card, round_question_card, standings_card
from ..core.banks.domains import DOMAINS, EXAMS
from ..core.codes.drills import DRILL_SOURCE
from ..services.banks import BanksService
from ..services.errors import QuizError
from ..services.results import RoundQuestion
from ..services.rounds import DEFAULT_COUNT, RoundsService
from .commands import Handler, Render
from .identity import CONSOLE_CHANNEL, CONSOLE_GUILD, CONSOLE_USER

CONSOLE_SECONDS = 120  # generous: a terminal member reads and types slower than a click

USAGE = (
    "Usage: /quiz start [EXAM] [DOMAIN] [BANK] [QUESTIONS] [SECONDS] | /quiz stop | /quiz banks\n"
    "e.g. /quiz start CPC 5, /quiz start cpc.icd10cm, /quiz start certifications 3"
)


@dataclass
class StartOptions:
    exam: str | None = None
    domain: str | None = None
    bank: str | None = None
    count: int | None = None
    seconds: int | None = None


def parse_start(args: list[str], bank_ids: set[str]) -> StartOptions | str:
    """``/quiz start`` arguments, by position (``CPC 5 60``) or by name (``questions=5``);
    a string is the error to show."""
    opts = StartOptions()
    for arg in args:
        key, sep, value = arg.partition("=")
        if sep:  # exam=CPC questions=5 seconds=60
            if not _set_named(opts, key.lower(), value):
                return f"I don't understand {arg!r}.\n{USAGE}"
        elif arg.upper() in (*EXAMS, DRILL_SOURCE):
            opts.exam = arg.upper()
        elif arg.lower() in DOMAINS:
            opts.domain = arg.lower()
        elif arg.lower() in bank_ids:
            opts.bank = arg.lower()
        elif arg.isdigit() and opts.count is None:
            opts.count = int(arg)
        elif arg.isdigit() and opts.seconds is None:
            opts.seconds = int(arg)
        else:
            return f"I don't understand {arg!r}.\n{USAGE}"
    return opts


def _set_named(opts: StartOptions, key: str, value: str) -> bool:
    if key in ("questions", "count") and value.isdigit():
        opts.count = int(value)
    elif key == "seconds" and value.isdigit():
        opts.seconds = int(value)
    elif key == "exam":
        opts.exam = value.upper()
    elif key == "domain":
        opts.domain = value.lower()
    elif key == "bank":
        opts.bank = value.lower()
    else:
        return False
    return True


class RoundsCommands:
    def __init__(self, rounds: RoundsService, banks: BanksService, render: Render, member_name: str) -> None:
        self.rounds = rounds
        self.banks = banks
        self.render = render
        self.member_name = member_name

    def commands(self) -> dict[str, Handler]:
        return {"quiz": self.quiz}

    async def quiz(self, args: list[str]) -> str:
        if not args:
            return USAGE
        sub, rest = args[0].lower(), args[1:]
        if sub == "start":
            return await self._start(rest)
        if sub == "stop":
            return await self._stop()
        if sub == "banks":
            return self.render(banks_card(self.banks.banks_overview()))
        return USAGE

    async def _start(self, args: list[str]) -> str:
        opts = parse_start(args, {b.id for b in self.banks.banks_overview()})
        if isinstance(opts, str):
            return opts
        try:
            rnd = await self.rounds.start_round(
                CONSOLE_GUILD,
                CONSOLE_CHANNEL,
                CONSOLE_USER,
                exam=opts.exam,
                domain=opts.domain,
                bank=opts.bank,
                count=opts.count if opts.count is not None else DEFAULT_COUNT,
                seconds=opts.seconds if opts.seconds is not None else CONSOLE_SECONDS,
            )
        except QuizError as exc:
            return exc.message
        intro = (
            f"Quiz: {rnd.total} question(s), {rnd.seconds} s each. "
            "Type a letter (or the answer) to answer; /quiz stop ends it."
        )
        return intro + "\n\n" + await self._next_question()

    async def _next_question(self) -> str:
        rnd = await self.rounds.active_round(CONSOLE_CHANNEL)
        if rnd is None:
            return ""
        rq = await self.rounds.open_question(rnd.id) or await self.rounds.post_question(rnd.id)
        return self._question_text(rq)

    def _question_text(self, rq: RoundQuestion) -> str:
        card = round_question_card(rq, typed_answers=True)
        # No buttons here: the hint says what to type instead.
        hint = f"{rq.seconds} s · type {', '.join(rq.question.letters)}"
        return self.render(dataclasses.replace(card, hint=hint))

    async def _reveal(self, rq_id: int) -> str:
        summary = await self.rounds.reveal_question(rq_id)
        parts = [self.render(reveal_card(summary))]
        if summary.round_finished:
            parts.append(self.render(standings_card(summary.standings, summary.finish_reason)))
        else:
            parts.append(await self._next_question())
        return "\n\n".join(p for p in parts if p)

    async def _stop(self) -> str:
        rnd = await self.rounds.active_round(CONSOLE_CHANNEL)
        if rnd is None:
            return "No quiz is running."
        end = await self.rounds.stop_round(rnd.id, CONSOLE_USER, is_moderator=True)
        parts = []
        if end.closed_question is not None:
            parts.append(self.render(reveal_card(end.closed_question)))
        parts.append(self.render(standings_card(end.standings, "stopped")))
        return "\n\n".join(parts)

    async def typed_answer(self, line: str) -> str | None:
        """A line typed during a round: the answer to the open question, if it is one."""
        rnd = await self.rounds.active_round(CONSOLE_CHANNEL)
        if rnd is None:
            return None
        rq = await self.rounds.open_question(rnd.id)
        if rq is None:
            return None
        result = await self.rounds.answer_typed(CONSOLE_CHANNEL, CONSOLE_USER, self.member_name, line)
        if result is None:
            return None  # not an answer: the console treats it as a question
        if result.too_late:
            return "Time's up for that one.\n\n" + await self._reveal(rq.id)
        if result.duplicate:
            return "You already answered this one."
        verdict = f"Correct! +{result.points} points." if result.correct else "Not quite."
        return verdict + "\n\n" + await self._reveal(rq.id)

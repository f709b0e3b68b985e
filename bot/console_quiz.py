"""Quiz commands for the local console, on the real SQLite store.

The console is one member in one channel of one server; a question is revealed as soon as
that member answers (everyone present has answered), or when its time is up.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from bot.core.banks.domains import DOMAINS, EXAMS

from .services.errors import QuizError
from .services.quiz_cards import (
    banks_card,
    leaderboard_card,
    reveal_card,
    round_question_card,
    standings_card,
    stats_card,
)
from .services.rounds import DEFAULT_COUNT, RoundQuestion

if TYPE_CHECKING:
    from .console import Console
    from .wiring import App

CONSOLE_GUILD = 1
CONSOLE_CHANNEL = 1
CONSOLE_USER = 1
CONSOLE_SECONDS = 120  # generous: a terminal member reads and types slower than a click

USAGE = (
    "Usage: /quiz start [EXAM] [DOMAIN] [BANK] [QUESTIONS] [SECONDS] | /quiz stop | /quiz banks\n"
    "e.g. /quiz start CPC 5, /quiz start cpc.icd10cm, /quiz start certifications 3"
)


def _user_name() -> str:
    try:
        return getpass.getuser() or "you"
    except Exception:  # no login name in some containers
        return "you"


class QuizConsole:
    def __init__(self, app: App, console: Console) -> None:
        self.rounds = app.rounds
        self.stats = app.stats
        self.banks = app.banks
        self.console = console
        self.name = _user_name()
        console.line_hooks.append(self._typed_answer)

    def commands(self):
        return {"quiz": self._quiz, "stats": self._stats, "leaderboard": self._leaderboard}

    # ------------------------------------------------------------------ commands

    async def _quiz(self, args: list[str]) -> str:
        if not args:
            return USAGE
        sub, rest = args[0].lower(), args[1:]
        if sub == "start":
            return await self._start(rest)
        if sub == "stop":
            return await self._stop()
        if sub == "banks":
            return self.console.render(banks_card(self.banks.banks_overview()))
        return USAGE

    async def _start(self, args: list[str]) -> str:
        exam = domain = bank = None
        count: int | None = None
        seconds: int | None = None
        bank_ids = {b.id for b in self.banks.banks_overview()}
        for arg in args:
            key, sep, value = arg.partition("=")
            if sep:  # exam=CPC questions=5 seconds=60
                key = key.lower()
                if key in ("questions", "count") and value.isdigit():
                    count = int(value)
                elif key == "seconds" and value.isdigit():
                    seconds = int(value)
                elif key in ("exam", "domain", "bank"):
                    exam, domain, bank = (
                        value.upper() if key == "exam" else exam,
                        value.lower() if key == "domain" else domain,
                        value.lower() if key == "bank" else bank,
                    )
                else:
                    return f"I don't understand {arg!r}.\n{USAGE}"
            elif arg.upper() in EXAMS:
                exam = arg.upper()
            elif arg.lower() in DOMAINS:
                domain = arg.lower()
            elif arg.lower() in bank_ids:
                bank = arg.lower()
            elif arg.isdigit() and count is None:
                count = int(arg)
            elif arg.isdigit() and seconds is None:
                seconds = int(arg)
            else:
                return f"I don't understand {arg!r}.\n{USAGE}"
        count = count if count is not None else DEFAULT_COUNT
        seconds = seconds if seconds is not None else CONSOLE_SECONDS
        try:
            rnd = await self.rounds.start_round(
                CONSOLE_GUILD,
                CONSOLE_CHANNEL,
                CONSOLE_USER,
                exam=exam,
                domain=domain,
                bank=bank,
                count=count,
                seconds=seconds,
            )
        except QuizError as exc:
            return exc.message
        intro = f"Quiz: {rnd.total} question(s), {rnd.seconds} s each. Type a letter (or the answer) to answer; /quiz stop ends it."
        return intro + "\n\n" + await self._next_question()

    async def _next_question(self) -> str:
        rnd = await self.rounds.active_round(CONSOLE_CHANNEL)
        if rnd is None:
            return ""
        rq = await self.rounds.open_question(rnd.id) or await self.rounds.post_question(rnd.id)
        return self._question_text(rq)

    def _question_text(self, rq: RoundQuestion) -> str:
        card = round_question_card(rq, typed_answers=True)
        card.description = card.description.replace("**", "")
        card.hint = f"{rq.seconds} s · type {', '.join(rq.question.letters)}"
        return self.console.render(card)

    async def _reveal(self, rq_id: int) -> str:
        summary = await self.rounds.reveal_question(rq_id)
        parts = [self.console.render(reveal_card(summary))]
        if summary.round_finished:
            parts.append(self.console.render(standings_card(summary.standings, summary.finish_reason)))
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
            parts.append(self.console.render(reveal_card(end.closed_question)))
        parts.append(self.console.render(standings_card(end.standings, "stopped")))
        return "\n\n".join(parts)

    async def _typed_answer(self, line: str) -> str | None:
        """A line typed during a round: the answer to the open question, if it is one."""
        rnd = await self.rounds.active_round(CONSOLE_CHANNEL)
        if rnd is None:
            return None
        rq = await self.rounds.open_question(rnd.id)
        if rq is None:
            return None
        result = await self.rounds.answer_typed(CONSOLE_CHANNEL, CONSOLE_USER, self.name, line)
        if result is None:
            return None  # not an answer: the console treats it as a question
        if result.too_late:
            return "Time's up for that one.\n\n" + await self._reveal(rq.id)
        if result.duplicate:
            return "You already answered this one."
        verdict = f"Correct! +{result.points} points." if result.correct else "Not quite."
        return verdict + "\n\n" + await self._reveal(rq.id)

    async def _stats(self, args: list[str]) -> str:
        stats = await self.stats.member_stats(CONSOLE_GUILD, CONSOLE_USER)
        return self.console.render(stats_card(stats, self.name))

    async def _leaderboard(self, args: list[str]) -> str:
        period = next((a.lower() for a in args if a.lower() in ("week", "month", "all")), "week")
        kinds = [a.lower() for a in args if a.lower() in ("daily", "quiz")]
        kind = kinds[0] if kinds else "all"
        rows = await self.stats.leaderboard(CONSOLE_GUILD, period=period, kind=kind)
        return self.console.render(leaderboard_card(rows, period, kind))

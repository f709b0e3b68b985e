"""Weak-area drills in the console: ``/drill [exam] [area] [count]`` (any order), then a letter
answers the drill's question; feedback and the next question follow at once, the summary after
the last one. ``/drill stop`` ends the drill early; ``/drill areas [exam]`` lists the areas."""

from __future__ import annotations

from ..cards.practice_drills import drill_feedback_card, drill_question_card, drill_summary_card, start_note
from ..core.banks.domains import domain_title
from ..core.banks.library import LETTERS
from ..services.errors import QuizError
from ..services.practice_drills import DrillQuestion, PracticeDrillService
from .commands import Handler, Render
from .identity import CONSOLE_USER

USAGE = "Usage: /drill [exam] [area] [count], /drill stop or /drill areas [exam]."
HOW = "Type the letter of your answer (or /drill stop)."


class DrillCommands:
    def __init__(self, drills: PracticeDrillService, render: Render) -> None:
        self.drills = drills
        self.render = render

    def commands(self) -> dict[str, Handler]:
        return {"drill": self.drill}

    async def drill(self, args: list[str]) -> str:
        try:
            if args and args[0].lower() == "stop":
                summary = await self.drills.stop(CONSOLE_USER)
                return self.render(drill_summary_card(summary)) if summary else "No drill is running."
            if args and args[0].lower() == "areas":
                exam = self.drills.parse_exam(" ".join(args[1:])) if len(args) > 1 else None
                return "\n".join(f"{a}: {domain_title(a)}" for a in self.drills.areas(exam))
            exam, area, count = self._parse(args)
            start = await self.drills.start(CONSOLE_USER, exam=exam, area=area, count=count)
        except QuizError as exc:
            return exc.message
        return f"{start_note(start)}\n\n{self._show(start.question)}"

    def _parse(self, args: list[str]) -> tuple[str | None, str | None, int | None]:
        exam: str | None = None
        count: int | None = None
        words: list[str] = []
        for arg in args:
            if arg.lstrip("-").isdigit() and count is None:
                count = int(arg)
            elif exam is None and arg.upper() in self.drills.exams():
                exam = arg
            else:
                words.append(arg)
        return exam, " ".join(words) or None, count

    def _show(self, question: DrillQuestion) -> str:
        return self.render(drill_question_card(question, HOW))

    async def typed_answer(self, line: str) -> str | None:
        """A lone letter while a drill waits for an answer; anything else is not ours."""
        letter = line.strip().upper()
        if len(letter) != 1 or letter not in LETTERS:
            return None
        current = await self.drills.current(CONSOLE_USER)
        if current is None:
            return None
        try:
            fb = await self.drills.answer(
                CONSOLE_USER, current.session_id, current.position, LETTERS.index(letter)
            )
            parts = [self.render(drill_feedback_card(fb, ""))]
            upcoming = await self.drills.next_question(CONSOLE_USER, current.session_id)
            if upcoming is None:
                parts.append(
                    self.render(
                        drill_summary_card(await self.drills.finish(CONSOLE_USER, current.session_id))
                    )
                )
            else:
                parts.append(self._show(upcoming))
        except QuizError as exc:
            return exc.message
        return "\n\n".join(parts)

"""Mock exams in the console: ``/exam start [EXAM] [LENGTH]``, then a letter to answer and
``back``, ``next``, ``flag``, ``flagged`` (next flagged question), ``submit`` (typed alone or
after ``/exam``); ``/exam`` shows the current question, ``/exam history``, ``/exam report N``. A report's
accuracy-per-area chart is written as a PNG under the chart directory, its path printed last."""

from __future__ import annotations

from ..cards.exams import (
    exam_history_card,
    exam_question_card,
    exam_report_card,
    missed_card,
    missed_page_count,
)
from ..services.charts import ChartService
from ..services.errors import QuizError
from ..services.exam_views import ExamQuestionView, ExamReport
from ..services.exams import ExamOutcome, ExamService, Move
from .commands import Handler, Render
from .identity import CONSOLE_USER

USAGE = (
    "Usage: /exam start [EXAM] [full|half|quarter|N] | /exam resume | /exam history | /exam report ATTEMPT\n"
    "During an exam type a letter to answer, or back, next, flag, flagged, submit."
)
HOW = "type a letter, back, next, flag, flagged or submit"
MOVES: dict[str, Move] = {"back": "back", "next": "next", "flagged": "next_flagged"}


class ExamCommands:
    def __init__(self, exams: ExamService, render: Render, charts: ChartService | None = None) -> None:
        self.exams = exams
        self.render = render
        self.charts = charts

    def commands(self) -> dict[str, Handler]:
        return {"exam": self.exam}

    async def exam(self, args: list[str]) -> str:
        sub, rest = (args[0].lower(), args[1:]) if args else ("", [])
        try:
            if sub == "start":
                return await self._start(rest)
            if sub == "history":
                return self.render(
                    exam_history_card(await self.exams.history(CONSOLE_USER, rest[0] if rest else None))
                )
            if sub == "report" and len(rest) == 1 and rest[0].lstrip("#").isdigit():
                return await self._report(await self.exams.report(CONSOLE_USER, int(rest[0].lstrip("#"))))
            if sub in ("", "resume"):
                current = await self.exams.resume(CONSOLE_USER)
                return await self._show(current) if current is not None else USAGE
            out = await self._act(sub, rest)
            return out if out is not None else USAGE
        except QuizError as exc:
            return exc.message

    async def _start(self, args: list[str]) -> str:
        if len(args) > 2:
            return USAGE
        exam = args[0] if args and not args[0].isdigit() and args[0].lower() not in _WORDS else None
        length = next((a for a in args if a.isdigit() or a.lower() in _WORDS), None)
        view = await self.exams.start(CONSOLE_USER, exam, length)
        intro = (
            f"{view.title}: {view.total} questions, {int(view.time_left.total_seconds() // 60)} min "
            "at the real exam's pace. The clock keeps running, even if you leave."
        )
        return intro + "\n\n" + await self._show(view)

    async def _act(self, word: str, rest: list[str]) -> str | None:
        if rest:
            return None
        if len(word) == 1 and word.isalpha():
            return await self._show(await self.exams.answer(CONSOLE_USER, word))
        if word in MOVES:
            return await self._show(await self.exams.move(CONSOLE_USER, MOVES[word]))
        if word == "flag":
            return await self._show(await self.exams.flag(CONSOLE_USER))
        if word == "submit":
            return await self._report(await self.exams.submit(CONSOLE_USER))
        return None

    async def typed(self, line: str) -> str | None:
        """A plain line during an exam: a letter or a navigation word; else not mine."""
        word = line.strip().lower()
        if not (len(word) == 1 and word.isalpha()) and word not in (*MOVES, "flag", "submit"):
            return None
        if await self.exams.resume(CONSOLE_USER) is None:
            return None
        try:
            return await self._act(word, [])
        except QuizError as exc:
            return exc.message

    async def _show(self, outcome: ExamOutcome) -> str:
        if isinstance(outcome, ExamQuestionView):
            return self.render(exam_question_card(outcome, HOW))
        return await self._report(outcome)

    async def _report(self, report: ExamReport) -> str:
        pages = [self.render(missed_card(report, p)) for p in range(missed_page_count(report))]
        chart = await self._chart(report)
        return "\n\n".join([self.render(exam_report_card(report)), *pages, *chart])

    async def _chart(self, report: ExamReport) -> list[str]:
        """The line naming the report's chart file, or nothing (no chart service, nothing to draw)."""
        if self.charts is None:
            return []
        try:
            png = await self.charts.exam_areas(report)
        except Exception:  # the report still shows, without its chart
            return ["(The chart could not be drawn.)"]
        if png is None:
            return []
        path = await self.charts.save(
            f"{report.summary.exam.lower()}-exam-{report.attempt_id}-areas.png", png
        )
        return [f"Accuracy per area (chart): {path}"]


_WORDS = ("full", "half", "quarter")

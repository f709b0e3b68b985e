"""Question reports in the console: ``/report QUESTION_ID reason [note]`` and ``/reports``
(``/reports retire QUESTION_ID``, ``/reports restore QUESTION_ID``): the console's member is its
own server's moderator."""

from __future__ import annotations

from ..cards.reports import reports_card
from ..services.errors import QuizError
from ..services.reports import REASONS, ReportsService
from .commands import Handler, Render
from .identity import CONSOLE_GUILD, CONSOLE_USER

REPORT_USAGE = f"Usage: /report QUESTION_ID reason [why], the reason one of: {', '.join(REASONS)}."
REPORTS_USAGE = "Usage: /reports, /reports retire QUESTION_ID or /reports restore QUESTION_ID."


class ReportsCommands:
    def __init__(self, reports: ReportsService, render: Render) -> None:
        self.reports = reports
        self.render = render

    def commands(self) -> dict[str, Handler]:
        return {"report": self.report, "reports": self.list_or_retire}

    async def report(self, args: list[str]) -> str:
        if len(args) < 2:
            return REPORT_USAGE
        try:
            done = await self.reports.report_text(CONSOLE_GUILD, args[0], CONSOLE_USER, " ".join(args[1:]))
        except QuizError as exc:
            return exc.message
        return done.message

    async def list_or_retire(self, args: list[str]) -> str:
        if not args:
            return self.render(reports_card(await self.reports.list_reports(CONSOLE_GUILD)))
        if len(args) != 2 or args[0].lower() not in ("retire", "restore"):
            return REPORTS_USAGE
        try:
            if args[0].lower() == "retire":
                return await self.reports.retire(CONSOLE_GUILD, args[1])
            return await self.reports.restore(CONSOLE_GUILD, args[1])
        except QuizError as exc:
            return exc.message

"""The study plan in the console: ``/plan set EXAM YYYY-MM-DD [hours] [time zone]``,
``/plan show``, ``/plan off``. Reminders are Discord DMs only (``/plan remind`` says so)."""

from __future__ import annotations

from ..cards.plans import plan_card
from ..services.errors import QuizError
from ..services.plans import PlanService
from .commands import Handler, Render
from .identity import CONSOLE_USER

USAGE = (
    "Usage: /plan set EXAM YYYY-MM-DD [hours per week] [time zone] (e.g. /plan set CPC 2027-03-01 8), "
    "/plan show, /plan off."
)
REMINDERS = (
    "Reminders are sent as Discord DMs, so they are set in Discord: /plan remind HH:MM time-zone. "
    "The console shows your plan with /plan show."
)


class PlanCommands:
    def __init__(self, plans: PlanService, render: Render) -> None:
        self.plans = plans
        self.render = render

    def commands(self) -> dict[str, Handler]:
        return {"plan": self.plan}

    async def plan(self, args: list[str]) -> str:
        action = args[0].lower() if args else "show"
        try:
            if action == "set":
                return await self._set(args[1:])
            if action == "show" and len(args) <= 1:
                return self.render(plan_card(await self.plans.show(CONSOLE_USER), console=True))
            if action == "off" and len(args) == 1:
                stopped = await self.plans.off(CONSOLE_USER)
                return "Study plan turned off." if stopped else "You had no study plan on."
        except QuizError as exc:
            return exc.message
        if action == "remind":
            return REMINDERS
        return USAGE

    async def _set(self, args: list[str]) -> str:
        if not 2 <= len(args) <= 4:
            return USAGE
        hours: int | None = None
        if len(args) >= 3:
            if not args[2].isdigit():
                return f"Hours per week must be a whole number, not {args[2]!r}. {USAGE}"
            hours = int(args[2])
        zone = args[3] if len(args) == 4 else None
        view = await self.plans.set_plan(CONSOLE_USER, args[0], args[1], hours, zone)
        return "Plan saved.\n\n" + self.render(plan_card(view, console=True))

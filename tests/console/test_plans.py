"""/plan in the console: set, show, off, friendly errors, reminders said to be Discord-only."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.config import Settings
from bot.console.app import build_console
from bot.core.clock import utcnow
from bot.wiring import build_app


async def test_plan_set_show_off(tmp_path):
    app = await build_app(dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3"))
    try:
        console = build_console(knowledge=app.knowledge, plans=app.plans)
        exam_day = (utcnow() + timedelta(days=70)).date().isoformat()
        assert "no study plan" in await console.handle("/plan show")
        saved = await console.handle(f"/plan set CPC {exam_day} 8")
        assert saved.startswith("Plan saved.")
        assert f"Study plan: CPC on {exam_day}" in saved
        assert "70 day(s) to go (10 week(s) 0 day(s))" in saved
        assert "Week 1 of 10" in saved and "0 of 120 questions done" in saved
        assert "baseline mock exam" in saved
        assert "Reminders are sent as Discord DMs only" in saved
        shown = await console.handle("/plan show")
        assert f"Study plan: CPC on {exam_day}" in shown
        assert "Discord" in await console.handle("/plan remind 08:00 UTC")
        assert "in the past" in await console.handle("/plan set CPC 2020-01-01")
        assert "YYYY-MM-DD" in await console.handle("/plan set CPC tomorrow")
        assert "no blueprint for 'XYZ'" in await console.handle(f"/plan set XYZ {exam_day}")
        assert "whole number" in await console.handle(f"/plan set CPC {exam_day} lots")
        assert "Usage: /plan set" in await console.handle("/plan set CPC")
        far = (utcnow() + timedelta(days=200)).date().isoformat()
        assert "8 to 13 weeks" in await console.handle(f"/plan set CPC {far}")
        assert await console.handle("/plan off") == "Study plan turned off."
        assert await console.handle("/plan off") == "You had no study plan on."
    finally:
        await app.close()

"""/unanswered in the console: a declined question is queued for the console's server; the
page lists it with its count; dismiss and kb act on the page's numbers; bad input gets usage."""

from __future__ import annotations

import dataclasses

from bot.config import Settings
from bot.console.app import build_console
from bot.console.identity import CONSOLE_GUILD
from bot.wiring import build_app


async def test_declines_are_listed_marked_and_dismissed(tmp_path):
    app = await build_app(dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3"))
    try:
        console = build_console(knowledge=app.knowledge, feedback=app.feedback, member_name="ann")
        assert "Nothing waiting" in await console.handle("/unanswered")
        football = "who will win the football tonight?"
        for line in (football, football.capitalize(), "best pizza?"):
            await console.handle(line)
        await console.handle("how many CEUs for the CPC?")  # answered: not queued
        listed = await console.handle("/unanswered")
        assert "Unanswered questions (2)" in listed
        assert "#1 who will win the football tonight?" in listed and "declined ×2" in listed
        assert "#2 best pizza?" in listed
        assert (await console.handle("/unanswered kb 1")).startswith("Marked")
        after = await console.handle("/unanswered dismiss 1")  # the numbers of the page just shown
        assert after.startswith("Dismissed") and "Nothing waiting" in after
        assert "1 marked for the knowledge base" in after
        assert [i.question for i in await app.feedback.kb_items(CONSOLE_GUILD)] == [
            "who will win the football tonight?"
        ]
        assert (await console.handle("/unanswered dismiss 7")).startswith("No item #7")
        assert (await console.handle("/unanswered drop 1")).startswith("Usage: /unanswered")
    finally:
        await app.close()

"""/forget-me in the console: asks first, deletes on /forget-me yes."""

from __future__ import annotations

import dataclasses

from bot.config import Settings
from bot.console.app import build_console
from bot.console.identity import CONSOLE_CHANNEL
from bot.wiring import build_app


async def test_forget_me_asks_then_deletes(tmp_path):
    app = await build_app(dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3"))
    try:
        console = build_console(
            knowledge=app.knowledge,
            rounds=app.rounds,
            banks=app.banks,
            stats=app.stats,
            privacy=app.privacy,
            member_name="ann",
        )
        await console.handle("/quiz start certifications 1")
        rnd = await app.rounds.active_round(CONSOLE_CHANNEL)
        letter = (await app.rounds.open_question(rnd.id)).question.answer_letter
        assert "Quiz over" in await console.handle(letter)
        assert "| ann " in await console.handle("/leaderboard all")

        asked = await console.handle("/forget-me")
        assert "Type /forget-me yes to confirm." in asked
        assert "| ann " in await console.handle("/leaderboard all")  # nothing deleted yet
        done = await console.handle("/forget-me yes")
        assert done.startswith("Done: your data is gone. Deleted 1 answer(s); 1 round(s)")
        assert "| ann " not in await console.handle("/leaderboard all")
        assert "No answers yet" in await console.handle("/stats")
        assert "/forget-me" in await console.handle("/help")
    finally:
        await app.close()

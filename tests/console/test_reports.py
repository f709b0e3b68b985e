"""/report and /reports in the console: report a question, list, retire (then a round never asks
it), restore; bad input gets the usage or a friendly error."""

from __future__ import annotations

import dataclasses

from bot.config import Settings
from bot.console.app import build_console
from bot.console.identity import CONSOLE_CHANNEL
from bot.wiring import build_app


async def test_report_list_retire_and_restore(tmp_path):
    app = await build_app(dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3"))
    try:
        console = build_console(
            knowledge=app.knowledge,
            rounds=app.rounds,
            banks=app.banks,
            stats=app.stats,
            reports=app.reports,
            member_name="ann",
        )
        qids = [q.id for q in app.banks.select(bank="certifications")]
        assert (await console.handle("/report")).startswith("Usage: /report QUESTION_ID reason")
        assert "no longer in the question banks" in await console.handle("/report nope typo")
        assert "Pick a reason" not in await console.handle(f"/report {qids[0]} the stem is odd")
        assert "already reported" in await console.handle(f"/report {qids[0]} wrong key: it is B")
        listed = await console.handle("/reports")
        assert f"`{qids[0]}`: 1 report(s)" in listed and "wrong key: it is B" in listed
        assert (await console.handle("/reports drop x")).startswith("Usage: /reports")
        for qid in qids[1:]:
            assert (await console.handle(f"/reports retire {qid}")).startswith(f"Retired {qid}")
        assert "(retired here)" not in await console.handle("/reports")
        await console.handle("/quiz start certifications 5")
        rnd = await app.rounds.active_round(CONSOLE_CHANNEL)
        assert rnd.question_ids == (qids[0],)  # the only one left in rotation
        assert (await console.handle(f"/reports restore {qids[1]}")).startswith("Restored")
    finally:
        await app.close()

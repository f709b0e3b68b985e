"""/review in the console on the real SQLite store: a quiz miss comes back as a due card,
answered by letter with its explanation and next due time; nothing due says when."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.console.app import build_console
from bot.console.identity import CONSOLE_CHANNEL
from bot.wiring import build_app


async def test_a_missed_quiz_question_is_reviewed_in_the_console(tmp_path):
    app = await build_app(dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3"))
    try:
        console = build_console(
            knowledge=app.knowledge,
            rounds=app.rounds,
            banks=app.banks,
            stats=app.stats,
            review=app.review,
            member_name="ann",
        )
        out = await console.handle("/review")
        assert "Nothing due" in out and "No review cards yet" in out
        await console.handle("/quiz start certifications 1")
        rnd = await app.rounds.active_round(CONSOLE_CHANNEL)
        question = (await app.rounds.open_question(rnd.id)).question
        wrong = next(letter for letter in question.letters if letter != question.answer_letter)
        await console.handle(wrong)  # the miss
        out = await console.handle("/review")
        assert "Nothing due" in out and "due in 1 min" in out  # relearning: a minute later
        app.review.clock = lambda: datetime.now(UTC) + timedelta(minutes=5)
        out = await console.handle("/review")
        assert "Review · 1 due" in out and question.stem[:40] in out and "missed 1 time" in out
        out = await console.handle(question.answer_letter)
        assert f"Correct: {question.answer_letter})" in out and question.explanation[:40] in out
        assert "Next review" in out and "Source:" in out
        assert "Review done" in out and "1 of 1 right." in out and "Next card due" in out
        assert await console.handle(question.answer_letter) != out  # no card on screen: not mine
        assert "No review is running." in await console.handle("/review stop")
        app.review.clock = lambda: datetime.now(UTC) + timedelta(days=60)
        assert "Review\n------\n1 due · start with /review" in await console.handle("/stats")
    finally:
        await app.close()

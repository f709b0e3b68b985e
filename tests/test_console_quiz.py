"""The console quiz on the real SQLite store: start, answer by letter, reveal, stats, restart."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console import Console
from bot.console_quiz import CONSOLE_CHANNEL
from bot.wiring import build_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3")


async def open_letter(services) -> str:
    rnd = await services.rounds.active_round(CONSOLE_CHANNEL)
    rq = await services.rounds.open_question(rnd.id)
    return rq.question.answer_letter


async def test_console_round_answer_reveal_stats_and_restart(settings):
    services = await build_app(settings)
    try:
        console = Console(services)
        out = await console.handle("/quiz start certifications 2")
        assert "Quiz: 2 question(s)" in out and "Question 1/2" in out

        right = await open_letter(services)
        out = await console.handle(right.lower())
        assert out.startswith("Correct! +")
        assert f"Answer: {right})" in out and "Question 2/2" in out

        second_right = await open_letter(services)
        wrong = next(letter for letter in "ABCD" if letter != second_right)
        out = await console.handle(wrong)
        assert out.startswith("Not quite.")
        assert "Quiz over: final standings" in out and "1/2" in out

        # Not a round any more: a plain line is a knowledge question again.
        assert "CRC" in await console.handle("what is the crc")
        stats = await console.handle("/stats")
        assert "Answered 2, correct 1 (50%)" in stats
    finally:
        await services.close()

    # A restart keeps everything.
    services = await build_app(settings)
    try:
        console = Console(services)
        assert "Answered 2, correct 1 (50%)" in await console.handle("/stats")
        board = await console.handle("/leaderboard all")
        assert "1/2" in board
    finally:
        await services.close()


async def test_console_quiz_errors_and_stop(settings):
    services = await build_app(settings)
    try:
        console = Console(services)
        assert "Usage: /quiz start" in await console.handle("/quiz")
        assert "I don't understand 'nonsense'" in await console.handle("/quiz start nonsense")
        assert "between 1 and 50" in await console.handle("/quiz start 99")
        assert await console.handle("/quiz stop") == "No quiz is running."
        await console.handle("/quiz start CPC 3")
        assert "already running" in await console.handle("/quiz start CCS")
        stopped = await console.handle("/quiz stop")
        assert "Stopped by the starter or a moderator." in stopped
        assert "Question banks" in await console.handle("/quiz banks")
    finally:
        await services.close()

"""The console quiz on the real SQLite store: start, answer by letter, reveal, stats, restart."""

from __future__ import annotations

import dataclasses

import pytest

from bot.config import Settings
from bot.console.app import Console, build_console
from bot.console.identity import CONSOLE_CHANNEL
from bot.console.rounds import StartOptions, parse_start
from bot.wiring import App, build_app


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3")


def console_for(app: App) -> Console:
    return build_console(
        knowledge=app.knowledge, rounds=app.rounds, banks=app.banks, stats=app.stats, member_name="ann"
    )


async def open_letter(app: App) -> str:
    rnd = await app.rounds.active_round(CONSOLE_CHANNEL)
    rq = await app.rounds.open_question(rnd.id)
    return rq.question.answer_letter


async def test_console_round_answer_reveal_stats_and_restart(settings):
    app = await build_app(settings)
    try:
        console = console_for(app)
        out = await console.handle("/quiz start certifications 2")
        assert "Quiz: 2 question(s), 120 s each." in out and "Question 1/2" in out
        assert "\nA) " in out and "**" not in out  # choices as plain lines
        assert "120 s · type A, B, C" in out  # the console's hint: type, no buttons

        right = await open_letter(app)
        out = await console.handle(right.lower())
        assert out.startswith("Correct! +")
        assert f"Answer: {right})" in out and "Question 2/2" in out

        second_right = await open_letter(app)
        wrong = next(letter for letter in "ABCD" if letter != second_right)
        out = await console.handle(wrong)
        assert out.startswith("Not quite.")
        assert "Quiz over: final standings" in out and "| ann " in out and "1/2" in out

        # Not a round any more: a plain line is a knowledge question again.
        assert "CRC: Certified Risk Adjustment Coder" in await console.handle("what is the crc")
        stats = await console.handle("/stats")
        assert "Stats for ann" in stats and "Answered 2, correct 1 (50%)" in stats
    finally:
        await app.close()

    # A restart keeps everything.
    app = await build_app(settings)
    try:
        console = console_for(app)
        assert "Answered 2, correct 1 (50%)" in await console.handle("/stats")
        board = await console.handle("/leaderboard all")
        assert "Points from quizzes and daily questions, all time." in board and "1/2" in board
        assert "Nobody has answered yet" in await console.handle("/leaderboard week daily")
    finally:
        await app.close()


async def test_console_quiz_errors_and_stop(settings):
    app = await build_app(settings)
    try:
        console = console_for(app)
        assert "Usage: /quiz start" in await console.handle("/quiz")
        assert "Usage: /quiz start" in await console.handle("/quiz frob")
        assert "I don't understand 'nonsense'" in await console.handle("/quiz start nonsense")
        assert "between 1 and 50" in await console.handle("/quiz start 99")
        assert await console.handle("/quiz stop") == "No quiz is running."
        await console.handle("/quiz start CPC 3")
        assert "already running" in await console.handle("/quiz start CCS")
        stopped = await console.handle("/quiz stop")
        assert "Stopped by the starter or a moderator." in stopped
        banks = await console.handle("/quiz banks")
        assert "Question banks" in banks and "(`certifications`, " in banks
    finally:
        await app.close()


def test_parse_start_by_position_and_by_name():
    banks = {"certifications", "cpc-core"}
    assert parse_start(["CPC", "5", "60"], banks) == StartOptions(exam="CPC", count=5, seconds=60)
    assert parse_start(["cpc-core"], banks) == StartOptions(bank="cpc-core")
    assert parse_start(["certifications"], banks) == StartOptions(domain="certifications")  # domain first
    assert parse_start(["questions=3", "seconds=45", "exam=ccs", "domain=CPC.ICD10CM", "bank=X"], banks) == (
        StartOptions(exam="CCS", domain="cpc.icd10cm", bank="x", count=3, seconds=45)
    )
    assert parse_start(["1", "2", "3"], banks).startswith("I don't understand '3'")
    assert parse_start(["questions=many"], banks).startswith("I don't understand 'questions=many'")


async def test_console_round_of_icd10cm_drills(settings, code_cache_dir):
    app = await build_app(dataclasses.replace(settings, codes_cache_dir=code_cache_dir))
    try:
        console = console_for(app)
        out = await console.handle("/quiz start ICD-10-CM 2")
        assert "Quiz: 2 question(s)" in out and "Question 1/2" in out and "\nD) " in out
        right = await open_letter(app)
        out = await console.handle(right)
        assert out.startswith("Correct! +") and "ICD-10-CM Tabular List FY2026" in out
        banks = await console.handle("/quiz banks")
        assert "icd10cm-drills" in banks and "drills" in banks
    finally:
        await app.close()

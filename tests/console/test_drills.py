"""/drill in the console on the real SQLite store: the weakest area after quiz answers, letters
answer the drill with feedback and the next question, the summary, a drill resumed after a restart."""

from __future__ import annotations

import dataclasses

import pytest

from bot.config import Settings
from bot.console.app import Console, build_console
from bot.console.identity import CONSOLE_USER
from bot.wiring import App, build_app


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings(), db_path=tmp_path / "console.sqlite3")


def console_for(app: App) -> Console:
    return build_console(
        knowledge=app.knowledge,
        rounds=app.rounds,
        banks=app.banks,
        stats=app.stats,
        drills=app.practice_drills,
        member_name="ann",
    )


async def letter(app: App, *, right: bool) -> str:
    q = (await app.practice_drills.current(CONSOLE_USER)).question
    return q.answer_letter if right else q.letters[(q.answer + 1) % len(q.choices)]


async def test_a_drill_answered_by_letter_with_feedback_and_a_summary(settings):
    app = await build_app(settings)
    try:
        console = console_for(app)
        out = await console.handle("/drill CCA 2 reimbursement")
        assert out.startswith(
            "A drill on Reimbursement methodologies (your recent accuracy: no answers yet)."
        )
        assert "Drill: Reimbursement methodologies · question 1/2" in out and "\nA) " in out
        out = await console.handle(await letter(app, right=True))
        assert (
            out.startswith("Right! Question 1/2")
            and "Answer\n------\n" in out
            and "\nSource\n------\n" in out
        )
        assert "question 2/2" in out
        wrong = await letter(app, right=False)
        out = await console.handle(wrong.lower())
        assert out.startswith(f"Not quite: you chose {wrong}. Question 2/2")
        assert "Drill finished: Reimbursement methodologies" in out and "1/2 right" in out
        assert "before the drill: no answers yet; now: 1 of 2 right, 50%" in out
        assert await app.practice_drills.current(CONSOLE_USER) is None
        assert (await console.handle("/drill stop")) == "No drill is running."
    finally:
        await app.close()


async def test_the_weakest_area_resumes_after_a_restart(settings):
    app = await build_app(settings)
    try:
        console = console_for(app)
        await console.handle("/quiz start cca.compliance 1 10")
        out = await console.handle("/drill CCA 3")
        assert out.startswith("Your weakest CCA area lately: ")
        area = (await app.practice_drills.current(CONSOLE_USER)).domain
        await console.handle(await letter(app, right=True))
    finally:
        await app.close()
    app = await build_app(settings)
    try:
        console = console_for(app)
        out = await console.handle("/drill")
        assert out.startswith("Resuming your unfinished drill on") and "question 2/3" in out
        assert (await app.practice_drills.current(CONSOLE_USER)).domain == area
        out = await console.handle("/drill stop")
        assert "1/1 right (2 of 3 not answered)" in out
    finally:
        await app.close()


async def test_bad_options_and_other_lines(settings):
    app = await build_app(settings)
    try:
        console = console_for(app)
        assert "1 to 50" in await console.handle("/drill CPC 0")
        assert "don't know the area" in await console.handle("/drill CPC bananas")
        areas = await console.handle("/drill areas CCA")
        assert "cca.privacy: Confidentiality and privacy" in areas
        assert "Unknown exam" in await console.handle("/drill areas NOPE")
    finally:
        await app.close()


async def test_the_generated_icd10cm_drills_are_an_area_too(settings):
    app = await build_app(settings)
    try:
        console = console_for(app)
        out = await console.handle("/drill ICD-10-CM 2")
        assert out.startswith("Your weakest ICD-10-CM area lately: ICD-10-CM drills (no answers yet).")
        assert "Drill: ICD-10-CM drills · question 1/2" in out
        out = await console.handle(await letter(app, right=True))
        assert out.startswith("Right! Question 1/2") and "question 2/2" in out
        out = await console.handle("/drill stop")
        assert "1/1 right (1 of 2 not answered)" in out
    finally:
        await app.close()

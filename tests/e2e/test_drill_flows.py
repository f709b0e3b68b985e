"""/drill end to end through the fake Discord: a 3-question private drill on the weakest area
after some quiz answers, answered with the A–E buttons (feedback in place, Next, a summary),
the buttons still working after a restart mid-drill, area autocomplete, and a drill in a DM."""

from __future__ import annotations

import pytest

from bot.services.practice import PracticeResult

from .helpers import embed_text, is_ephemeral
from .test_quiz_flows import acked, buttons, slash

# Runs on SQLite and on a fresh PostgreSQL database (tests/e2e/conftest.py).
pytestmark = pytest.mark.usefixtures("engine")


async def _quiz(services, guild_id: int, channel_id: int, user: int, domain: str, *, right: bool) -> None:
    """A 3-question quiz round on one area, answered by ``user`` (all right or all wrong)."""
    rnd = await services.rounds.start_round(guild_id, channel_id, user, domain=domain, count=3, seconds=30)
    for _ in range(3):
        rq = await services.rounds.post_question(rnd.id)
        choice = rq.question.answer if right else (rq.question.answer + 1) % len(rq.question.choices)
        await services.rounds.answer(rq.id, user, "alice", choice)
        await services.rounds.reveal_question(rq.id)


def _custom_id(message: dict, label: str) -> str:
    return next(b["custom_id"] for b in buttons(message) if b["label"] == label)


def _title(message: dict) -> str:
    return message["embeds"][0]["title"]


async def _letter(services, user: int, *, right: bool) -> str:
    q = (await services.practice_drills.current(user)).question
    return q.answer_letter if right else q.letters[(q.answer + 1) % len(q.choices)]


async def _click(fake, message: dict, label: str, user: str = "alice") -> dict:
    answer = await acked(await fake.click(message["id"], _custom_id(message, label), user=user))
    assert is_ephemeral(answer)
    return answer


async def test_a_private_drill_on_the_weakest_area_survives_a_restart(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    services = running_bot.services
    alice = fake.user("alice").id
    quiz_room = fake.channel("quiz-room").id
    await _quiz(services, fake.guild_id, quiz_room, alice, "cpc.icd10cm", right=True)
    await _quiz(services, fake.guild_id, quiz_room + 1, alice, "cpc.anatomy", right=False)
    results: list[PracticeResult] = []

    async def keep(result: PracticeResult) -> None:
        results.append(result)

    services.events.subscribe(keep)

    # area autocomplete, narrowed to the exam chosen so far
    choices = await fake.autocomplete("drill", "area", "anat", options={"exam": "CPC"}, user="alice")
    assert {c["value"] for c in choices} == {"cpc.anatomy"}

    shown = await slash(fake, "drill", {"exam": "CPC", "count": 3}, user="alice", ephemeral=True)
    assert shown["content"] == "Your weakest CPC area lately: Anatomy (0 of 3 right, 0%)."
    assert _title(shown) == "Drill: Anatomy · question 1/3"
    assert [b["label"] for b in buttons(shown)] == ["A", "B", "C", "D", "Stop"]
    assert all(b["custom_id"].startswith("cc:drill:") for b in buttons(shown))
    shown_stem = (await services.practice_drills.current(alice)).question.stem

    right = await _click(fake, shown, await _letter(services, alice, right=True))
    assert right["id"] == shown["id"]  # the drill message itself shows the feedback
    assert _title(right).startswith("Right! Question 1/3") and "Why" in embed_text(right)
    assert right["embeds"][0]["description"] == shown_stem  # the question stays on screen
    assert [f["name"] for f in right["embeds"][0]["fields"]] == ["Answer", "Why", "Source"]
    assert [b["label"] for b in buttons(right)] == ["Next question"]
    assert [(r.source, r.correct, r.guild_id) for r in results] == [("drill", True, fake.guild_id)]

    # a deploy mid-drill: the old message's buttons reach the new process
    bot = await bot_runner.restart()
    services = bot.services
    second = await _click(fake, right, "Next question")
    assert second["id"] == shown["id"]
    assert _title(second) == "Drill: Anatomy · question 2/3"
    wrong = await _letter(services, alice, right=False)
    missed = await _click(fake, second, wrong)
    assert _title(missed).startswith(f"Not quite: you chose {wrong}. Question 2/3")
    third = await _click(fake, missed, "Next question")
    last = await _click(fake, third, await _letter(services, alice, right=True))
    assert [b["label"] for b in buttons(last)] == ["See my summary"]
    summary = await _click(fake, last, "See my summary")
    text = embed_text(summary)
    assert _title(summary) == "Drill finished: Anatomy" and not buttons(summary)
    assert "2/3 right" in text and "before the drill: 0 of 3 right, 0%; now: 2 of 6 right, 33%" in text
    assert await services.practice_drills.current(alice) is None


async def test_a_drill_in_a_dm_and_stop(fake_discord, running_bot):
    fake = fake_discord
    await running_bot.tree.sync()  # global commands, as `python -m bot sync` registers them: DMs too
    shown = await slash(
        fake, "drill", {"area": "cca.privacy", "count": 2}, user="bob", dm=True, ephemeral=True
    )
    assert shown["content"].startswith("A drill on Confidentiality and privacy")
    assert _title(shown) == "Drill: Confidentiality and privacy · question 1/2"
    stopped = await _click(fake, shown, "Stop", user="bob")
    assert _title(stopped) == "Drill finished: Confidentiality and privacy"
    assert "0/0 right (2 of 2 not answered)" in embed_text(stopped)
    refused = await slash(fake, "drill", {"area": "bananas"}, user="bob", dm=True, ephemeral=True)
    assert refused["content"].startswith("I don't know the area 'bananas'.")
    assert fake.synced_command("drill", dm=True)["options"][2]["max_value"] == 50

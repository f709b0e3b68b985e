"""Spaced review end to end through the fake Discord: a quiz question answered wrong comes back
in /review (privately, in a server or in DMs) once due, answered with A–E buttons that keep
working across a restart, with its explanation, a "Next card" button and a summary; /stats says
how many cards are due.  Time moves on through the review service's clock only."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from .helpers import embed_text, is_ephemeral
from .test_quiz_flows import (
    LETTERS,
    ROUND_BUTTON,
    _norm,
    acked,
    click,
    fields,
    question_for,
    slash,
    wait_titled,
)

pytestmark = pytest.mark.usefixtures("engine")

REVIEW_ANSWER = re.compile(r"cc:rev:a:0:0:(\d+):(\d):(.+)")


def later(bot_runner, **delta: float) -> None:
    """The review service's clock moves ``delta`` ahead of the real one."""
    bot_runner.services.review.clock = lambda: datetime.now(UTC) + timedelta(**delta)


async def _miss_one_question(fake, room, user: str) -> dict:
    await slash(
        fake,
        "quiz",
        {"questions": 3, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel=room.name,
        ephemeral=False,
    )
    msg = await wait_titled(fake, room.id, "Question 1/3")
    q = question_for(msg)
    rq = ROUND_BUTTON.fullmatch(fake.component_ids(msg)[0]).group(1)
    assert (await click(fake, msg, f"cc:r:{rq}:{(q['index'] + 1) % 4}", user)).startswith("Locked in")
    await slash(fake, "quiz", subcommand="stop", user="carol", channel=room.name, ephemeral=False)
    return q


async def _click(fake, message: dict, custom_id: str, user: str) -> dict:
    return await acked(await fake.click(message["id"], custom_id, user=user))


async def test_a_missed_quiz_question_comes_back_in_review(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    room = fake.channel("quiz-room")
    nothing = await slash(fake, "review", user="alice", ephemeral=True)
    assert "Nothing due" in embed_text(nothing) and "No review cards yet" in embed_text(nothing)

    q = await _miss_one_question(fake, room, "alice")
    soon = await slash(fake, "review", user="alice", ephemeral=True)
    assert "Nothing due" in embed_text(soon) and "due in 1 min" in embed_text(soon)
    stats = await slash(fake, "stats", user="alice", ephemeral=True)
    assert fields(stats["embeds"][0])["Review"] == "0 due"

    later(bot_runner, days=1)  # a day later it is due
    stats = await slash(fake, "stats", user="alice", ephemeral=True)
    assert fields(stats["embeds"][0])["Review"] == "1 due · start with /review"
    assert "Nothing due" in embed_text(await slash(fake, "review", user="bob"))  # only alice missed it

    card = await slash(fake, "review", user="alice", ephemeral=True)
    embed = card["embeds"][0]
    assert embed["title"] == "Review · 1 due" and _norm(q["stem"]) in _norm(embed["description"])
    ids = fake.component_ids(card)
    assert [REVIEW_ANSWER.fullmatch(i).group(2) for i in ids] == [str(n) for n in range(len(q["choices"]))]
    assert all(len(i) <= 100 for i in ids)

    verdict = await _click(fake, card, ids[q["index"]], "alice")
    text = embed_text(verdict)
    assert (
        verdict["embeds"][0]["title"] == f"Correct: {LETTERS[q['index']]}) {_norm(q['choices'][q['index']])}"
    )
    assert _norm(q["explanation"])[:60] in _norm(text) and "Next review" in text and "Source:" in text
    (next_id,) = fake.component_ids(verdict)
    assert next_id == "cc:rev:n:1:1"

    summary = await _click(fake, verdict, next_id, "alice")
    assert summary["embeds"][0]["title"] == "Review done" and "1 of 1 right." in embed_text(summary)
    assert "Next card due" in embed_text(summary) and not fake.component_ids(summary)


async def test_review_buttons_work_after_a_restart_and_in_dms(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    q = await _miss_one_question(fake, fake.channel("quiz-room"), "alice")
    later(bot_runner, days=1)
    await running_bot.tree.sync()  # the global commands, as `python -m bot sync` does: DMs see them
    card = await slash(fake, "review", user="alice", dm=True)
    assert is_ephemeral(card) and int(card["channel_id"]) == fake.dm_channel("alice").id
    assert _norm(q["stem"]) in _norm(card["embeds"][0]["description"])
    wrong = fake.component_ids(card)[(q["index"] + 1) % 4]

    await bot_runner.restart()
    later(bot_runner, days=1, minutes=1)
    verdict = await _click(fake, card, wrong, "alice")
    title = verdict["embeds"][0]["title"]
    assert title.startswith(
        f"Not quite ({LETTERS[(q['index'] + 1) % 4]}). The answer: {LETTERS[q['index']]})"
    )
    assert "Next review" in embed_text(verdict)

    later(bot_runner, days=2)  # missed again: due again the next day
    again = await slash(fake, "review", user="alice", ephemeral=True)
    assert _norm(q["stem"]) in _norm(again["embeds"][0]["description"])
    assert "missed 2 times" in embed_text(again)

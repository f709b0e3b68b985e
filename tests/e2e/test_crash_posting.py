"""Crash windows of the messages the bot posts exactly once, with the real bot as a subprocess.

Each test holds the fake's response to one request (the message is stored, or the edit made,
but the bot never hears back), kills the bot with SIGKILL at that instant, starts it again on
the same database and checks what the channel shows: one copy of each message, every committed
reveal posted, the revealed question's buttons removed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot.store import is_postgres_url
from tests.fakediscord import RecordedRequest

from .test_quiz_flows import (
    DAILY_BUTTON,
    MANAGER,
    acked,
    buttons,
    daily_posts,
    quiz_messages,
    setup_daily,
    slash,
    title,
    wait_titled,
)

# Every crash window here is tried on SQLite and on a fresh PostgreSQL database.
pytestmark = pytest.mark.usefixtures("engine")

ROUTE_POST = "POST /channels/{channel_id}/messages"
ROUTE_EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
ROUTE_HISTORY = "GET /channels/{channel_id}/messages"
# A killed run's leases outlive it (nothing releases them): 1 s here, so the restarted bot
# takes its rounds and daily posts over a second later instead of after the default 30 s.
ENV = {
    "CERTCOACH_DAILY_TICK": "0.2",
    "CERTCOACH_COOLDOWN": "0",
    "LOG_LEVEL": "INFO",
    "CERTCOACH_LEASE_SECONDS": "1",
}


def posting(channel_id: int, prefix: str):
    """A predicate: the POST of a message in ``channel_id`` whose embed title starts with ``prefix``."""

    def check(r: RecordedRequest) -> bool:
        body = r.json if isinstance(r.json, dict) else {}
        return (
            r.route == ROUTE_POST
            and int(r.params["channel_id"]) == channel_id
            and title(body).startswith(prefix)
        )

    return check


def removing_buttons(message_id: int):
    def check(r: RecordedRequest) -> bool:
        return r.route == ROUTE_EDIT and int(r.params["message_id"]) == message_id and "components" in r.json

    return check


async def kill(proc) -> None:
    proc.proc.kill()  # SIGKILL: no clean-up of any kind
    await proc.proc.wait()


def titled(fake, channel_id: int, prefix: str) -> list[dict]:
    return quiz_messages(fake, channel_id, prefix)


async def start_round(fake, room, questions: int = 1) -> None:
    await slash(
        fake,
        "quiz",
        {"questions": questions, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel=room.name,
        ephemeral=False,
    )


async def settled(fake, proc, since: int, quiet: float = 0.8, timeout: float = 15.0) -> None:
    """Wait until the restarted bot has looked for its messages in the channel's history (what
    it does for an intent the killed run left pending), then made no request for ``quiet`` s."""
    await fake.wait_for_request(
        lambda r: r.route == ROUTE_HISTORY, timeout, "a look at the channel's history", start=since
    )
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        count = len(fake.requests)
        await asyncio.sleep(quiet)
        if len(fake.requests) == count:
            return
    raise AssertionError(f"the bot kept making requests: {fake.requests[since:][-8:]}")


# --------------------------------------------------------------------------- rounds


async def test_round_question_1_killed_before_its_id_is_recorded(fake_discord, bot_subprocess):
    """(a) Discord stored question 1, the bot died before recording its id: after the restart the
    round goes on with that message, it is not posted again."""
    fake = fake_discord
    room = fake.channel("quiz-room")
    held = fake.hold(posting(room.id, "Question 1/"), "the POST of question 1")
    async with bot_subprocess("bot", env=ENV) as proc:
        await start_round(fake, room, questions=2)
        await held.reached(timeout=10)
        await kill(proc)
    held.release()
    since = len(fake.requests)
    async with bot_subprocess("bot", env=ENV) as proc:
        (q1,) = titled(fake, room.id, "Question 1/")
        # the round resumes on the message Discord has: its buttons work
        custom_id = fake.component_ids(q1)[0]
        h = await fake.click(q1["id"], custom_id, user="alice")
        assert (await acked(h, ephemeral=True))["content"].startswith("Locked in")
        await settled(fake, proc, since)
        assert len(titled(fake, room.id, "Question 1/")) == 1, "question 1 was posted twice"
        assert any(r.route == ROUTE_HISTORY for r in fake.requests[since:]), "no look at the history"
        stopped = await slash(
            fake, "quiz", subcommand="stop", user="carol", channel=room.name, ephemeral=False
        )
        assert stopped["embeds"][-1]["title"] == "Quiz over: final standings"
        await fake.wait_until(
            lambda: fake.messages[int(q1["id"])].payload["components"] == [],
            3,
            "question 1's buttons removed",
        )
    assert len(titled(fake, room.id, "Question 1/")) == 1
    assert not proc.error_lines(), proc.output


# Each of these takes ~12 s (a round question's timer runs out): the window where only Discord's
# side differs (the buttons) runs on SQLite alone; the database's part is the same in both.
@pytest.mark.parametrize(
    ("engine", "window"),
    [("sqlite", "the buttons removed"), ("sqlite", "the reveal posted"), ("postgres", "the reveal posted")],
)
async def test_round_reveal_killed_after_the_reveal_is_committed(fake_discord, bot_subprocess, window):
    """(c) The reveal of the last question is committed; the bot dies while Discord removes the
    question's buttons, or after Discord stored the reveal: after the restart the reveal and the
    standings are in the channel exactly once and the question has no buttons."""
    fake = fake_discord
    room = fake.channel("quiz-room")
    async with bot_subprocess("bot", env=ENV) as proc:
        await start_round(fake, room, questions=1)
        q1 = await wait_titled(fake, room.id, "Question 1/1", timeout=10)
        held = fake.hold(
            removing_buttons(int(q1["id"]))
            if window == "the buttons removed"
            else posting(room.id, "Answer: "),
            window,
        )
        h = await fake.click(q1["id"], fake.component_ids(q1)[0], user="alice")
        await acked(h, ephemeral=True)
        await held.reached(timeout=15)  # at the deadline (10 s)
        await kill(proc)
    held.release()
    since = len(fake.requests)
    async with bot_subprocess("bot", env=ENV) as proc:
        await wait_titled(fake, room.id, "Quiz over: final standings", timeout=10)
        await settled(fake, proc, since)
    assert len(titled(fake, room.id, "Answer: ")) == 1, "the reveal is missing or posted twice"
    assert len(titled(fake, room.id, "Quiz over")) == 1, "the standings are missing or posted twice"
    assert len(titled(fake, room.id, "Question 1/")) == 1
    assert fake.messages[int(q1["id"])].payload["components"] == [], "the revealed question kept its buttons"
    assert not proc.error_lines(), proc.output


# --------------------------------------------------------------------------- the daily question


async def daily_now(fake) -> None:
    h = await fake.invoke_slash("daily", subcommand="now", user="mona", permissions=MANAGER)
    await h.callback(timeout=5)


async def test_daily_question_killed_before_its_id_is_recorded(fake_discord, bot_subprocess):
    """(b) Discord stored today's daily question, the bot died before recording its id: after the
    restart it is not posted again, and its buttons work."""
    fake = fake_discord
    room = fake.channel("quiz-room")
    held = fake.hold(posting(room.id, "Daily question · "), "the POST of today's daily question")
    async with bot_subprocess("bot", env=ENV) as proc:
        await setup_daily(fake, room)
        await daily_now(fake)
        await held.reached(timeout=10)
        await kill(proc)
    held.release()
    since = len(fake.requests)
    async with bot_subprocess("bot", env=ENV) as proc:
        await settled(fake, proc, since)
        (post,) = daily_posts(fake, room.id)
        assert buttons(post)
        h = await fake.click(post["id"], fake.component_ids(post)[0], user="alice")
        assert "streak" in (await acked(h, ephemeral=True))["content"].lower()
        h = await fake.invoke_slash("daily", subcommand="now", user="mona", permissions=MANAGER)
        assert (await acked(h, ephemeral=True))["content"] == "Today's daily question is already posted."
        await settled(fake, proc, since)
    assert len(daily_posts(fake, room.id)) == 1, "today's daily question was posted twice"
    assert any(r.route == ROUTE_HISTORY for r in fake.requests[since:]), "no look at the history"
    assert not proc.error_lines(), proc.output


async def age_daily_posts(db: Path | str) -> None:
    """Make every daily post yesterday's, posted 25 hours ago (so it is due to be revealed)."""
    posted = datetime.now(UTC) - timedelta(hours=25)
    if is_postgres_url(db):
        con = await asyncpg.connect(str(db))
        try:
            await con.execute("UPDATE daily_posts SET local_date = local_date - 1, posted_at = $1", posted)
        finally:
            await con.close()
        return
    with sqlite3.connect(db) as lite:
        lite.execute(
            "UPDATE daily_posts SET local_date = date(local_date, '-1 day'), posted_at = ?",
            (posted.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),),
        )
    lite.close()


@pytest.mark.parametrize("window", ["the buttons removed", "the reveal posted"])
async def test_daily_reveal_killed_after_the_reveal_is_committed(
    fake_discord, bot_subprocess, tmp_path, window
):
    """(d) Yesterday's daily reveal is committed; the bot dies while Discord removes the
    question's buttons (the reveal not sent yet), or after Discord stored the reveal: after the
    restart the reveal is in the channel exactly once and the question has no buttons."""
    fake = fake_discord
    room = fake.channel("quiz-room")
    async with bot_subprocess("bot", env=ENV):
        await setup_daily(fake, room)
        await daily_now(fake)
        question = await wait_titled(fake, room.id, "Daily question · ", timeout=5)
        post_id = DAILY_BUTTON.fullmatch(fake.component_ids(question)[0]).group(1)
        h = await fake.click(question["id"], f"cc:d:{post_id}:0", user="alice")
        await acked(h, ephemeral=True)
    await age_daily_posts(bot_subprocess.database)
    held = fake.hold(
        removing_buttons(int(question["id"]))
        if window == "the buttons removed"
        else posting(room.id, "Daily question "),
        window,
    )
    async with bot_subprocess("bot", env=ENV) as proc:
        await held.reached(timeout=10)
        await kill(proc)
    held.release()
    since = len(fake.requests)
    async with bot_subprocess("bot", env=ENV) as proc:
        await settled(fake, proc, since)
    reveals = [m for m in quiz_messages(fake, room.id, "Daily question ") if ", answer: " in title(m)]
    assert len(reveals) == 1, "the daily reveal is missing or posted twice"
    assert "Answers (1)" in [f["name"] for f in reveals[0]["embeds"][0]["fields"]]
    assert fake.messages[int(question["id"])].payload["components"] == [], "the question kept its buttons"
    assert len(daily_posts(fake, room.id)) == 1
    assert not proc.error_lines(), proc.output


async def test_daily_question_killed_before_its_id_is_recorded_and_revealed_the_next_day(
    fake_discord, bot_subprocess, tmp_path
):
    """(b, later) As (b), but the bot is back only after the day is over: the question is not
    posted again, it is revealed once, and its buttons are removed although its id was never
    recorded."""
    fake = fake_discord
    room = fake.channel("quiz-room")
    held = fake.hold(posting(room.id, "Daily question · "), "the POST of today's daily question")
    async with bot_subprocess("bot", env=ENV) as proc:
        await setup_daily(fake, room)
        await daily_now(fake)
        await held.reached(timeout=10)
        await kill(proc)
    held.release()
    await age_daily_posts(bot_subprocess.database)
    since = len(fake.requests)
    async with bot_subprocess("bot", env=ENV) as proc:
        await wait_titled(fake, room.id, "Daily question 2", timeout=10)  # "…YYYY-MM-DD, answer: …"
        await settled(fake, proc, since)
    (question,) = daily_posts(fake, room.id)
    reveals = [m for m in quiz_messages(fake, room.id, "Daily question ") if ", answer: " in title(m)]
    assert len(reveals) == 1
    assert fake.messages[int(question["id"])].payload["components"] == [], "the question kept its buttons"
    assert not proc.error_lines(), proc.output

"""Mock exams end to end through the fake Discord: a quarter-length CPC mock in the member's DMs
with navigation, a flag, submit and the paged report; DMs closed -> the same exam privately in
the server; a restart mid-exam (the old buttons keep working) and a time-out while the bot was
away (the report is DMed once). Right answers come from the bank files, matched on the stem."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from bot.core.clock import utcnow

from .helpers import embed_text, is_ephemeral

pytestmark = pytest.mark.usefixtures("engine")

QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
LETTERS = "ABCDE"
QUESTION = re.compile(r"Question (\d+)/(\d+) · .+ · .+ left · (on pace|ahead by .+|behind by .+)")


def _norm(text: str) -> str:
    return " ".join(str(text).split())


BANK_QUESTIONS = [
    q
    for path in sorted(QUIZZES.glob("*.yaml"))
    for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
]


def right_index(message: dict) -> int:
    description = _norm(message["embeds"][0]["description"])
    for q in BANK_QUESTIONS:
        choices = " ".join(f"**{LETTERS[i]}**) {_norm(c)}" for i, c in enumerate(q["choices"]))
        if description == f"{_norm(q['stem'])} {choices}":
            return LETTERS.index(str(q["answer"]).strip().upper())
    raise AssertionError(f"no bank question matches {description[:120]!r}")


def footer(message: dict) -> str:
    return (message["embeds"][0].get("footer") or {}).get("text") or ""


def number(message: dict) -> int:
    m = QUESTION.search(footer(message))
    assert m, footer(message)
    return int(m.group(1))


def buttons(message: dict) -> dict[str, dict]:
    return {c["custom_id"]: c for row in message.get("components") or [] for c in row["components"]}


def button(message: dict, label: str) -> str:
    found = [cid for cid, c in buttons(message).items() if c.get("label") == label]
    assert len(found) == 1, (label, [c.get("label") for c in buttons(message).values()])
    return found[0]


async def press(fake, message: dict, label: str, user: str) -> dict:
    """Click the button labelled ``label``; the message as the member now sees it (edited)."""
    custom_id = button(message, label)
    assert custom_id.startswith("cc:exam:") and len(custom_id) <= 100
    stored = fake.messages[int(message["id"])]
    before = len(stored.edits)
    handle = await fake.click(message["id"], custom_id, user=user)
    cb = await handle.callback(timeout=3.5)
    assert cb.ok and cb.time - handle.state.created < 3.0
    await fake.wait_until(lambda: len(stored.edits) > before, 3, "the message to be edited")
    return stored.payload


async def start(fake, user: str, options: dict) -> dict:
    handle = await fake.invoke_slash("exam", options, subcommand="start", user=user, channel="quiz-room")
    cb = await handle.callback(timeout=3.5)
    assert cb.ok
    return await handle.answer()


def dm_messages(fake, user: str) -> list[dict]:
    return fake.bot_messages(fake.dm_channel(user).id)


async def test_a_quarter_cpc_mock_in_dms(fake_discord, running_bot):
    fake = fake_discord
    reply = await start(fake, "alice", {"exam": "CPC", "length": "quarter"})
    assert is_ephemeral(reply) and "in your DMs" in reply["content"] and "25 questions" in reply["content"]
    [msg] = dm_messages(fake, "alice")
    assert (
        number(msg) == 1
        and "on pace" in footer(msg)
        and msg["embeds"][0]["title"].startswith("CPC mock exam")
    )
    assert [c.get("label") for c in buttons(msg).values()][-5:] == [
        "Back",
        "Next",
        "Flag",
        "Next flagged",
        "Submit",
    ]
    dm_post = next(
        r
        for r in fake.requests
        if r.method == "POST" and r.path.endswith(f"/channels/{msg['channel_id']}/messages")
    )
    assert dm_post.json["allowed_mentions"] == {"parse": []}
    assert "already have a CPC mock exam running" in (await start(fake, "alice", {"exam": "CCS"}))["content"]

    for n in range(1, 26):
        assert number(msg) == n
        right = right_index(msg)
        letter = LETTERS[right] if n <= 20 else LETTERS[(right + 1) % 4]
        msg = await press(fake, msg, letter, "alice")
    assert number(msg) == 25 and "25 answered" in footer(msg)  # the last question stays
    msg = await press(fake, msg, "Flag", "alice")
    assert "1 flagged" in footer(msg) and "Unflag" in [c.get("label") for c in buttons(msg).values()]
    msg = await press(fake, msg, "Back", "alice")
    assert number(msg) == 24
    msg = await press(fake, msg, "Next flagged", "alice")
    assert number(msg) == 25
    msg = await press(fake, msg, "Submit", "alice")
    report, missed = msg["embeds"]
    assert report["title"] == "**CPC mock exam: 80% · PASS**"
    assert report["image"]["url"] == "attachment://exam-areas.png"  # the chart of the areas
    assert [a["filename"] for a in msg["attachments"]] == ["exam-areas.png"]
    assert "20 of 25 right (pass mark 70%)" in report["description"]
    text = embed_text(msg)
    assert "Slowest areas" in text and "Trend" in text and "first attempt" in text
    assert missed["title"] == "Missed questions (1/2)" and "Right:" in text and "Source:" in text
    msg = await press(fake, msg, "Next", "alice")
    assert msg["embeds"][1]["title"] == "Missed questions (2/2)"
    assert [a["filename"] for a in msg["attachments"]] == ["exam-areas.png"]  # still one chart

    history = await fake.invoke_slash("exam", None, subcommand="history", user="alice", channel="quiz-room")
    await history.callback(timeout=3.5)
    shown = await history.answer()
    assert is_ephemeral(shown) and "#1" in embed_text(shown) and "80%" in embed_text(shown)


async def test_dms_closed_falls_back_to_a_private_exam_in_the_server(fake_discord, running_bot):
    fake = fake_discord
    fake.closed_dms.add(fake.user("bob").id)
    reply = await start(fake, "bob", {"exam": "CCS", "length": "5"})
    followups = [m for m in fake.bot_messages(fake.channel("quiz-room").id) if m.get("embeds")]
    [msg] = followups
    assert is_ephemeral(msg) and "DMs are closed" in msg["content"] and number(msg) == 1
    assert reply is not None and dm_messages(fake, "bob") == []
    msg = await press(fake, msg, LETTERS[right_index(msg)], "bob")
    assert number(msg) == 2 and is_ephemeral(fake.messages[int(msg["id"])].payload)
    # Lost the message? /exam resume sends the exam again, privately, where it is.
    handle = await fake.invoke_slash("exam", None, subcommand="resume", user="bob", channel="quiz-room")
    await handle.callback(timeout=3.5)

    def shown() -> list[dict]:
        return [m for m in fake.bot_messages(fake.channel("quiz-room").id) if m.get("embeds")]

    await fake.wait_until(lambda: len(shown()) > len(followups), 2, "the exam sent again")
    again = shown()[-1]
    assert again["id"] != msg["id"] and is_ephemeral(again) and number(again) == 2
    assert all(
        r.json.get("allowed_mentions") == {"parse": []}
        for r in fake.requests
        if r.json and "embeds" in r.json
    )
    msg = await press(fake, msg, "Submit", "bob")
    assert "1 of 5 right" in msg["embeds"][0]["description"]


async def test_restart_mid_exam_and_time_out_while_away(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    await start(fake, "carol", {"exam": "CPC", "length": "10"})
    [msg] = dm_messages(fake, "carol")
    for _ in range(2):
        msg = await press(fake, msg, LETTERS[right_index(msg)], "carol")
    bot = await bot_runner.restart()
    assert number(msg) == 3
    msg = await press(fake, msg, LETTERS[right_index(msg)], "carol")  # the old buttons still work
    assert number(msg) == 4 and "3 answered" in footer(msg)

    later = utcnow() + timedelta(hours=2)
    bot_runner.services.exams.clock = lambda: later  # the member (and the bot) came back too late
    await bot.get_cog("Exams").tick()
    notice = dm_messages(fake, "carol")[-1]
    assert (
        notice["content"].startswith("Time is up") and "3 of 10 right" in notice["embeds"][0]["description"]
    )
    await bot.get_cog("Exams").tick()
    assert dm_messages(fake, "carol")[-1]["id"] == notice["id"]  # sent once
    msg = await press(fake, msg, "Next", "carol")  # the question's buttons now show the report
    assert msg["embeds"][0]["title"].startswith("**CPC mock exam: 30%")

"""Question reports end to end: the Report button under a daily and a round reveal opens a form,
the report is stored once per member, moderators list and retire the question (members without
Manage Server are refused), and a retired question is drawn neither for rounds nor for the daily
question of that server again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.fakediscord import Perm

from .helpers import embed_text, is_ephemeral
from .test_quiz_flows import (
    BANKS,
    MANAGER,
    acked,
    buttons,
    daily_now,
    daily_posts,
    post_daily_question,
    question_for,
    slash,
    start_round_alice_answers,
    title,
    wait_titled,
)

# Both flows run on SQLite and on a fresh PostgreSQL database (tests/e2e/conftest.py).
pytestmark = pytest.mark.usefixtures("engine")

ASK = "What is wrong?"


async def report(fake, message: dict, qid: str, user: str, text: str) -> str:
    """``user`` clicks Report under ``message`` and submits ``text``; the bot's private answer."""
    opened = await fake.click(message["id"], f"cc:report:{qid}", user=user)
    cb = await opened.callback(timeout=3.5)
    assert cb.ok and opened.state.modal is not None, cb
    assert qid in opened.state.modal["title"]
    answer = await acked(await fake.submit_modal(opened, {ASK: text}), ephemeral=True)
    return answer["content"]


async def test_report_a_daily_reveal_list_retire_and_never_drawn_again(fake_discord, running_bot):
    fake, services = fake_discord, running_bot.services
    room, post, q, _ = await post_daily_question(fake)
    services.daily.clock = lambda: datetime.now(UTC) + timedelta(days=1)
    assert (await daily_now(fake)).startswith("Posted today's question")
    reveal = await fake.wait_for_message(room.id, lambda m: ", answer: " in title(m), after=int(post["id"]))
    assert [b["label"] for b in buttons(reveal)] == ["Report"]

    first = await report(fake, reveal, q["id"], "alice", "Wrong key: C is right")
    assert first == f"Thanks: your report of {q['id']} was recorded for the moderators."
    again = await report(fake, reveal, q["id"], "alice", "typo in choice B")
    assert again == f"You had already reported {q['id']}; your reason was updated."
    await report(fake, reveal, q["id"], "bob", "@everyone *look* <@&123456789012345678>")

    # a member without Manage Server is refused, and nothing is retired
    assert fake.synced_command("reports")["default_member_permissions"] == str(Perm.MANAGE_GUILD)
    for sub, options in (("list", None), ("retire", {"question_id": q["id"]})):
        refused = await slash(
            fake, "reports", options, subcommand=sub, user="dave", permissions=Perm.MEMBER, ephemeral=True
        )
        assert "Manage Server" in refused["content"]
    assert await services.reports.without_retired(fake.guild_id, [q["id"]]) == [q["id"]]

    listed = await slash(fake, "reports", subcommand="list", user="mona", permissions=MANAGER, ephemeral=True)
    [field] = listed["embeds"][0]["fields"]
    assert field["name"] == f"`{q['id']}`: 2 report(s)"
    assert field["value"].splitlines()[1] == "- typo: in choice B"
    bob_line = field["value"].splitlines()[0]  # newest first; markup and mentions made inert
    assert (
        "@everyone" not in bob_line and "\\*look\\*" in bob_line and "<@&123456789012345678>" not in bob_line
    )

    done = await slash(
        fake, "reports", {"question_id": q["id"]}, subcommand="retire", user="mona", permissions=MANAGER
    )
    assert done["content"].startswith(f"Retired {q['id']}") and is_ephemeral(done)
    listed = await slash(fake, "reports", subcommand="list", user="mona", permissions=MANAGER)
    assert "(retired here)" in embed_text(listed)

    # Leave only q and one other question in rotation: the other is all that is drawn.
    other = next(x["id"] for qs in BANKS.values() for x in qs if x["id"] != q["id"])
    for qs in BANKS.values():
        for x in qs:
            if x["id"] not in (q["id"], other):
                await services.reports.retire(fake.guild_id, x["id"])
    start = await slash(
        fake, "quiz", {"questions": 5, "seconds": 10}, subcommand="start", user="carol", channel="quiz-room"
    )
    assert start["content"].startswith("Quiz starting: 1 question(s)")
    assert question_for(await wait_titled(fake, room.id, "Question 1/1"))["id"] == other
    services.daily.clock = lambda: datetime.now(UTC) + timedelta(days=2)
    assert (await daily_now(fake)).startswith("Posted today's question")
    assert question_for(daily_posts(fake, room.id)[-1])["id"] == other

    restored = await slash(
        fake, "reports", {"question_id": q["id"]}, subcommand="restore", user="mona", permissions=MANAGER
    )
    assert restored["content"].startswith(f"Restored {q['id']}")


async def test_a_round_reveal_carries_the_report_button(fake_discord, running_bot):
    fake = fake_discord
    running_bot.get_cog("Rounds").pause_between = 0
    room, q1_msg, q1, _ = await start_round_alice_answers(fake, questions=1)
    reveal = await wait_titled(fake, room.id, "Answer: ", after=int(q1_msg["id"]), timeout=12)
    assert fake.component_ids(reveal) == [f"cc:report:{q1['id']}"]
    answer = await report(fake, reveal, q1["id"], "alice", "unclear stem")
    assert answer.startswith("Thanks: your report")
    [listed] = await running_bot.services.reports.list_reports(fake.guild_id)
    assert (listed.question_id, listed.reports, listed.reasons) == (q1["id"], 1, ("unclear: stem",))

"""/stats with exam readiness and the area-accuracy chart, end to end: the real bot against the
fake Discord, the chart sent as a PNG file the embed shows as its image."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.practice import ExamAttemptSummary
from tests.fakediscord import EPHEMERAL

from .test_quiz_flows import ROUND_BUTTON, click, fields, question_for, slash, wait_titled

ROUTE_FOLLOWUP = "POST /webhooks/{application_id}/{token}"
AT = datetime(2026, 11, 20, tzinfo=UTC)


class TwoMocks:
    async def attempts(self, user_id: int, exam: str | None = None) -> list[ExamAttemptSummary]:
        return [
            ExamAttemptSummary(n, user_id, "CPC", AT, AT, right, 100, right >= 70, ())
            for n, right in ((1, 64), (2, 78))
        ]


async def answer_cpc_questions(fake, user: str, count: int) -> None:
    """``count`` CPC rounds: ``user`` answers question 1 right with a button, then stops the round."""
    room = fake.channel("quiz-room")
    after = 0
    for _ in range(count):
        await slash(
            fake, "quiz", {"exam": "CPC", "questions": 3, "seconds": 30}, subcommand="start",
            user=user, channel=room.name, ephemeral=False,
        )  # fmt: skip
        msg = await wait_titled(fake, room.id, "Question 1/3", after=after)
        q = question_for(msg)
        rq = ROUND_BUTTON.fullmatch(fake.component_ids(msg)[0]).group(1)
        assert (await click(fake, msg, f"cc:r:{rq}:{q['index']}", user)).startswith("Locked in")
        await slash(fake, "quiz", subcommand="stop", user=user, channel=room.name, ephemeral=False)
        after = max(int(m["id"]) for m in fake.bot_messages(room.id))


async def test_stats_shows_readiness_and_attaches_the_area_chart(fake_discord, bot_runner):
    fake = fake_discord
    await bot_runner.start()
    await answer_cpc_questions(fake, "alice", 3)

    handle = await fake.invoke_slash("stats", user="alice")
    answer = await handle.answer(timeout=15.0)  # the first chart loads matplotlib
    assert int(answer.get("flags", 0)) & EPHEMERAL
    embed = answer["embeds"][0]
    assert embed["title"] == "Stats for alice"
    readiness = fields(embed)["CPC readiness"]
    assert readiness.startswith("Not enough data yet: answer ") and "or take a mock exam" in readiness
    assert embed["image"]["url"] == "attachment://area-accuracy.png"
    assert [a["filename"] for a in answer["attachments"]] == ["area-accuracy.png"]
    sent = [r for r in handle.requests if r.files]
    assert [r.files for r in sent] == [["area-accuracy.png"]]
    assert answer["allowed_mentions"] == {"parse": []}

    # Nobody's exam practice: the card alone, answered at once as before.
    bob = await slash(fake, "stats", user="bob", ephemeral=True)
    assert "No answers yet" in bob["embeds"][0]["description"] and not bob.get("attachments")

    # Mock exams (the exams service's history, wired in by the lead) give a number.
    bot_runner.services.readiness.history = TwoMocks()
    answer = await (await fake.invoke_slash("stats", user="alice")).answer(timeout=15.0)
    readiness = fields(answer["embeds"][0])["CPC readiness"]
    assert readiness.startswith("About **") and "% chance of passing today**" in readiness
    assert "From your last 2 mock exams (64%, 78%)" in readiness  # and the answers in CPC's areas

    # Someone else's stats are shown in the channel: practice only, their mock exams stay private.
    theirs = await (await fake.invoke_slash("stats", {"member": "alice"}, user="bob")).answer(timeout=15.0)
    assert not int(theirs.get("flags", 0)) & EPHEMERAL
    assert fields(theirs["embeds"][0])["CPC readiness"].startswith("Not enough data yet")
    assert "mock exams (" not in str(theirs["embeds"])
    assert [a["filename"] for a in theirs["attachments"]] == ["area-accuracy.png"]


async def test_own_stats_show_the_study_plan_line(fake_discord, bot_runner):
    fake = fake_discord
    await bot_runner.start()
    exam_day = (datetime.now(UTC) + timedelta(days=70)).date().isoformat()
    options = {"exam": "CPC", "date": exam_day, "hours": 8, "timezone": "UTC"}
    await slash(fake, "plan", options, subcommand="set", user="alice", ephemeral=True)
    await answer_cpc_questions(fake, "alice", 1)  # counts towards this week's target

    own = await (await fake.invoke_slash("stats", user="alice")).answer(timeout=15.0)
    line = fields(own["embeds"][0])["Study plan"]
    assert line.startswith("CPC on ") and "70 day(s) to go" in line
    assert "Week 1 of 10: 1 of 120 questions done" in line
    # Someone else's stats (in the channel) leave the plan out.
    theirs = await (await fake.invoke_slash("stats", {"member": "alice"}, user="bob")).answer(timeout=15.0)
    assert "Study plan" not in fields(theirs["embeds"][0])

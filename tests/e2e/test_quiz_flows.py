"""CertCoach's quiz features end to end: the real bot (same factory as ``python -m bot run``) against
the fake Discord. Assertions are on what Discord would have received (messages, embeds, buttons,
ephemeral flags, reactions, edits); the right answers come from the bank YAML files, matched on
the posted stem, never from the bot.

The bot's own clock is only touched where a test needs another day (``services.daily.clock``), and
the pause between round questions is set to 0 through the cog.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.store import is_postgres_url, open_store
from tests.fakediscord import EPHEMERAL, LOADING, Intents, Perm

from .helpers import embed_text, is_ephemeral

# Every flow here runs twice: on SQLite and on a fresh PostgreSQL database (tests/e2e/conftest.py).
pytestmark = pytest.mark.usefixtures("engine")

ROUTE_CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
ROUTE_EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
LETTERS = "ABCDE"
NY = ZoneInfo("America/New_York")
MANAGER = Perm.MEMBER | Perm.MANAGE_GUILD
ROUND_BUTTON = re.compile(r"cc:r:(\d+):(\d)")
DAILY_BUTTON = re.compile(r"cc:d:(\d+):(\d)")


# --------------------------------------------------------------------------- the banks, read independently


def _norm(text: str) -> str:
    return " ".join(str(text).split())


def _load_bank_files() -> dict[str, list[dict]]:
    banks = {}
    for path in sorted(QUIZZES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        banks[data["id"]] = data["questions"]
    return banks


BANKS = _load_bank_files()


def question_for(message: dict) -> dict:
    """The bank question a posted question message shows (matched on stem and choices)."""
    description = _norm(message["embeds"][0]["description"])
    found = []
    for questions in BANKS.values():
        for q in questions:
            choices = " ".join(f"**{LETTERS[i]}**) {_norm(c)}" for i, c in enumerate(q["choices"]))
            if description == f"{_norm(q['stem'])} {choices}":
                found.append(q)
    assert len(found) == 1, f"{len(found)} bank questions match the posted text: {description[:200]!r}"
    q = dict(found[0])
    q["index"] = LETTERS.index(str(q["answer"]).strip().upper())
    return q


# --------------------------------------------------------------------------- helpers


def title(message: dict) -> str:
    embeds = message.get("embeds") or []
    return (embeds[0].get("title") or "") if embeds else ""


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields") or []}


def table_rows(embed: dict) -> list[tuple[str, ...]]:
    """A leaderboard / standings table as (rank, name, points, correct/answered) rows; the name
    is bold (``**name** · points · correct``)."""
    rows = []
    for f in embed.get("fields") or []:
        if f["name"].isdigit():
            m = re.fullmatch(r"\*\*(.*)\*\* · (\d+) · (\d+/\d+)", f["value"])
            assert m, f"unexpected standings row {f['value']!r}"
            rows.append((f["name"], *m.groups()))
    return rows


def share_lines(embed: dict) -> dict[str, tuple[int, int]]:
    """The "Answers (n)" field of a reveal: letter -> (percent, count)."""
    value = next(v for k, v in fields(embed).items() if k.startswith("Answers ("))
    out = {}
    for line in value.splitlines():
        m = re.fullmatch(r"([A-E]) [█░]+ (\d+)% \((\d+)\)", line)
        assert m, f"unexpected share line {line!r}"
        out[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return out


def buttons(message: dict) -> list[dict]:
    return [c for row in message.get("components") or [] for c in row.get("components") or []]


async def acked(handle, *, ephemeral: bool | None = None) -> dict:
    """The visible answer of an interaction, checking it was acknowledged once and in time."""
    cb = await handle.callback(timeout=3.5)
    assert cb.ok, f"callback refused: {cb.status} {cb.response}"
    assert cb.time - handle.state.created < 3.0
    answer = await handle.answer()
    if ephemeral is not None:
        assert is_ephemeral(answer) is ephemeral, answer
    return answer


async def slash(fake, name, options=None, *, ephemeral: bool | None = None, **kw) -> dict:
    return await acked(await fake.invoke_slash(name, options, **kw), ephemeral=ephemeral)


async def click(fake, message: dict, custom_id: str, user: str, *, ephemeral: bool | None = True) -> str:
    answer = await acked(await fake.click(message["id"], custom_id, user=user), ephemeral=ephemeral)
    return answer["content"]


def public_posts(fake, channel_id: int, *, after: int = 0) -> list[dict]:
    """What everyone sees from the bot in a channel (not the private answers to clicks)."""
    return [m for m in fake.bot_messages(channel_id) if not is_ephemeral(m) and int(m["id"]) > after]


def quiz_messages(fake, channel_id: int, prefix: str) -> list[dict]:
    return [m for m in public_posts(fake, channel_id) if title(m).startswith(prefix)]


async def wait_titled(fake, channel_id: int, prefix: str, *, after: int = 0, timeout: float = 2.0) -> dict:
    return await fake.wait_for_message(
        channel_id, lambda m: not is_ephemeral(m) and title(m).startswith(prefix), timeout, after=after
    )


async def expect_no_post(fake, channel_id: int, *, after: int, within: float = 0.3) -> None:
    await asyncio.sleep(within)
    extra = public_posts(fake, channel_id, after=after)
    assert not extra, f"unexpected posts: {[title(m) or m.get('content') for m in extra]}"


async def wait_ticks(fake, bot, n: int = 1, timeout: float = 3.0) -> None:
    """Wait until the daily ticker (started after the start-up recovery) has run ``n`` more full
    iterations. Use with a short ``daily_tick_seconds``: discord.py counts an iteration
    (``current_loop``) after the sleep that follows it."""
    loop = bot.get_cog("Daily").daily_loop
    await fake.wait_until(loop.is_running, timeout, "the daily ticker to start")
    target = loop.current_loop + n + 1
    await fake.wait_until(lambda: loop.current_loop >= target, timeout, f"{n} daily tick(s)")


def next_local(at: str, tz: ZoneInfo, now: datetime) -> datetime:
    """The next HH:MM in ``tz`` after ``now`` (UTC), computed here independently of the bot."""
    hh, mm = map(int, at.split(":"))
    local_now = now.astimezone(tz)
    for offset in range(3):
        day = local_now.date() + timedelta(days=offset)
        candidate = datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz)
        if candidate.astimezone(UTC) > now:
            return candidate.astimezone(UTC)
    raise AssertionError("no next run")


async def setup_daily(fake, channel, at: str | None = None) -> tuple[str, datetime]:
    """/daily setup by a member with Manage Server; returns (HH:MM, next post time from the reply)."""
    at = at or (datetime.now(NY) + timedelta(hours=3)).strftime("%H:%M")
    answer = await slash(
        fake,
        "daily",
        {"channel": channel.id, "time": at, "timezone": "America/New_York"},
        subcommand="setup",
        user="mona",
        permissions=MANAGER,
        ephemeral=True,
    )
    assert f"Daily question set: {at} America/New_York in <#{channel.id}>" in answer["content"]
    m = re.search(r"Next post: <t:(\d+):F>", answer["content"])
    assert m, answer["content"]
    return at, datetime.fromtimestamp(int(m.group(1)), UTC)


async def daily_now(fake, *, user: str = "mona") -> str:
    h = await fake.invoke_slash("daily", subcommand="now", user=user, permissions=MANAGER)
    answer = await acked(h, ephemeral=True)
    assert not int(answer.get("flags", 0)) & LOADING
    return answer["content"]


def daily_posts(fake, channel_id: int) -> list[dict]:
    return quiz_messages(fake, channel_id, "Daily question · ")


# --------------------------------------------------------------------------- 1. a channel round


@pytest.mark.bot_settings(message_content=True)
async def test_channel_quiz_round_buttons_typed_answers_reveals_and_standings(fake_discord, running_bot):
    fake = fake_discord
    assert fake.intents & Intents.MESSAGE_CONTENT, "the bot asked for MESSAGE_CONTENT and the fake granted it"
    running_bot.get_cog("Rounds").pause_between = 0
    room = fake.channel("quiz-room")

    start = await slash(
        fake,
        "quiz",
        {"questions": 2, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel="quiz-room",
        ephemeral=False,
    )
    assert start["content"].startswith("Quiz starting: 2 question(s), 10 s each · certifications.")
    assert "or by typing the letter" in start["content"]

    # question 1: A-D buttons carrying the round question id
    q1_msg = await wait_titled(fake, room.id, "Question 1/2")
    q1_posted = time.monotonic()
    q1 = question_for(q1_msg)
    ids = fake.component_ids(q1_msg)
    assert [b["label"] for b in buttons(q1_msg)] == ["A", "B", "C", "D"]
    matches = [ROUND_BUTTON.fullmatch(c) for c in ids]
    assert all(matches) and len({m.group(1) for m in matches}) == 1, ids
    assert [int(m.group(2)) for m in matches] == [0, 1, 2, 3]
    rq1 = matches[0].group(1)
    assert "type it" in q1_msg["embeds"][0]["footer"]["text"]
    right, wrong = q1["index"], (q1["index"] + 1) % 4

    # member A clicks the right answer: a private "Locked in", no spoiler
    feedback = await click(fake, q1_msg, f"cc:r:{rq1}:{right}", "alice")
    assert feedback == f"Locked in **{LETTERS[right]}**. The answer is revealed when time is up."

    # member B types the wrong letter in the channel: a ✅ reaction (accepted, no spoiler), no reply
    typed = await fake.send_message(LETTERS[wrong].lower(), channel="quiz-room", author="bob")
    assert await fake.wait_for_reaction(typed["id"], "✅") == ["✅"]

    # B types again: the first answer counts (🔁), still no reply
    retyped = await fake.send_message(LETTERS[right], channel="quiz-room", author="bob")
    assert await fake.wait_for_reaction(retyped["id"], "🔁") == ["🔁"]

    # A clicks again: the first answer counts
    again = await click(fake, q1_msg, f"cc:r:{rq1}:{wrong}", "alice")
    assert "already answered" in again and f"You already answered {LETTERS[right]}" in again

    # the reveal comes with the timer (10 s), nothing earlier (nobody had answered before question 1)
    reveal1 = await wait_titled(fake, room.id, "Answer: ", after=int(q1_msg["id"]), timeout=12)
    assert 9.0 <= time.monotonic() - q1_posted <= 11.5
    embed = reveal1["embeds"][0]
    assert embed["title"] == f"Answer: {LETTERS[right]}) {_norm(q1['choices'][right])}"
    assert _norm(embed["description"]) == _norm(q1["explanation"])
    assert fields(embed)["Got it right"] == "alice"
    assert "Answers (2)" in fields(embed)
    shares = share_lines(embed)
    assert shares[LETTERS[right]] == (50, 1) and shares[LETTERS[wrong]] == (50, 1)
    assert sum(c for _, c in shares.values()) == 2
    # buttons removed from question 1 (an edit of that message), before the reveal was posted
    q1_stored = fake.messages[int(q1_msg["id"])]
    assert q1_stored.payload["components"] == []
    edit = next(r for r in fake.requests_to(ROUTE_EDIT) if r.params["message_id"] == q1_msg["id"])
    assert edit.json.get("components") == []

    # question 2: both answer -> early reveal (everyone who took part has answered)
    q2_msg = await wait_titled(fake, room.id, "Question 2/2", after=int(reveal1["id"]), timeout=2)
    q2 = question_for(q2_msg)
    rq2 = ROUND_BUTTON.fullmatch(fake.component_ids(q2_msg)[0]).group(1)
    assert rq2 != rq1
    q2_posted = time.monotonic()
    await click(fake, q2_msg, f"cc:r:{rq2}:{q2['index']}", "alice")
    await expect_no_post(fake, room.id, after=int(q2_msg["id"]), within=0.2)  # bob has not answered yet
    await click(fake, q2_msg, f"cc:r:{rq2}:{q2['index']}", "bob")
    reveal2 = await wait_titled(fake, room.id, "Answer: ", after=int(q2_msg["id"]), timeout=2)
    assert time.monotonic() - q2_posted < 3.0, "no early reveal"
    assert fields(reveal2["embeds"][0])["Got it right"] == "alice, bob"
    assert fake.messages[int(q2_msg["id"])].payload["components"] == []

    standings = await wait_titled(fake, room.id, "Quiz over: final standings", after=int(reveal2["id"]))
    embed = standings["embeds"][0]
    assert embed["description"] == "All questions asked."
    rows = table_rows(embed)
    assert [(r[0], r[1], r[3]) for r in rows] == [("1", "alice", "2/2"), ("2", "bob", "1/2")]
    assert 20 <= int(rows[0][2]) <= 30 and 10 <= int(rows[1][2]) <= 15
    # nothing for the starter, no reply to the typed answer, every message visible in the channel
    assert not any(m.get("message_reference") for m in public_posts(fake, room.id, after=int(typed["id"])))
    await expect_no_post(fake, room.id, after=int(standings["id"]), within=0.1)


async def start_round_alice_answers(fake, *, questions: int):
    """carol starts a round of certifications questions in #quiz-room; alice answers question 1
    right. Returns (room, question 1 message, its bank entry, its round question id)."""
    room = fake.channel("quiz-room")
    await slash(
        fake,
        "quiz",
        {"questions": questions, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel="quiz-room",
        ephemeral=False,
    )
    q1_msg = await wait_titled(fake, room.id, f"Question 1/{questions}")
    q1 = question_for(q1_msg)
    rq1 = ROUND_BUTTON.fullmatch(fake.component_ids(q1_msg)[0]).group(1)
    await click(fake, q1_msg, f"cc:r:{rq1}:{q1['index']}", "alice")
    return room, q1_msg, q1, rq1


# --------------------------------------------------------------------------- 2. /quiz stop


async def test_quiz_stop_by_starter_refused_for_others_and_late_click(fake_discord, running_bot):
    fake = fake_discord
    room, q1_msg, q1, rq1 = await start_round_alice_answers(fake, questions=3)
    # dave's client still shows the buttons: his click will arrive after the stop
    stale = fake.prepare_click(q1_msg["id"], f"cc:r:{rq1}:{q1['index']}", user="dave")

    # neither the starter nor a moderator: refused privately, the round goes on
    refused = await slash(fake, "quiz", subcommand="stop", user="bob", channel="quiz-room", ephemeral=True)
    assert refused["content"] == "Only the member who started this quiz or a moderator can stop it."
    assert buttons(fake.messages[int(q1_msg["id"])].payload), "buttons removed although the stop was refused"

    # the starter stops it: the open question is revealed, then the final standings
    stopped = await slash(fake, "quiz", subcommand="stop", user="carol", channel="quiz-room", ephemeral=False)
    reveal, final = stopped["embeds"]
    assert reveal["title"] == f"Answer: {LETTERS[q1['index']]}) {_norm(q1['choices'][q1['index']])}"
    assert fake.component_ids(stopped) == [f"cc:report:{q1['id']}"]  # the reveal's Report button
    assert fields(reveal)["Got it right"] == "alice"
    assert final["title"] == "Quiz over: final standings"
    assert final["description"] == "Stopped by the starter or a moderator."
    assert [(r[0], r[1], r[3]) for r in table_rows(final)] == [("1", "alice", "1/1")]
    assert fake.messages[int(q1_msg["id"])].payload["components"] == []

    # the stale click: too late, nothing recorded
    (late,) = await fake.fire([stale])
    too_late = await acked(late, ephemeral=True)
    assert too_late["content"].startswith("Too late")
    await expect_no_post(fake, room.id, after=int(stopped["id"]), within=0.3)  # no question 2

    # a moderator may stop someone else's round; stopping when nothing runs is a private notice
    await slash(
        fake,
        "quiz",
        {"questions": 2, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel="quiz-room",
        ephemeral=False,
    )
    await wait_titled(fake, room.id, "Question 1/2", after=int(stopped["id"]))
    by_mod = await slash(
        fake,
        "quiz",
        subcommand="stop",
        user="erin",
        channel="quiz-room",
        permissions=Perm.MEMBER | Perm.MANAGE_MESSAGES,
        ephemeral=False,
    )
    assert by_mod["embeds"][-1]["description"].startswith("Stopped by the starter or a moderator.")
    nothing = await slash(fake, "quiz", subcommand="stop", user="carol", channel="quiz-room", ephemeral=True)
    assert nothing["content"] == "No quiz is running in this channel."


async def test_round_survives_a_restart(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    room, q1_msg, q1, rq1 = await start_round_alice_answers(fake, questions=2)

    bot = await bot_runner.restart()
    await fake.wait_until(lambda: bot.get_cog("Rounds").round_running(room.id), 2, "the round to resume")
    await expect_no_post(fake, room.id, after=int(q1_msg["id"]), within=0.2)  # question 1 is not posted again
    # the old buttons still work, and the answer from before the restart stands
    assert (await click(fake, q1_msg, f"cc:r:{rq1}:{q1['index']}", "bob")).startswith("Locked in")
    assert "already answered" in await click(fake, q1_msg, f"cc:r:{rq1}:0", "alice")
    stopped = await slash(fake, "quiz", subcommand="stop", user="carol", channel="quiz-room", ephemeral=False)
    reveal, final = stopped["embeds"]
    assert fields(reveal)["Got it right"] == "alice, bob"
    assert sorted(r[1] for r in table_rows(final)) == ["alice", "bob"]
    assert fake.messages[int(q1_msg["id"])].payload["components"] == []


# --------------------------------------------------------------------------- 3. one round per channel, banks


async def test_second_start_refused_and_banks_listed(fake_discord, running_bot):
    fake = fake_discord
    first = await slash(
        fake,
        "quiz",
        {"questions": 2, "seconds": 30, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel="quiz-room",
        ephemeral=False,
    )
    assert first["content"].startswith("Quiz starting")
    second = await slash(
        fake, "quiz", {"questions": 5}, subcommand="start", user="bob", channel="quiz-room", ephemeral=True
    )
    assert second["content"].startswith("A quiz is already running in this channel.")
    # another channel is independent
    other = await slash(
        fake,
        "quiz",
        {"questions": 1, "seconds": 30},
        subcommand="start",
        user="bob",
        channel="general",
        ephemeral=False,
    )
    assert other["content"].startswith("Quiz starting: 1 question(s), 30 s each")
    await wait_titled(fake, fake.channel("quiz-room").id, "Question 1/2")
    await wait_titled(fake, fake.channel("general").id, "Question 1/1")
    assert len(quiz_messages(fake, fake.channel("quiz-room").id, "Question ")) == 1

    banks = await slash(fake, "quiz", subcommand="banks", user="dave", ephemeral=True)
    embed = banks["embeds"][0]
    total = sum(len(q) for q in BANKS.values())
    assert embed["title"] == "Question banks"
    # The written banks, and the ICD-10-CM drills generated from the tabular, listed last.
    assert embed["description"] == f"{len(BANKS) + 1} banks, {total} written questions."
    names = [f["name"] for f in embed["fields"]]
    for bank_id, questions in BANKS.items():
        assert any(f"(`{bank_id}`, {len(questions)})" in n for n in names), (bank_id, names)
    assert len(names) == len(BANKS) + 1 and "(`icd10cm-drills`, " in names[-1]


# --------------------------------------------------------------------------- 4. the daily question


@pytest.mark.bot_settings(daily_tick_seconds=0.02)
async def test_daily_setup_post_answers_and_restart(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    room = fake.channel("quiz-room")
    at = (datetime.now(NY) + timedelta(hours=3)).strftime("%H:%M")

    # the command is hidden from non-managers by default, and the bot checks it itself as well
    synced = fake.synced_command("daily")
    assert synced["default_member_permissions"] == str(Perm.MANAGE_GUILD)
    for sub, options in (
        ("setup", {"channel": room.id, "time": at, "timezone": "America/New_York"}),
        ("now", None),
    ):
        refused = await slash(
            fake, "daily", options, subcommand=sub, user="bob", permissions=Perm.MEMBER, ephemeral=True
        )
        assert "Manage Server" in refused["content"]
    assert not daily_posts(fake, room.id)

    expected = next_local(at, NY, datetime.now(UTC))
    _, next_post = await setup_daily(fake, room, at)
    assert next_post == expected.replace(second=0, microsecond=0)

    posted = await daily_now(fake)
    assert posted == f"Posted today's question in <#{room.id}>."
    (post,) = daily_posts(fake, room.id)
    assert title(post) == f"Daily question · {datetime.now(NY).date().isoformat()}"
    assert not is_ephemeral(post)
    q = question_for(post)
    ids = fake.component_ids(post)
    matches = [DAILY_BUTTON.fullmatch(c) for c in ids]
    assert all(matches) and len({m.group(1) for m in matches}) == 1, ids
    assert [int(m.group(2)) for m in matches] == list(range(len(q["choices"])))
    post_id = matches[0].group(1)
    right, wrong = q["index"], (q["index"] + 1) % len(q["choices"])

    ok = await click(fake, post, f"cc:d:{post_id}:{right}", "bob")
    assert ok.startswith(f"**{LETTERS[right]}** is correct! +15 points.")
    assert _norm(q["explanation"]) in _norm(ok)
    assert "Daily streak: 1 answered in a row (best 1); 1 right in a row (best 1)." in ok
    no = await click(fake, post, f"cc:d:{post_id}:{wrong}", "carol")
    assert no.startswith(f"**{LETTERS[wrong]}** is not right; the answer is **{LETTERS[right]}**.")
    assert _norm(q["explanation"]) in _norm(no)
    assert "Daily streak: 1 answered in a row (best 1); 0 right in a row" in no
    twice = await click(fake, post, f"cc:d:{post_id}:{wrong}", "bob")
    assert twice.startswith(f"You already answered **{LETTERS[right]}** today; your first answer counts.")

    assert await daily_now(fake) == "Today's daily question is already posted."
    assert len(daily_posts(fake, room.id)) == 1

    # restart: a fresh bot on the same database and the same fake Discord
    old_bot = running_bot
    bot = await bot_runner.restart()
    assert bot is not old_bot and old_bot.is_closed()
    assert len(fake.identifies) == 2
    await wait_ticks(fake, bot, 2)  # start-up recovery done, and the daily ticker ran
    assert len(daily_posts(fake, room.id)) == 1, "the daily question was posted again after the restart"
    assert not quiz_messages(fake, room.id, "Daily question 2"), "revealed at start-up"

    # the old message's buttons still work (DynamicItem), and the answers before the restart stand
    after = await click(fake, post, f"cc:d:{post_id}:{right}", "dave")
    assert after.startswith(f"**{LETTERS[right]}** is correct!")
    again = await click(fake, post, f"cc:d:{post_id}:{right}", "bob")
    assert again.startswith(f"You already answered **{LETTERS[right]}** today")
    board = await slash(fake, "leaderboard", {"period": "all", "kind": "daily"}, user="dave", ephemeral=False)
    rows = {r[1]: r for r in table_rows(board["embeds"][0])}
    assert set(rows) == {"bob", "carol", "dave"}
    assert rows["bob"][3] == "1/1" and rows["dave"][3] == "1/1" and rows["carol"][3] == "0/1"
    assert rows["carol"][2] == "0"
    assert len(daily_posts(fake, room.id)) == 1


@pytest.mark.bot_settings(daily_tick_seconds=0.02)
async def test_daily_ticker_posts_on_schedule_and_reveals_the_day_before(fake_discord, running_bot):
    fake = fake_discord
    room = fake.channel("quiz-room")
    svc = running_bot.services.daily
    _, next_post = await setup_daily(fake, room, "09:00")
    await wait_ticks(fake, running_bot, 3)
    assert not daily_posts(fake, room.id), "posted before its time"

    # the clock reaches 09:00 New York: exactly one post
    svc.clock = lambda: next_post + timedelta(seconds=30)
    day1 = next_post.astimezone(NY).date()
    post1 = await wait_titled(fake, room.id, f"Daily question · {day1.isoformat()}")
    await wait_ticks(fake, running_bot, 5)
    assert len(daily_posts(fake, room.id)) == 1
    q = question_for(post1)
    post_id = DAILY_BUTTON.fullmatch(fake.component_ids(post1)[0]).group(1)
    await click(fake, post1, f"cc:d:{post_id}:{q['index']}", "alice")
    await click(fake, post1, f"cc:d:{post_id}:{(q['index'] + 1) % len(q['choices'])}", "bob")

    stale = fake.prepare_click(post1["id"], f"cc:d:{post_id}:0", user="carol")  # clicked as it closes

    # the next day: the new question is posted and the day before is revealed
    svc.clock = lambda: next_post + timedelta(days=1, seconds=30)
    day2 = day1 + timedelta(days=1)
    post2 = await wait_titled(fake, room.id, f"Daily question · {day2.isoformat()}", after=int(post1["id"]))
    reveal = await wait_titled(
        fake, room.id, f"Daily question {day1.isoformat()}, answer: ", after=int(post1["id"])
    )
    embed = reveal["embeds"][0]
    assert embed["title"].endswith(f"answer: {LETTERS[q['index']]}) {_norm(q['choices'][q['index']])}")
    assert _norm(embed["description"]) == _norm(q["explanation"])
    assert fields(embed)["Got it right"] == "alice"
    assert "Answers (2)" in fields(embed)
    assert fake.messages[int(post1["id"])].payload["components"] == []
    assert buttons(post2), "the new question has its buttons"
    assert question_for(post2)["id"] != q["id"]
    await wait_ticks(fake, running_bot, 5)
    assert len(daily_posts(fake, room.id)) == 2
    assert len(quiz_messages(fake, room.id, "Daily question 2")) == 1  # one reveal
    # the day before is closed to answers
    (h,) = await fake.fire([stale])
    assert (await acked(h, ephemeral=True))["content"].startswith("This daily question is closed")


# --------------------------------------------------------------------------- 5. leaderboard and stats


async def _answer_one_round(fake, room, user: str, correct: bool, *, after: int) -> tuple[dict, dict]:
    """Start a round, ``user`` answers question 1 with a button, the starter stops it.
    Returns (the standings embed, the question)."""
    await slash(
        fake,
        "quiz",
        {"questions": 3, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel=room.name,
        ephemeral=False,
    )
    msg = await wait_titled(fake, room.id, "Question 1/3", after=after)
    q = question_for(msg)
    rq = ROUND_BUTTON.fullmatch(fake.component_ids(msg)[0]).group(1)
    choice = q["index"] if correct else (q["index"] + 1) % 4
    assert (await click(fake, msg, f"cc:r:{rq}:{choice}", user)).startswith("Locked in")
    stopped = await slash(fake, "quiz", subcommand="stop", user="carol", channel=room.name, ephemeral=False)
    return stopped["embeds"][-1], q


async def test_leaderboard_and_stats_after_answers(fake_discord, running_bot):
    fake = fake_discord
    room = fake.channel("quiz-room")
    empty = await slash(fake, "stats", user="alice", ephemeral=True)
    assert "No answers yet" in embed_text(empty)

    points = {"alice": 0, "bob": 0}
    after = 0
    for user, correct in (("alice", True), ("alice", True), ("bob", True), ("alice", False)):
        standings, _ = await _answer_one_round(fake, room, user, correct, after=after)
        (row,) = table_rows(standings)
        assert row[1] == user and row[3] == ("1/1" if correct else "0/1")
        points[user] += int(row[2])
        after = max(int(m["id"]) for m in fake.bot_messages(room.id))
    assert points["alice"] >= 20 and points["bob"] >= 10

    board = await slash(fake, "leaderboard", user="dave", ephemeral=False)  # this week, everything
    embed = board["embeds"][0]
    assert embed["title"] == "Leaderboard"
    rows = table_rows(embed)
    assert [(r[1], int(r[2]), r[3]) for r in rows] == [
        ("alice", points["alice"], "2/3"),
        ("bob", points["bob"], "1/1"),
    ]
    assert [r[0] for r in rows] == ["1", "2"]
    daily_only = await slash(fake, "leaderboard", {"kind": "daily"}, user="dave")
    assert not table_rows(daily_only["embeds"][0]) and "Nobody has answered yet" in embed_text(daily_only)

    mine = await slash(fake, "stats", user="alice", ephemeral=True)
    embed = mine["embeds"][0]
    assert embed["title"] == "Stats for alice"
    assert embed["description"].startswith(f"Answered 3, correct 2 (67%), {points['alice']} points.")
    assert fields(embed)["Study next"] == ("Your weakest area is **Credentials and careers** (67% of 3).")
    bobs = await slash(fake, "stats", user="bob", ephemeral=True)
    assert bobs["embeds"][0]["description"].startswith(
        f"Answered 1, correct 1 (100%), {points['bob']} points."
    )
    assert "Study next" not in fields(bobs["embeds"][0])
    assert "Answer at least 3 questions in an area" in bobs["embeds"][0]["footer"]["text"]
    # someone else's stats are shown in the channel
    theirs = await slash(fake, "stats", {"member": "alice"}, user="bob", ephemeral=False)
    assert theirs["embeds"][0]["title"] == "Stats for alice"


# --------------------------------------------------------------------------- 6. ask channels


@pytest.mark.bot_settings(message_content=True)
async def test_config_ask_channel_answers_plain_questions(fake_discord, running_bot):
    fake = fake_discord
    help_room = fake.channel("study-help")
    question = "how many CEUs for the CPC?"
    before = await fake.send_message(question, channel="study-help", author="dave")
    await fake.expect_no_message(help_room.id, after=int(before["id"]), within=0.2)

    refused = await slash(
        fake,
        "config",
        {"channel": help_room.id},
        subcommand="ask-channel",
        user="bob",
        permissions=Perm.MEMBER,
        ephemeral=True,
    )
    assert "Manage Server" in refused["content"]
    assert fake.synced_command("config")["default_member_permissions"] == str(Perm.MANAGE_GUILD)
    ignored = await fake.send_message(question, channel="study-help", author="dave")
    await fake.expect_no_message(help_room.id, after=int(ignored["id"]), within=0.2)

    done = await slash(
        fake,
        "config",
        {"channel": help_room.id},
        subcommand="ask-channel",
        user="mona",
        permissions=MANAGER,
        ephemeral=True,
    )
    assert done["content"] == f"I will answer every question in <#{help_room.id}>."  # no intent warning

    asked = await fake.send_message(question, channel="study-help", author="dave")
    reply = await fake.wait_for_reply(asked)
    assert reply["message_reference"]["message_id"] == asked["id"]
    assert "36" in embed_text(reply)
    assert fake.messages[int(reply["id"])].request.json["allowed_mentions"]["parse"] == []

    for chat in ("thanks everyone, see you tomorrow!", "haha nice one", "anyone up for lunch?"):
        sent = await fake.send_message(chat, channel="study-help", author="erin")
        await fake.expect_no_message(help_room.id, after=int(sent["id"]), within=0.15)
    elsewhere = await fake.send_message(question, channel="general", author="dave")
    await fake.expect_no_message(fake.channel("general").id, after=int(elsewhere["id"]), within=0.2)

    off = await slash(
        fake,
        "config",
        {"channel": help_room.id, "enabled": False},
        subcommand="ask-channel",
        user="mona",
        permissions=MANAGER,
        ephemeral=True,
    )
    assert off["content"] == f"I no longer answer every question in <#{help_room.id}>."
    quiet = await fake.send_message(question, channel="study-help", author="dave")
    await fake.expect_no_message(help_room.id, after=int(quiet["id"]), within=0.2)


@pytest.mark.bot_settings(message_content=True)
async def test_ask_channel_ignores_small_talk(fake_discord, running_bot):
    fake = fake_discord
    help_room = fake.channel("study-help")
    await slash(
        fake,
        "config",
        {"channel": help_room.id},
        subcommand="ask-channel",
        user="mona",
        permissions=MANAGER,
        ephemeral=True,
    )
    for chat in ("good night everyone", "what a day"):
        sent = await fake.send_message(chat, channel="study-help", author="erin")
        await fake.expect_no_message(help_room.id, after=int(sent["id"]), within=0.15)


async def post_daily_question(fake):
    """Set up the daily question in #quiz-room and post today's. Returns (room, the posted
    message, its bank entry, the daily post id in its buttons)."""
    room = fake.channel("quiz-room")
    await setup_daily(fake, room)
    await daily_now(fake)
    (post,) = daily_posts(fake, room.id)
    q = question_for(post)
    post_id = DAILY_BUTTON.fullmatch(fake.component_ids(post)[0]).group(1)
    return room, post, q, post_id


# --------------------------------------------------------------------------- 7. concurrency


async def test_fifty_members_click_the_daily_question_at_once(fake_discord, running_bot):
    fake = fake_discord
    room, post, q, post_id = await post_daily_question(fake)
    n = len(q["choices"])
    members = [f"member{i:02d}" for i in range(50)]
    choice_of = {m: i % n for i, m in enumerate(members)}

    handles = await asyncio.gather(
        *(fake.click(post["id"], f"cc:d:{post_id}:{choice_of[m]}", user=m) for m in members)
    )
    answers = await asyncio.gather(*(acked(h, ephemeral=True) for h in handles))
    for m, h, answer in zip(members, handles, answers, strict=True):
        assert len(h.state.callbacks) == 1, f"{m}: acknowledged {len(h.state.callbacks)} times"
        expected = "is correct!" if choice_of[m] == q["index"] else "is not right"
        assert f"**{LETTERS[choice_of[m]]}** {expected}" in answer["content"], (m, answer["content"])
        assert "Daily streak: 1 answered in a row" in answer["content"]

    # every answer was recorded: tomorrow's post reveals today's with all 50 answers
    svc = running_bot.services.daily
    svc.clock = lambda: datetime.now(UTC) + timedelta(days=1)
    assert (await daily_now(fake)).startswith("Posted today's question")
    reveal = await fake.wait_for_message(room.id, lambda m: ", answer: " in title(m), after=int(post["id"]))
    embed = reveal["embeds"][0]
    assert "Answers (50)" in fields(embed)
    shares = share_lines(embed)
    for i in range(n):
        assert shares[LETTERS[i]][1] == sum(1 for m in members if choice_of[m] == i)
    right = [m for m in members if choice_of[m] == q["index"]]
    assert len(right) <= 15  # all named (the card names 15 at most)
    assert sorted(fields(embed)["Got it right"].split(", ")) == right
    board = await slash(fake, "leaderboard", {"period": "all", "kind": "daily"}, user="dave")
    assert all(r[3] == "1/1" and r[2] == "15" for r in table_rows(board["embeds"][0]))
    assert len(table_rows(board["embeds"][0])) == 10
    some = await slash(fake, "stats", user="member07", ephemeral=True)
    assert some["embeds"][0]["description"].startswith("Answered 1, correct ")


async def test_slow_answer_is_acknowledged_first_then_answered(fake_discord, running_bot):
    """When recording an answer is slow (a burst queues on the database), the bot acknowledges the
    click before Discord's 3-second deadline and answers in the (private) followup."""
    fake = fake_discord
    _room, post, q, post_id = await post_daily_question(fake)
    svc = running_bot.services.daily
    real = svc.answer_daily

    async def slow(*args, **kwargs):
        await asyncio.sleep(1.5)
        return await real(*args, **kwargs)

    svc.answer_daily = slow
    h = await fake.click(post["id"], f"cc:d:{post_id}:{q['index']}", user="alice")
    cb = await h.callback(timeout=3.5)
    assert cb.ok and cb.json["type"] == 5 and cb.json["data"]["flags"] & EPHEMERAL
    assert cb.time - h.state.created < 2.0
    answer = await h.answer(timeout=3)
    assert is_ephemeral(answer) and not int(answer["flags"]) & LOADING
    assert answer["content"].startswith(f"**{LETTERS[q['index']]}** is correct!")
    assert len(h.state.callbacks) == 1


async def test_the_bot_keeps_its_data_in_the_database_of_the_engine(
    engine, fake_discord, bot_runner, running_bot
):
    """This module's PostgreSQL runs really run on PostgreSQL: CERTCOACH_DB is a URL there, and
    what the bot records through Discord is in that database."""
    location = bot_runner.settings.db_path
    assert is_postgres_url(location) == (engine == "postgres")
    room = fake_discord.channel("quiz-room")
    await setup_daily(fake_discord, room)
    store = await open_store(location)
    try:
        settings = (await store.transfer.dump())["guild_settings"]
    finally:
        await store.close()
    assert [(row["guild_id"], row["daily_channel_id"]) for row in settings] == [
        (fake_discord.guild_id, room.id)
    ]

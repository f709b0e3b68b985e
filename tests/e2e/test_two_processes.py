"""Two real bot processes (``python -m bot run``) on one PostgreSQL database and one fake Discord.

Both processes hold the same shard (two instances): the fake delivers each interaction and
message of the guild to exactly one of them (seeded, see tests/fakediscord/sessions.py), so a
burst is split between them and either may serve any member. What must hold (issue 12):

* a daily question is posted exactly once per guild per day while both processes tick;
* every answer of a 500-click burst split across both is recorded once, and acknowledged;
* streaks and leaderboards read the same from either process as from one process alone;
* killing one process mid-round loses no acknowledged answer, and the other finishes the round.

These tests start two or three bot processes each (marked ``multiprocess``; 2-5 s each on a
two-core machine, the killed-process one longer: it waits for the survivor's takeover):
``pytest -m "not multiprocess"`` leaves them out.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.cards.stats import streak_line
from tests.fakediscord import FakeDiscord, FakeUser, Perm
from tests.fakediscord.server import InteractionState

from .multiproc import (
    DAILY_BUTTON,
    ROUND_BUTTON,
    Cluster,
    buttons,
    make_daily_due,
    new_database,
    posted_keys,
    schedule_daily_later,
    visible,
)

pytestmark = pytest.mark.multiprocess

DELIVERY_SEED = 20261128
BURST = 500
MANAGER = Perm.MEMBER | Perm.MANAGE_GUILD
TAKEOVER_TIMEOUT = 60.0  # seconds for the survivor to notice a dead holder and go on with its round


@pytest.fixture
async def cluster(pg_server):
    fake = FakeDiscord(heartbeat_interval_ms=500, multi_session=True, delivery_seed=DELIVERY_SEED)
    await fake.start()
    cluster = Cluster(fake, await new_database(pg_server), env={"CERTCOACH_DAILY_TICK": "0.2"})
    try:
        yield cluster
    finally:
        await cluster.close()
        await fake.stop()
    fake.check()


def no_errors(cluster: Cluster, *, except_killed: str | None = None) -> None:
    errors = {name: lines for name, lines in cluster.error_lines().items() if name != except_killed}
    assert not errors, f"ERROR lines in the bots' output: {errors}"


def counted_answer(fake: FakeDiscord, st: InteractionState) -> bool:
    """The member was told their answer counted (right or wrong), not that it came too late."""
    text = visible(fake.answer_of(st.id) or {})
    verdicts = ("correct", "not right", "Locked in")  # daily: right or wrong; round: locked in
    return any(v in text for v in verdicts) and "already answered" not in text


def question_id(custom_id: str) -> int:
    """The round question an answer button answers (``cc:r:<id>:<choice>``)."""
    match = ROUND_BUTTON.fullmatch(custom_id)
    assert match is not None, custom_id
    return int(match.group(1))


async def settle(fake: FakeDiscord, states: list[InteractionState], timeout: float) -> None:
    """Wait until every interaction was acknowledged and got its visible answer."""
    await fake.wait_until(
        lambda: all(st.callbacks and fake.answer_of(st.id) is not None for st in states),
        timeout,
        f"{len(states)} interactions acknowledged and answered",
    )


# --------------------------------------------------------------------------- (a) the daily post


async def test_each_guild_gets_one_daily_question_while_two_processes_tick(cluster):
    fake = cluster.fake
    guilds = [(fake.guild_id, fake.channel("quiz-room").id)]
    for i in range(5):
        gid = fake.add_guild(f"Study group {i}", channels=("daily",)).id
        guilds.append((gid, fake.guild_channels(gid)[0].id))
    a = await cluster.launch("A", CERTCOACH_DAILY_TICK="0.1")
    b = await cluster.launch("B", CERTCOACH_DAILY_TICK="0.1")
    assert {a.session.session_id, b.session.session_id} == {s.session_id for s in fake.sessions.values()}

    # Every guild's run becomes due at once: both tickers find all of them due.
    services = await cluster.open_services()
    now = datetime.now(UTC)
    for gid, cid in guilds:
        await make_daily_due(services, gid, cid, now)

    def all_posted() -> bool:
        return all(any(k.startswith("daily-question:") for k in posted_keys(fake, cid)) for _, cid in guilds)

    await fake.wait_until(all_posted, 60, "a daily question in every guild")
    await asyncio.sleep(3)  # both keep ticking (every 0.1 s): nothing more may appear

    for gid, cid in guilds:
        messages = fake.bot_messages(cid)
        assert len(messages) == 1, f"guild {gid}: {len(messages)} messages: {[visible(m) for m in messages]}"
        assert "Daily question" in visible(messages[0])
    rows = await cluster.query("SELECT guild_id, local_date, message_id FROM daily_posts")
    assert sorted(r["guild_id"] for r in rows) == sorted(gid for gid, _ in guilds)
    posted = {int(fake.bot_messages(cid)[0]["id"]) for _, cid in guilds}
    assert {r["message_id"] for r in rows} == posted  # each post knows its one message
    assert all(m.process.proc.returncode is None for m in cluster.members)
    no_errors(cluster)


# --------------------------------------------------------------------------- (b) a burst of clicks


async def test_burst_of_500_clicks_split_across_two_processes_is_recorded_once(cluster):
    fake = cluster.fake
    # Correctness here, not latency (benchmarks/bench_load.py measures that): a generous deadline
    # so that a slow moment of this shared machine cannot fail an acknowledgement.
    fake.ack_deadline = 30.0
    channel = fake.channel("quiz-room")
    a = await cluster.launch("A")
    b = await cluster.launch("B")
    services = await cluster.open_services()
    await make_daily_due(services, fake.guild_id, channel.id, datetime.now(UTC))
    found = await fake.wait_until(
        lambda: buttons(fake, channel.id, DAILY_BUTTON) or None, 30, "the daily question"
    )
    message_id = found[0][0]
    post_id = int(DAILY_BUTTON.fullmatch(found[0][1]).group(1))  # type: ignore[union-attr]
    custom_ids = [c for _, c in found]

    users = [fake.user(FakeUser(fake.snowflake(), f"burst{i}")) for i in range(BURST)]
    states = [
        fake.prepare_click(message_id, custom_ids[i % len(custom_ids)], user=u) for i, u in enumerate(users)
    ]
    await fake.fire(states)
    await settle(fake, states, 120)

    split = Counter(st.session_id for st in states)
    assert split[a.session.session_id] + split[b.session.session_id] == BURST
    assert min(split[a.session.session_id], split[b.session.session_id]) > BURST // 4, split
    for st in states:
        first = st.callbacks[0]
        assert first.ok, f"click {st.id} (to {st.session_id}) not acknowledged: {first!r}"
        text = visible(fake.answer_of(st.id) or {})
        assert "already answered" not in text and "couldn't record" not in text, text
        assert counted_answer(fake, st), text

    rows = await cluster.query(
        "SELECT user_id, COUNT(*) AS n FROM answers WHERE daily_post_id = $1 GROUP BY user_id", post_id
    )
    assert {r["user_id"]: r["n"] for r in rows} == {u.id: 1 for u in users}
    no_errors(cluster)


# --------------------------------------------------------------------------- (c) the same scores


async def seed_history(cluster: Cluster, channel_id: int, people: dict[str, FakeUser]) -> None:
    """Three earlier days of daily questions (posted, answered by some, revealed), through the
    app's own services with their dates: streaks then differ from member to member."""
    services = await cluster.open_services()
    guild = cluster.fake.guild_id
    now = datetime.now(UTC)
    answered = {  # member -> (days ago, right?) they answered
        "ann": [(3, True), (2, True), (1, True)],
        "ben": [(3, True), (1, False)],
        "cat": [(1, True)],
        "dan": [],
    }
    await schedule_daily_later(services, guild, channel_id, now - timedelta(days=4))
    for days_ago in (3, 2, 1):
        day = now - timedelta(days=days_ago)
        post = await services.daily.create_daily_post(guild, now=day)
        assert post is not None
        for name, days in answered.items():
            for ago, right in days:
                if ago == days_ago:
                    q = post.question
                    choice = q.answer if right else (q.answer + 1) % len(q.choices)
                    user = people[name]
                    at = day + timedelta(minutes=5)
                    await services.daily.answer_daily(post.id, user.id, user.username, choice, now=at)
        await services.daily.reveal_daily(post.id, now=day + timedelta(hours=23))
    await schedule_daily_later(services, guild, channel_id, now)


async def read_scores(fake: FakeDiscord, people: dict[str, FakeUser]) -> dict[str, str]:
    """/stats of every member and /leaderboard all, as members read them."""
    out = {}
    for name, user in people.items():
        h = await fake.invoke_slash("stats", user=user)
        out[f"stats {name}"] = visible(await h.answer(timeout=20))
    h = await fake.invoke_slash("leaderboard", {"period": "all"}, user=people["ann"])
    out["leaderboard"] = visible(await h.answer(timeout=20))
    return out


async def test_streaks_and_leaderboard_read_the_same_from_either_process_as_from_one(cluster):
    fake = cluster.fake
    channel = fake.channel("quiz-room")
    people = {name: fake.user(name) for name in ("ann", "ben", "cat", "dan")}
    await seed_history(cluster, channel.id, people)
    a = await cluster.launch("A")
    b = await cluster.launch("B")

    # Each process answers /stats once before today's question (whatever it keeps warms up).
    before = {}
    for member in (a, b):
        with fake.deliver_only(member.session):
            before[member.name] = await read_scores(fake, people)
    assert before["A"] == before["B"]

    with fake.deliver_only(a.session):
        h = await fake.invoke_slash("daily", subcommand="now", user="mona", permissions=MANAGER)
        await h.answer(timeout=20)
    found = await fake.wait_until(
        lambda: buttons(fake, channel.id, DAILY_BUTTON) or None, 20, "today's question"
    )
    today = await (await cluster.open_services()).daily.get_daily_post(
        int(DAILY_BUTTON.fullmatch(found[0][1]).group(1))  # type: ignore[union-attr]
    )
    right = today.question.answer
    picks = {"ann": right, "ben": right, "cat": (right + 1) % len(today.question.choices), "dan": right}
    # Today's answers alternate between the processes: each records some, reads the others'.
    for i, (name, choice) in enumerate(picks.items()):
        with fake.deliver_only((a, b)[i % 2].session):
            click = await fake.click(found[0][0], f"cc:d:{today.id}:{choice}", user=people[name])
            assert "already answered" not in visible(await click.answer(timeout=20))

    two = {}
    for member in (a, b):
        with fake.deliver_only(member.session):
            two[member.name] = await read_scores(fake, people)
    assert two["A"] == two["B"]

    # The same data read by one process alone, started afresh (nothing kept from before).
    await a.stop()
    await b.stop()
    alone = await cluster.launch("C")
    assert await read_scores(fake, people) == two["A"]
    assert alone.process.proc.returncode is None

    # And it is what the app's services compute on the database (ann: 4 days in a row).
    services = await cluster.open_services()
    for name, user in people.items():
        streaks = await services.stats.streaks(fake.guild_id, user.id)
        assert streak_line(streaks) in two["A"][f"stats {name}"]
    assert (await services.stats.streaks(fake.guild_id, people["ann"].id)).current == 4
    board = await services.stats.leaderboard(fake.guild_id, "all", "all")
    text = two["A"]["leaderboard"]
    positions = [text.index(s.name) for s in board]
    assert len(board) == 4 and positions == sorted(positions), text
    no_errors(cluster)


# --------------------------------------------------------------------------- (d) a process dies


async def test_killing_one_process_mid_round_loses_nothing_and_the_other_finishes_it(cluster):
    fake = cluster.fake
    fake.ack_deadline = 30.0  # correctness, not latency
    channel = fake.channel("quiz-room")
    # Short leases: the survivor may take over a dead holder's round two seconds after its last renewal.
    cluster.env["CERTCOACH_LEASE_SECONDS"] = "2"
    a = await cluster.launch("A")
    b = await cluster.launch("B")
    with fake.deliver_only(a.session):  # A starts (and so holds) the round
        h = await fake.invoke_slash(
            "quiz", {"questions": 3, "seconds": 10}, subcommand="start", user="ann", channel=channel
        )
        assert "quiz" in visible(await h.answer(timeout=20)).lower()
    first = await fake.wait_until(lambda: buttons(fake, channel.id, ROUND_BUTTON) or None, 20, "question 1")
    message_id, custom_id = first[0]
    rq1 = question_id(custom_id)

    # Members answer question 1; the clicks go to both processes.
    players = [fake.user(f"player{i}") for i in range(30)]
    states = [fake.prepare_click(message_id, custom_id, user=u) for u in players]
    await fake.fire(states)
    await settle(fake, states, 60)
    assert {st.session_id for st in states} == {a.session.session_id, b.session.session_id}
    counted = {st.user.id for st in states if st.callbacks[0].ok and counted_answer(fake, st)}
    assert counted == {u.id for u in players}

    # A dies mid-round (question 1 open, unless this machine was very slow): no clean-up, no goodbye.
    await a.process.kill()
    await fake.wait_until(lambda: a.session.conn is None, 10, "A's gateway connection gone")
    rows = await cluster.query("SELECT user_id FROM answers WHERE round_question_id = $1", rq1)
    assert sorted(r["user_id"] for r in rows) == sorted(counted)

    # B goes on with the round: question 1 revealed, questions 2 and 3 posted, answered through B
    # by everyone taking part (so each is revealed as soon as the last answer is in).
    asked = {rq1}

    def next_question() -> list[tuple[int, str]] | None:
        return [
            (m, c) for m, c in buttons(fake, channel.id, ROUND_BUTTON) if question_id(c) not in asked
        ] or None

    for number in (2, 3):
        message_id, custom_id = (
            await fake.wait_until(next_question, TAKEOVER_TIMEOUT, f"question {number}")
        )[0]
        asked.add(question_id(custom_id))
        states = [fake.prepare_click(message_id, custom_id, user=u) for u in players]
        await fake.fire(states)
        await settle(fake, states, 60)
        assert {st.session_id for st in states} == {b.session.session_id}
        assert all(st.callbacks[0].ok and counted_answer(fake, st) for st in states)
        rows = await cluster.query(
            "SELECT user_id FROM answers WHERE round_question_id = $1", question_id(custom_id)
        )
        assert sorted(r["user_id"] for r in rows) == sorted(counted)

    def finished() -> bool:
        return any(k.startswith("round-standings:") for k in posted_keys(fake, channel.id))

    await fake.wait_until(finished, 120, "the round's standings (posted by B)")
    await asyncio.sleep(2)  # B keeps running: nothing is posted twice
    keys = posted_keys(fake, channel.id)
    assert sorted(k.split(":")[0] for k in keys) == sorted(
        ["round-question"] * 3 + ["round-reveal"] * 3 + ["round-standings"]
    ), keys
    assert all(n == 1 for n in keys.values()), keys
    assert {int(k.split(":")[1]) for k in keys if k.startswith("round-reveal:")} == asked
    no_errors(cluster, except_killed="A")

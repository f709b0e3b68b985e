"""Two shards in two bot processes (``CERTCOACH_SHARD_COUNT=2``, ``CERTCOACH_SHARD_IDS=0`` / ``1``)
on one PostgreSQL database and the fake Discord: each guild is served by its own shard's process
(the fake sends each session only its shard's guilds). Each guild's daily question is posted once
while both tick, and a 500-click burst over one guild of each shard is recorded once, each click
answered by its guild's process. Instances of one shard: tests/e2e/test_two_processes.py.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from tests.fakediscord import FakeDiscord, FakeUser
from tests.fakediscord.server import shard_of

from .multiproc import DAILY_BUTTON, Cluster, buttons, make_daily_due, new_database, visible
from .test_two_processes import BURST, counted_answer, no_errors, settle

pytestmark = pytest.mark.multiprocess


async def test_two_shards_in_two_processes_each_serve_their_own_guilds(pg_server):
    """Sharding instead of instances: process 0 runs shard 0, process 1 shard 1; each guild's
    events reach only its shard's process, and each guild's daily question is posted once."""
    fake = FakeDiscord(heartbeat_interval_ms=500, shard_count=2)
    await fake.start()
    cluster = Cluster(fake, await new_database(pg_server), env={"CERTCOACH_DAILY_TICK": "0.1"})
    try:
        fake.ack_deadline = 30.0  # correctness, not latency
        main = shard_of(fake.guild_id, 2)
        guilds = {main: [fake.guild_id], 1 - main: []}
        for shard in (0, 1, 0, 1):
            guilds[shard].append(fake.add_guild(f"Shard {shard} group", ("daily",), shard=shard).id)
        procs = [
            await cluster.launch(f"shard{shard}", CERTCOACH_SHARD_COUNT="2", CERTCOACH_SHARD_IDS=str(shard))
            for shard in (0, 1)
        ]
        assert sorted(s.shard for s in fake.sessions.values()) == [(0, 2), (1, 2)]

        services = await cluster.open_services()
        now = datetime.now(UTC)
        channels = {gid: fake.guild_channels(gid)[-1].id for ids in guilds.values() for gid in ids}
        for gid, cid in channels.items():
            await make_daily_due(services, gid, cid, now)
        await fake.wait_until(
            lambda: all(buttons(fake, cid, DAILY_BUTTON) for cid in channels.values()), 60, "every daily"
        )
        await asyncio.sleep(2)  # both keep ticking: nothing more may appear
        for gid, cid in channels.items():
            assert len(fake.bot_messages(cid)) == 1, f"guild {gid}: {fake.bot_messages(cid)}"

        # A burst in one guild of each shard: each process answers its own guild's members.
        states = []
        for shard in (0, 1):
            message_id, custom_id = buttons(fake, channels[guilds[shard][0]], DAILY_BUTTON)[0]
            states += [
                fake.prepare_click(
                    message_id, custom_id, user=fake.user(FakeUser(fake.snowflake(), f"s{shard}m{i}"))
                )
                for i in range(BURST // 2)
            ]
        await fake.fire(states)
        await settle(fake, states, 120)
        by_session = {s.session_id: s.shard[0] for s in fake.sessions.values()}
        for st in states:
            assert by_session[st.session_id or ""] == shard_of(st.guild_id, 2)
            assert st.callbacks[0].ok and counted_answer(fake, st), visible(fake.answer_of(st.id) or {})
        rows = await cluster.query("SELECT user_id, COUNT(*) AS n FROM answers GROUP BY user_id")
        assert {r["user_id"]: r["n"] for r in rows} == {st.user.id: 1 for st in states}
        assert all(p.process.proc.returncode is None for p in procs)
        no_errors(cluster)
    finally:
        await cluster.close()
        await fake.stop()
    fake.check()

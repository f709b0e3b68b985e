"""The fake Discord shards like Discord: GET /gateway/bot recommends ``shard_count`` and each
IDENTIFYed shard receives only its guilds' GUILD_CREATEs, messages and interactions
((guild_id >> 22) % shard_count); DMs go to shard 0."""

from __future__ import annotations

import discord
import pytest

from tests.fakediscord import start_bot, stop_bot
from tests.fakediscord.server import shard_of


class Recorder(discord.AutoShardedClient):
    def __init__(self, **options) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(intents=intents, **options)
        self.messages: list[tuple[int | None, str]] = []
        self.interactions: list[int | None] = []

    async def before_identify_hook(self, shard_id, *, initial=False) -> None:
        """No 5 s pause between a process's shards against the fake."""

    async def on_message(self, message: discord.Message) -> None:
        self.messages.append((message.guild.id if message.guild else None, message.content))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        self.interactions.append(interaction.guild_id)


@pytest.fixture
async def two_guilds(fake_discord):
    fake_discord.shard_count = 2
    main = shard_of(fake_discord.guild_id, 2)
    other = fake_discord.add_guild("Second Server", ("lobby",), shard=1 - main)
    return {main: fake_discord.guild_id, 1 - main: other.id}


async def _run(fake, **options):
    client = Recorder(**options)
    task = await start_bot(client, fake.token)
    return client, task


async def _interaction(fake, channel) -> None:
    """A member runs some command in ``channel`` (the client just records it)."""
    data = {"id": "1", "name": "ping", "type": 1}
    st = fake._new_interaction(
        2, data, user=None, channel=channel, dm=False, permissions=None, locale="en-US"
    )
    await fake._send_interaction(st)


async def test_each_shard_of_two_processes_sees_only_its_guilds(fake_discord, error_logs, two_guilds):
    shard0, t0 = await _run(fake_discord, shard_count=2, shard_ids=[0])
    shard1, t1 = await _run(fake_discord, shard_count=2, shard_ids=[1])
    try:
        assert [g.id for g in shard0.guilds] == [two_guilds[0]]
        assert [g.id for g in shard1.guilds] == [two_guilds[1]]
        assert sorted(tuple(i["shard"]) for i in fake_discord.identifies) == [(0, 2), (1, 2)]
        for shard in (0, 1):
            channel = fake_discord.guild_channels(two_guilds[shard])[0]
            await fake_discord.send_message(f"for shard {shard}", channel=channel)
            await _interaction(fake_discord, channel)
        await fake_discord.send_message("a DM", dm=True)
        await fake_discord.wait_until(lambda: len(shard0.messages) == 2 and len(shard1.messages) == 1)
        await fake_discord.wait_until(lambda: len(shard0.interactions) == len(shard1.interactions) == 1)
        assert shard0.messages == [(two_guilds[0], "for shard 0"), (None, "a DM")]  # DMs: shard 0
        assert shard1.messages == [(two_guilds[1], "for shard 1")]
        assert (shard0.interactions, shard1.interactions) == ([two_guilds[0]], [two_guilds[1]])
    finally:
        for client, task in ((shard0, t0), (shard1, t1)):
            await stop_bot(client, task)


async def test_one_process_with_every_shard_asks_the_gateway_for_the_count(
    fake_discord, error_logs, two_guilds
):
    client, task = await _run(fake_discord)  # no shard_count: GET /gateway/bot decides
    try:
        assert client.shard_count == 2
        assert {g.id for g in client.guilds} == set(two_guilds.values())
        assert {g.shard_id for g in client.guilds} == {0, 1}
        assert [r.path for r in fake_discord.requests if r.path.endswith("/gateway/bot")]
    finally:
        await stop_bot(client, task)

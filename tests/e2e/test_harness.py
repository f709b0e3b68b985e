"""Self-tests of the fake Discord: they prove the harness, with a tiny discord.py bot.

If one of these fails, the CertCoach e2e tests cannot be trusted either.
"""

from __future__ import annotations

import socket

import aiohttp
import discord
import pytest

from tests.fakediscord import EPHEMERAL, LOADING, CommandNotSynced, Intents, Perm
from tests.fakediscord.limits import check_message

ROUTE_CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
ROUTE_FOLLOWUP = "POST /webhooks/{app_id}/{token}"
ROUTE_SEND = "POST /channels/{channel_id}/messages"


# --------------------------------------------------------------------------- start-up, guard


def test_dns_guard_blocks_discord_hosts():
    for host in ("discord.com", "gateway.discord.gg", "cdn.discordapp.com"):
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo(host, 443)
    from tests.fakediscord import patch

    patch._BLOCKED.clear()  # this test's own lookups are not a leak


async def test_login_sync_ready(fake_discord, selftest_bot):
    routes = [r.route for r in fake_discord.requests]
    assert routes[:3] == [
        "GET /users/@me",
        "GET /oauth2/applications/@me",
        "PUT /applications/{app_id}/guilds/{guild_id}/commands",
    ]
    assert all(r.headers.get("Authorization") == "Bot fake-token" for r in fake_discord.requests)
    names = {c["name"] for c in fake_discord.guild_commands[fake_discord.guild_id]}
    assert {"ping", "echo", "later", "button", "color", "admin"} <= names
    assert not fake_discord.global_commands
    identify = fake_discord.identifies[0]
    assert identify["token"] == "fake-token"
    assert not identify["intents"] & Intents.MESSAGE_CONTENT
    guild = selftest_bot.get_guild(fake_discord.guild_id)
    assert guild is not None and guild.member_count == fake_discord.member_count
    assert {c.name for c in guild.text_channels} == {"general", "study-help", "quiz-room"}
    assert guild.me is not None and guild.me.id == fake_discord.bot_user.id


async def test_responses_are_exactly_application_json(fake_discord):
    async with (
        aiohttp.ClientSession() as s,
        s.get(f"{fake_discord.api_url}/users/@me", headers={"Authorization": "Bot fake-token"}) as r,
    ):
        assert r.headers["Content-Type"] == "application/json"
        assert r.status == 200


async def test_unknown_route_is_a_failure(fake_discord):
    status, _body = await fake_discord.raw_request(
        "GET", "/guilds/1/audit-logs-nope", headers={"Authorization": "Bot fake-token"}
    )
    assert status == 404
    taken = fake_discord.take_failures()
    assert [f.kind for f in taken] == ["unknown-route"]


async def test_wrong_token_is_refused(fake_discord):
    status, _body = await fake_discord.raw_request("GET", "/users/@me", headers={"Authorization": "Bot nope"})
    assert status == 401
    fake_discord.take_failures()


# --------------------------------------------------------------------------- slash commands


async def test_slash_command_response(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("ping", user="bob")
    cb = await h.callback()
    assert cb.ok and cb.json["type"] == 4 and cb.query["with_response"] in ("1", "true", "True")
    assert "Authorization" not in cb.headers
    assert cb.response["interaction"]["response_message_id"] == cb.response["resource"]["message"]["id"]
    answer = await h.answer()
    assert answer["content"] == "pong"
    assert answer["allowed_mentions"] == {"parse": []}
    assert answer["interaction_metadata"]["user"]["username"] == "bob"


async def test_command_never_synced_cannot_be_invoked(fake_discord, selftest_bot):
    with pytest.raises(CommandNotSynced):
        await fake_discord.invoke_slash("nope")
    with pytest.raises(ValueError):  # Discord's client would not send a missing required option
        await fake_discord.invoke_slash("echo", {})
    with pytest.raises(ValueError):
        await fake_discord.invoke_slash("echo", {"text": "x", "bogus": 1})


async def test_defer_then_followup(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("later")
    cb = await h.callback()
    assert cb.json["type"] == 5
    assert cb.response["interaction"]["response_message_loading"] is True
    assert cb.response["resource"]["message"]["flags"] & LOADING
    answer = await h.answer()
    assert answer["content"] == "deferred done"
    assert not answer["flags"] & LOADING
    assert (
        answer["id"] == cb.response["interaction"]["response_message_id"]
    )  # the followup replaced "thinking"
    assert [r.route for r in h.requests] == [ROUTE_CALLBACK, ROUTE_FOLLOWUP]


async def test_defer_then_edit_original(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("edited")
    answer = await h.answer()
    assert answer["content"] == "edited done" and answer["embeds"][0]["title"] == "E"
    assert h.requests[-1].route == "PATCH /webhooks/{app_id}/{token}/messages/{message_id}"
    assert h.requests[-1].params["message_id"] == "@original"


async def test_ephemeral_flag(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("echo", {"text": "secret", "private": True})
    answer = await h.answer()
    assert answer["flags"] & EPHEMERAL and h.ephemeral


async def test_double_acknowledgement_is_40060(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("race")
    await h.answer()
    await fake_discord.wait_until(
        lambda: len(h.state.callbacks) == 2 and all(r.status for r in h.state.callbacks)
    )
    assert sorted(r.status for r in h.state.callbacks) == [200, 400]
    second = next(r for r in h.state.callbacks if r.status == 400)
    assert second.response == {"message": "Interaction has already been acknowledged.", "code": 40060}
    await fake_discord.wait_until(lambda: len(selftest_bot.results) == 2)
    errors = [r for r in selftest_bot.results if isinstance(r, discord.HTTPException)]
    assert [e.code for e in errors] == [40060]
    assert [f.code for f in fake_discord.take_failures()] == [40060]


async def test_late_callback_is_10062(fake_discord, selftest_bot):
    fake_discord.ack_deadline = 0.2  # Discord's 3 s, shortened to keep the test fast
    h = await fake_discord.invoke_slash("slow", {"seconds": 0.35})
    cb = await h.callback()
    assert cb.status == 404 and cb.response["code"] == 10062
    await fake_discord.wait_until(lambda: selftest_bot.errors)
    assert isinstance(selftest_bot.errors[0], discord.NotFound) and selftest_bot.errors[0].code == 10062
    assert [f.code for f in fake_discord.take_failures()] == [10062]


async def test_followup_before_ack_is_10015(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("early")
    answer = await h.answer()
    assert answer["content"] == "then the response"
    assert selftest_bot.errors[0].code == 10015
    assert [f.code for f in fake_discord.take_failures()] == [10015]


async def test_content_over_2000_is_50035(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("echo", {"text": "x" * 2001})
    cb = await h.callback()
    assert cb.status == 400 and cb.response["code"] == 50035
    assert [f.code for f in fake_discord.take_failures()] == [50035]


def test_message_limits():
    ok, _ = check_message({"content": "x" * 2000})
    assert ok == []
    cases = {
        "content": {"content": "x" * 2001},
        "description": {"embeds": [{"description": "x" * 4097}]},
        "field value": {"embeds": [{"fields": [{"name": "n", "value": "x" * 1025}]}]},
        "fields": {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
        "total": {"embeds": [{"description": "x" * 4000}, {"description": "x" * 2001}]},
        "title": {"embeds": [{"title": "x" * 257}]},
    }
    for name, body in cases.items():
        problems, _ = check_message(body)
        assert problems, name
    _, empty = check_message({})
    assert empty


async def test_member_permissions_are_sent(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("admin", {"key": "k", "value": 1}, subcommand="set")
    assert (await h.answer())["content"] == "denied: MissingPermissions"
    assert h.payload["member"]["permissions"] == str(Perm.MEMBER)
    h = await fake_discord.invoke_slash(
        "admin", {"key": "k", "value": 1}, subcommand="set", permissions=Perm.MEMBER | Perm.MANAGE_GUILD
    )
    assert (await h.answer())["content"] == "k=1"


async def test_autocomplete(fake_discord, selftest_bot):
    choices = await fake_discord.autocomplete("color", "name", "re")
    assert {c["value"] for c in choices} == {"red", "green"}
    cb = fake_discord.requests_to(ROUTE_CALLBACK)[-1]
    assert cb.json["type"] == 8


async def test_button_click(fake_discord, selftest_bot):
    h = await fake_discord.invoke_slash("button")
    msg = await h.answer()
    assert fake_discord.component_ids(msg) == ["selftest:count"]
    click = await fake_discord.click(msg["id"], "selftest:count", user="carol")
    cb = await click.callback()
    assert cb.json["type"] == 7
    assert click.payload["message"]["id"] == msg["id"]
    assert fake_discord.messages[int(msg["id"])].payload["content"] == "clicked by carol"
    with pytest.raises(ValueError):
        await fake_discord.click(msg["id"], "no-such-button")


# --------------------------------------------------------------------------- messages and intents


async def test_content_blanked_without_intent(fake_discord, selftest_bot):
    sent = await fake_discord.send_message("hello there", channel="study-help")
    reply = await fake_discord.wait_for_reply(sent)
    assert reply["content"] == "saw: ''"  # Discord blanks content without MESSAGE_CONTENT
    assert reply["message_reference"]["message_id"] == sent["id"]
    sent = await fake_discord.send_message("hello bot", mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent)
    assert reply["content"] == f"saw: '<@{fake_discord.bot_user.id}> hello bot'"


@pytest.mark.selftest_bot(message_content=True)
async def test_content_delivered_with_intent(fake_discord, selftest_bot):
    assert fake_discord.intents & Intents.MESSAGE_CONTENT
    sent = await fake_discord.send_message("hello there")
    reply = await fake_discord.wait_for_reply(sent)
    assert reply["content"] == "saw: 'hello there'"


async def test_direct_message(fake_discord, selftest_bot):
    sent = await fake_discord.send_message("hi in private", dm=True, author="dave")
    reply = await fake_discord.wait_for_reply(sent)
    assert reply["content"] == "dm saw: 'hi in private'"
    assert int(reply["channel_id"]) == fake_discord.dm_channel("dave").id
    assert "guild_id" not in reply


# --------------------------------------------------------------------------- gateway


async def test_reconnect_and_resume_replays_missed_events(fake_discord, selftest_bot):
    await fake_discord.force_reconnect()
    sent = await fake_discord.send_message("while away", mentions_bot=True)  # buffered, replayed on RESUME
    resume = await fake_discord.wait_for_resume()
    assert resume["replayed"] >= 1 and resume["session_id"] == fake_discord.session.session_id
    reply = await fake_discord.wait_for_reply(sent)
    assert "while away" in reply["content"]
    assert len(fake_discord.identifies) == 1  # resumed, not re-identified
    h = await fake_discord.invoke_slash("ping")
    assert (await h.answer())["content"] == "pong"


async def test_resumable_invalid_session_resumes(fake_discord, selftest_bot):
    await fake_discord.invalidate_session(resumable=True)
    await fake_discord.wait_for_resume()
    assert len(fake_discord.identifies) == 1
    h = await fake_discord.invoke_slash("ping")
    assert (await h.answer())["content"] == "pong"


async def test_invalid_session_reidentifies(fake_discord, selftest_bot):
    # (the self-test bot skips discord.py's 5 s before_identify_hook wait)
    await fake_discord.invalidate_session()
    await fake_discord.wait_for_identify(2)
    await fake_discord.wait_until(lambda: fake_discord.connected)
    h = await fake_discord.invoke_slash("ping")
    assert (await h.answer())["content"] == "pong"


async def test_heartbeats_are_acknowledged(fake_discord, selftest_bot):
    await fake_discord.wait_until(lambda: fake_discord.heartbeats >= 2, timeout=1.5)
    assert selftest_bot.latency < 1.0


# --------------------------------------------------------------------------- subprocess mode


async def test_subprocess_launcher(fake_discord, bot_subprocess):
    async with bot_subprocess("floor") as proc:
        h = await fake_discord.invoke_slash("ask", {"question": "anything?"})
        cb = await h.callback(timeout=3)
        assert cb.ok and cb.json["type"] == 5
    assert not proc.error_lines(), proc.output


async def test_auto_sharded_client_uses_gateway_bot(fake_discord, error_logs):
    from tests.fakediscord import running

    client = discord.AutoShardedClient(intents=discord.Intents.default())
    async with running(client, fake_discord):
        assert client.shard_count == 1
        assert fake_discord.identifies[0]["shard"] == [0, 1]
    assert "GET /gateway/bot" in [r.route for r in fake_discord.requests]

"""CertCoach's knowledge flows end to end: the real bot (same factory as ``python -m bot run``)
against the fake Discord. Assertions are on what Discord would have received, never on the
bot's internal state.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.fakediscord import LOADING
from tests.fakediscord.limits import MAX_CONTENT, embed_total

from .helpers import embed_text, is_ephemeral

ROUTE_CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
ROUTE_SEND = "POST /channels/{channel_id}/messages"


# --------------------------------------------------------------------------- helpers


def only_embed(message: dict) -> dict:
    embeds = message.get("embeds") or []
    assert len(embeds) == 1, f"expected one embed, got {len(embeds)}: {message.get('content')!r}"
    return embeds[0]


def assert_within_discord_limits(fake) -> None:
    """Nothing the bot sent was refused, and every message body it sent is within Discord's limits."""
    assert not fake.failures, [str(f) for f in fake.failures]
    for r in fake.requests:
        body = r.json if isinstance(r.json, dict) else {}
        body = body.get("data", body) if r.route == ROUTE_CALLBACK else body
        if not isinstance(body, dict):
            continue
        assert len(body.get("content") or "") <= MAX_CONTENT, r
        assert sum(embed_total(e) for e in body.get("embeds") or []) <= 6000, r


async def slash(fake, name, options=None, **kw) -> dict:
    """Run a slash command and return the visible answer, checking it was acknowledged in time."""
    h = await fake.invoke_slash(name, options, **kw)
    cb = await h.callback()
    assert cb.ok, f"/{name}: callback refused: {cb.status} {cb.response}"
    assert cb.time - h.state.created < 3.0
    return await h.answer()


# --------------------------------------------------------------------------- start-up


async def test_commands_synced_to_dev_guild(fake_discord, running_bot):
    synced = {c["name"]: c for c in fake_discord.guild_commands[fake_discord.guild_id]}
    assert {"ask", "compare", "cert", "certs", "path", "help"} <= set(synced)
    assert not fake_discord.global_commands, "dev mode must not sync globally (duplicates in the dev guild)"
    assert len(fake_discord.command_syncs) == 1
    compare_opts = {o["name"]: o for o in synced["compare"]["options"]}
    assert compare_opts["first"]["autocomplete"] and compare_opts["second"]["autocomplete"]
    assert {c["value"] for c in {o["name"]: o for o in synced["path"]["options"]}["setting"]["choices"]} >= {
        "inpatient",
        "outpatient",
    }
    identify = fake_discord.identifies[0]
    assert identify["intents"] & (1 << 9) and identify["intents"] & (1 << 12)  # guild messages, DMs


# --------------------------------------------------------------------------- slash commands


async def test_compare_two_credentials(fake_discord, running_bot):
    answer = await slash(fake_discord, "compare", {"first": "CPC", "second": "CCS"})
    assert not is_ephemeral(answer)
    embed = only_embed(answer)
    assert "CPC" in embed["title"] and "CCS" in embed["title"]
    text = embed_text(answer)
    assert "AAPC" in text and "AHIMA" in text
    assert answer["allowed_mentions"] == {"parse": []}
    assert_within_discord_limits(fake_discord)


async def test_compare_same_credential_is_helpful(fake_discord, running_bot):
    answer = await slash(fake_discord, "compare", {"first": "CPC", "second": "CPC"})
    text = embed_text(answer)
    assert "CPC" in only_embed(answer)["title"]
    assert re.search(r"both|same", text, re.I), text[:300]
    assert "went wrong" not in text.lower()


async def test_compare_unknown_name_is_friendly_with_suggestions(fake_discord, running_bot):
    answer = await slash(fake_discord, "compare", {"first": "CPC", "second": "XYZ"})
    text = embed_text(answer)
    assert "XYZ" in text
    assert "went wrong" not in text.lower()
    fields = {f["name"]: f["value"] for f in only_embed(answer).get("fields") or []}
    suggested = " ".join(fields.values())
    assert re.search(r"\b(CPC|CCS|CCA|CIC|CRC|COC)\b", suggested), f"no suggestions offered: {text!r}"


async def test_compare_near_miss_names_it_and_suggests(fake_discord, running_bot):
    answer = await slash(fake_discord, "compare", {"first": "CPC", "second": "CPCZ"})
    text = embed_text(answer)
    assert "CPCZ" in text and "went wrong" not in text.lower()
    assert re.search(r"did you mean", text, re.I) and re.search(r"\bCPC\b", text)
    assert "/certs" in text


async def test_cert_crc(fake_discord, running_bot):
    answer = await slash(fake_discord, "cert", {"name": "CRC"})
    assert not is_ephemeral(answer)
    embed = only_embed(answer)
    assert "CRC" in embed["title"]
    assert re.search(r"risk adjustment", embed_text(answer), re.I)
    sources = next(f["value"] for f in embed["fields"] if f["name"] == "Sources")
    assert sources.startswith("[1] ") and len(sources) <= 300
    assert len((embed.get("footer") or {}).get("text") or "") <= 300
    assert_within_discord_limits(fake_discord)


async def test_certs_overview(fake_discord, running_bot):
    answer = await slash(fake_discord, "certs")
    names = {f["name"] for f in only_embed(answer)["fields"]}
    assert {"CPC", "CCS", "CCA", "CIC", "CRC"} <= names
    assert len(only_embed(answer)["fields"]) <= 25


async def test_path_inpatient(fake_discord, running_bot):
    answer = await slash(fake_discord, "path", {"setting": "inpatient"})
    text = embed_text(answer)
    assert "CCS" in text and re.search(r"hospital", text, re.I)
    with pytest.raises(ValueError):  # not one of the synced choices: Discord's client refuses it
        await fake_discord.invoke_slash("path", {"setting": "moon-base"})


async def test_ask_ceus_for_cpc(fake_discord, running_bot):
    answer = await slash(fake_discord, "ask", {"question": "how many CEUs for the CPC?"})
    assert "how many CEUs for the CPC?" in answer["content"]  # the question is quoted back
    text = embed_text(answer)
    assert "36" in text and "CEU" in text
    assert not is_ephemeral(answer)


async def test_help_is_ephemeral(fake_discord, running_bot):
    answer = await slash(fake_discord, "help")
    assert is_ephemeral(answer)
    text = embed_text(answer)
    for command in ("/ask", "/compare", "/cert", "/certs", "/path"):
        assert command in text


async def test_ask_off_topic_is_declined(fake_discord, running_bot):
    answer = await slash(fake_discord, "ask", {"question": "what's the best pizza in town?"})
    text = embed_text(answer)
    assert re.search(r"don't (know|have)", text, re.I)
    assert "went wrong" not in text.lower()
    assert not is_ephemeral(answer)  # the answer to /ask is public, a decline too


async def test_ask_declined_with_suggestions_offers_them(fake_discord, running_bot):
    answer = await slash(fake_discord, "ask", {"question": "good morning everyone"})
    fields = {f["name"]: f["value"] for f in only_embed(answer).get("fields") or []}
    assert fields["Did you mean"].startswith("- "), fields


async def test_autocomplete_compare_and_cert(fake_discord, running_bot):
    choices = await fake_discord.autocomplete("compare", "first", "cp")
    assert 0 < len(choices) <= 25
    assert "CPC" in {c["value"] for c in choices}
    assert all(c["value"].upper().startswith("CP") or "cp" in c["name"].lower() for c in choices[:3])
    choices = await fake_discord.autocomplete("compare", "second", "cc", options={"first": "CPC"})
    assert {"CCS", "CCA"} <= {c["value"] for c in choices}
    choices = await fake_discord.autocomplete("cert", "name", "inpatient")
    assert "CIC" in {c["value"] for c in choices}
    choices = await fake_discord.autocomplete("cert", "name", "")
    assert 0 < len(choices) <= 25
    cb = fake_discord.requests_to(ROUTE_CALLBACK)[-1]
    assert cb.json["type"] == 8


# --------------------------------------------------------------------------- free-form messages


async def test_mention_is_answered_in_channel_as_a_reply(fake_discord, running_bot):
    sent = await fake_discord.send_message(
        "how many CEUs for the CPC?", mentions_bot=True, channel="study-help"
    )
    reply = await fake_discord.wait_for_reply(sent)
    assert reply["channel_id"] == sent["channel_id"]
    assert reply["message_reference"]["message_id"] == sent["id"]
    assert "36" in embed_text(reply)
    request = fake_discord.messages[int(reply["id"])].request
    assert request.route == ROUTE_SEND
    assert request.json["allowed_mentions"]["parse"] == []


async def test_plain_message_without_mention_is_ignored(fake_discord, running_bot):
    sent = await fake_discord.send_message("how many CEUs for the CPC?", channel="general")
    await fake_discord.expect_no_message(after=int(sent["id"]), within=0.3)


async def test_direct_message_is_answered(fake_discord, running_bot):
    sent = await fake_discord.send_message("what is the CCS exam like?", dm=True, author="dave")
    reply = await fake_discord.wait_for_reply(sent)
    assert int(reply["channel_id"]) == fake_discord.dm_channel("dave").id
    assert "CCS" in embed_text(reply)


async def test_off_topic_mention_is_declined_politely(fake_discord, running_bot):
    sent = await fake_discord.send_message("who will win the football tonight?", mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent)
    assert re.search(r"don't (know|have)", embed_text(reply), re.I)


async def test_everyone_is_echoed_but_never_pings(fake_discord, running_bot):
    h = await fake_discord.invoke_slash("ask", {"question": "@everyone how many CEUs for the CPC?"})
    answer = await h.answer()
    assert "@everyone" in answer["content"]
    callback = (await h.callback()).json
    assert callback["data"]["allowed_mentions"]["parse"] == []
    assert answer["mention_everyone"] is False
    # the same through a mention: whatever the reply echoes, it must not ping anyone
    sent = await fake_discord.send_message("@everyone how many CEUs for the CPC?", mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent)
    request = fake_discord.messages[int(reply["id"])].request
    assert request.json["allowed_mentions"]["parse"] == []
    assert reply["mention_everyone"] is False and reply["mentions"] == []


async def test_oversize_message_is_answered_within_limits(fake_discord, running_bot):
    sent = await fake_discord.send_message("x" * 6000, mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent)
    assert embed_text(reply).strip()
    assert_within_discord_limits(fake_discord)
    # /ask refuses more than its max_length before the bot ever sees it (Discord's client)
    with pytest.raises(ValueError):
        await fake_discord.invoke_slash("ask", {"question": "y" * 6000})
    answer = await slash(fake_discord, "ask", {"question": "how many CEUs for the CPC? " + "z" * 900})
    assert len(answer["content"]) <= MAX_CONTENT
    assert_within_discord_limits(fake_discord)


@pytest.mark.bot_settings(cooldown_seconds=30.0)
async def test_cooldown_on_slash_ask_is_ephemeral(fake_discord, running_bot):
    first = await slash(fake_discord, "ask", {"question": "how many CEUs for the CPC?"}, user="erin")
    assert not is_ephemeral(first)
    second = await slash(fake_discord, "ask", {"question": "what is the CCS?"}, user="erin")
    assert is_ephemeral(second)
    assert re.search(r"slow down|again in", second["content"], re.I)
    other = await slash(fake_discord, "ask", {"question": "what is the CCS?"}, user="frank")
    assert not is_ephemeral(other)  # per member, not global


@pytest.mark.bot_settings(cooldown_seconds=30.0)
async def test_cooldown_on_mentions(fake_discord, running_bot):
    first = await fake_discord.send_message("how many CEUs for the CPC?", mentions_bot=True, author="gina")
    await fake_discord.wait_for_reply(first)
    second = await fake_discord.send_message("what is the CCS?", mentions_bot=True, author="gina")
    notice = await fake_discord.wait_for_reply(second)
    assert re.search(r"slow down|again in", notice["content"], re.I)
    third = await fake_discord.send_message("and the CCA?", mentions_bot=True, author="gina")
    await fake_discord.expect_no_message(after=int(third["id"]), within=0.3)  # warns once, then quiet


# --------------------------------------------------------------------------- gateway


async def test_reconnect_and_resume_still_answers(fake_discord, running_bot):
    await fake_discord.force_reconnect()
    h = await fake_discord.invoke_slash("cert", {"name": "CPC"})  # sent while reconnecting: replayed
    resume = await fake_discord.wait_for_resume()
    assert resume["replayed"] >= 1
    assert len(fake_discord.identifies) == 1, "the bot re-identified instead of resuming"
    answer = await h.answer()
    assert "CPC" in only_embed(answer)["title"]
    assert (await h.callback()).time - h.state.created < 3.0
    answer = await slash(fake_discord, "ask", {"question": "how many CEUs for the CPC?"})
    assert "36" in embed_text(answer)


async def test_no_thinking_placeholder_left_behind(fake_discord, running_bot):
    for name, options in (
        ("certs", None),
        ("cert", {"name": "CCA"}),
        ("ask", {"question": "what is the CIC?"}),
    ):
        await slash(fake_discord, name, options)
    for m in fake_discord.bot_messages():
        assert not int(m.get("flags", 0)) & LOADING, f"a deferred answer never arrived: {m}"


# --------------------------------------------------------------------------- the real entry point


async def test_real_entry_point_as_subprocess(fake_discord, bot_subprocess):
    """``python -m bot run`` (through the launcher), configured only by the environment."""
    async with bot_subprocess("bot", env={"CERTCOACH_COOLDOWN": "0", "LOG_LEVEL": "INFO"}) as proc:
        answer = await slash(fake_discord, "ask", {"question": "how many CEUs for the CPC?"})
        assert "36" in embed_text(answer)
    assert {c["name"] for c in fake_discord.guild_commands[fake_discord.guild_id]} >= {"ask", "compare"}
    assert not proc.error_lines(), "\n".join(proc.output[-30:])


# --------------------------------------------------------------------------- python -m bot sync


async def test_sync_command_registers_commands_globally_and_per_guild(fake_discord, bot_settings):
    """`python -m bot sync` (global) and `sync --guild ID` (instant, one server), never both at once."""
    import dataclasses

    from bot.__main__ import _sync

    settings = dataclasses.replace(bot_settings, dev_guild=None)
    assert await _sync(settings, None) == 0
    names = {c["name"] for c in fake_discord.global_commands}
    assert {
        "ask",
        "compare",
        "cert",
        "certs",
        "path",
        "help",
        "quiz",
        "daily",
        "leaderboard",
        "stats",
        "config",
    } <= names
    assert (
        fake_discord.guild_id not in fake_discord.guild_commands
        or not fake_discord.guild_commands[fake_discord.guild_id]
    )

    assert await _sync(settings, fake_discord.guild_id) == 0
    guild_names = {c["name"] for c in fake_discord.guild_commands[fake_discord.guild_id]}
    assert guild_names == names
    daily = next(c for c in fake_discord.global_commands if c["name"] == "daily")
    assert daily["default_member_permissions"] == str(1 << 5)  # Manage Server, as a hint to Discord


# --------------------------------------------------------------------------- sources


def _buttons(message: dict) -> list[dict]:
    return [c for row in message.get("components") or [] for c in row.get("components", [])]


async def test_a_free_form_answer_leads_with_today_and_its_sources_button_lists_them_all(
    fake_discord, running_bot
):
    sent = await fake_discord.send_message("how many questions are on the CPC exam", mentions_bot=True)
    reply = await fake_discord.wait_for_reply(sent)
    embed = only_embed(reply)
    assert embed["description"].startswith("Today: ")
    assert embed["description"].index("100 multiple-choice") < embed["description"].index("The guide")
    shown = next(f["value"] for f in embed["fields"] if f["name"] == "Sources")
    assert len(shown) <= 300 and "press Sources" in shown
    button = next(b for b in _buttons(reply) if b["label"] == "Sources")
    handle = await fake_discord.click(reply["id"], button["custom_id"], user="erin")
    cb = await handle.callback()
    assert cb.ok and cb.time - handle.state.created < 3.0
    listed = await handle.answer()
    assert is_ephemeral(listed)
    full = "\n".join(f["value"] for f in only_embed(listed)["fields"])
    numbered = [line for line in full.splitlines() if line.startswith("[")]
    assert len(numbered) > len([line for line in shown.splitlines() if line.startswith("[")])
    assert "codingclarified.com" in full  # a source the short list left out
    assert_within_discord_limits(fake_discord)


async def test_compare_with_sources_sends_the_full_list_privately(fake_discord, running_bot):
    h = await fake_discord.invoke_slash("compare", {"first": "CPC", "second": "CCS", "sources": True})
    cb = await h.callback()
    assert cb.ok
    answer = await h.answer()
    assert not is_ephemeral(answer) and only_embed(answer)["title"] == "CPC vs CCS"
    for _ in range(50):
        if h.followups:
            break
        await asyncio.sleep(0.05)
    (listed,) = h.followups
    assert is_ephemeral(listed) and only_embed(listed)["title"] == "Sources: CPC vs CCS"
    assert_within_discord_limits(fake_discord)

"""The knowledge cog's callbacks with spec'd fakes: slash commands, mentions, DMs and ask channels."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.discord_app.exts.knowledge._cog import KnowledgeCog
from bot.discord_app.exts.knowledge._format import PATH_CHOICES, echo, strip_mention
from bot.discord_app.shared import AskChannels
from bot.services.knowledge import PATHS

BOT_ID = 999
ASK_CHANNEL = 7
GUILD = 1


class FakeGuildSettings:
    """The guild-settings calls AskChannels makes, counting reads to see the cache work."""

    def __init__(self, channels: dict[int, set[int]] | None = None) -> None:
        self.channels = channels or {}
        self.reads = 0

    async def ask_channels(self, guild_id: int) -> list[int]:
        self.reads += 1
        return sorted(self.channels.get(guild_id, set()))

    async def add_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        self.channels.setdefault(guild_id, set()).add(channel_id)
        return True

    async def remove_ask_channel(self, guild_id: int, channel_id: int) -> bool:
        self.channels.get(guild_id, set()).discard(channel_id)
        return True


def make_bot() -> MagicMock:
    bot = MagicMock()
    bot.user = SimpleNamespace(id=BOT_ID, mention=f"<@{BOT_ID}>")
    return bot


@pytest.fixture
def cog(knowledge):
    return KnowledgeCog(make_bot(), knowledge, cooldown_seconds=30.0)


@pytest.fixture
def rounds_running() -> set[int]:
    return set()


@pytest.fixture
def channel_cog(knowledge, rounds_running):
    """A cog with channel 7 of guild 1 as an ask channel and no cooldown."""
    settings = FakeGuildSettings({GUILD: {ASK_CHANNEL}})
    return KnowledgeCog(
        make_bot(),
        knowledge,
        cooldown_seconds=0.0,
        ask_channels=AskChannels(settings),  # type: ignore[arg-type]
        round_running=rounds_running.__contains__,
        quizzes=True,
    )


def make_interaction(user_id: int = 1) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.user = SimpleNamespace(id=user_id)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.send_message = AsyncMock()
    interaction.response.is_done = MagicMock(return_value=False)
    interaction.followup = MagicMock(spec=discord.Webhook)
    interaction.followup.send = AsyncMock()
    return interaction


def sent(interaction: MagicMock) -> dict:
    interaction.response.send_message.assert_awaited_once()
    return interaction.response.send_message.await_args.kwargs


def interaction_text(interaction: MagicMock) -> str:
    args = interaction.response.send_message.await_args
    return (args.args[0] if args.args else "") + (args.kwargs.get("content") or "")


def embed_text(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{f.name} {f.value}" for f in embed.fields]
    return "\n".join(parts)


# --------------------------------------------------------------------------- slash commands


async def test_ask_answers_with_an_embed_and_echoes_the_question(cog):
    interaction = make_interaction()
    await cog.ask.callback(cog, interaction, "how many CEUs for the CPC?")
    kwargs = sent(interaction)
    assert kwargs["content"] == "**Q:** how many CEUs for the CPC?"
    assert kwargs["ephemeral"] is False
    assert kwargs["embed"].title == "CPC: Keeping it (recertification)"
    sources = next(f for f in kwargs["embed"].fields if f.name == "Sources")
    assert sources.value.startswith("[1] ") and len(sources.value) <= 300


async def test_ask_cooldown_is_ephemeral_and_per_member(cog):
    first, second, other = make_interaction(), make_interaction(), make_interaction(user_id=2)
    await cog.ask.callback(cog, first, "what is the CRC")
    await cog.ask.callback(cog, second, "what is the CCS")
    await cog.ask.callback(cog, other, "what is the CCS")
    kwargs = sent(second)
    assert kwargs["ephemeral"] is True and "embed" not in kwargs
    assert "Slow down" in interaction_text(second)
    assert sent(other)["embed"].title.startswith("CCS")


async def test_compare_pair_same_pair_and_unknown(cog):
    pair = make_interaction()
    await cog.compare.callback(cog, pair, "CPC", "ccs")
    kwargs = sent(pair)
    assert kwargs["embed"].title == "CPC vs CCS" and kwargs["ephemeral"] is False
    recert = next(f for f in kwargs["embed"].fields if f.name == "Recertification")
    assert recert.value.startswith("**CPC:** ") and "\n**CCS:** " in recert.value

    same = make_interaction()
    await cog.compare.callback(cog, same, "CPC", "certified professional coder")
    assert "Both names are the CPC" in sent(same)["embed"].description

    unknown = make_interaction()
    await cog.compare.callback(cog, unknown, "CPC", "XYZ")
    kwargs = sent(unknown)
    assert kwargs["ephemeral"] is True
    assert '"XYZ"' in kwargs["embed"].description


async def test_cert_certs_path_help(cog):
    cert = make_interaction()
    await cog.cert.callback(cog, cert, "crc")
    assert sent(cert)["embed"].title == "CRC: Certified Risk Adjustment Coder"

    unknown = make_interaction()
    await cog.cert.callback(cog, unknown, "CPCZ")
    kwargs = sent(unknown)
    assert kwargs["ephemeral"] is True
    assert any(f.name == "Did you mean" and "CPC" in f.value for f in kwargs["embed"].fields)

    certs = make_interaction()
    await cog.certs.callback(cog, certs)
    assert {"CPC", "CCS", "CRC"} <= {f.name for f in sent(certs)["embed"].fields}

    path = make_interaction()
    await cog.path.callback(cog, path, discord.app_commands.Choice(name="Inpatient", value="inpatient"))
    assert "inpatient" in sent(path)["embed"].title.lower()

    helped = make_interaction()
    await cog.help.callback(cog, helped)
    kwargs = sent(helped)
    assert kwargs["ephemeral"] is True
    text = embed_text(kwargs["embed"])
    assert "`/compare first second`" in text
    assert "/quiz" not in text  # this cog was built without quizzes


async def test_help_lists_quizzes_when_the_bot_has_them(channel_cog):
    helped = make_interaction()
    await channel_cog.help.callback(channel_cog, helped)
    text = embed_text(sent(helped)["embed"])
    assert "`/quiz stop`" in text and "`/daily off`" in text


async def test_autocomplete_choices(cog, monkeypatch):
    choices = await cog._credential_autocomplete(make_interaction(), "cr")
    assert choices and choices[0].value == "CRC"
    everything = await cog._credential_autocomplete(make_interaction(), "")
    assert 0 < len(everything) <= 25
    assert await cog._credential_autocomplete(make_interaction(), "c" * 500) == []

    # A long credential name is cut to Discord's 100 characters; the value stays the abbreviation.
    long = dataclasses.replace(cog.knowledge.kb.credentials["cpc"], name="Certified " * 20)
    monkeypatch.setattr(cog.knowledge.matcher, "autocomplete", lambda current: [long])
    [choice] = await cog._credential_autocomplete(make_interaction(), "cpc")
    assert len(choice.name) == 100 and choice.value == "CPC"


def test_path_choices_are_the_services_paths():
    assert [c.value for c in PATH_CHOICES] == list(PATHS)


def test_echo_and_mention_helpers():
    assert echo("  how\n many   CEUs ") == "**Q:** how many CEUs"
    long = echo("x" * 1000)
    assert long.endswith("…") and len(long) == len("**Q:** ") + 300
    assert strip_mention(f"<@{BOT_ID}> what is the CCS", BOT_ID) == "what is the CCS"
    assert strip_mention(f"what is <@!{BOT_ID}> the CCS", BOT_ID) == "what is   the CCS"
    assert strip_mention("<@123> hi", BOT_ID) == "<@123> hi"


# --------------------------------------------------------------------------- free-form messages


def make_message(
    content: str,
    *,
    guild: bool = True,
    mentions_bot: bool = False,
    bot_author: bool = False,
    channel: int = 5,
    bot_user: object = None,
) -> MagicMock:
    message = MagicMock(spec=discord.Message)
    message.content = content
    message.author = SimpleNamespace(id=42, bot=bot_author)
    message.webhook_id = None
    message.guild = SimpleNamespace(id=GUILD) if guild else None
    message.channel = SimpleNamespace(id=channel)
    message.mentions = [bot_user] if mentions_bot else []
    message.reply = AsyncMock()
    return message


async def test_messages_answered_only_when_addressed(cog):
    ignored = make_message("what is the cpc")
    await cog.on_message(ignored)
    ignored.reply.assert_not_awaited()

    own = make_message("what is the cpc", guild=False, bot_author=True)
    await cog.on_message(own)
    own.reply.assert_not_awaited()

    dm = make_message("what is the cpc", guild=False)
    await cog.on_message(dm)
    dm.reply.assert_awaited_once()
    assert dm.reply.await_args.kwargs["embed"].title.startswith("CPC:")
    assert dm.reply.await_args.kwargs["mention_author"] is False


async def test_mention_is_stripped_and_answered(cog):
    message = make_message(
        f"<@{BOT_ID}> how much do ccs coders make", mentions_bot=True, bot_user=cog.bot.user
    )
    await cog.on_message(message)
    message.reply.assert_awaited_once()
    assert message.reply.await_args.kwargs["embed"].title == "CCS: Salary"


async def test_bare_mention_gets_a_greeting(cog):
    message = make_message(f"<@{BOT_ID}>", mentions_bot=True, bot_user=cog.bot.user)
    await cog.on_message(message)
    assert message.reply.await_args.args[0].startswith("Hi! Ask me about coding certifications")


async def test_ask_channel_answers_matches_and_stays_quiet_otherwise(channel_cog):
    answered = make_message("how many CEUs for the CPC?", channel=ASK_CHANNEL)
    await channel_cog.on_message(answered)
    answered.reply.assert_awaited_once()
    assert answered.reply.await_args.kwargs["embed"].title == "CPC: Keeping it (recertification)"

    chatter = make_message("what's the best pizza in town?", channel=ASK_CHANNEL)
    await channel_cog.on_message(chatter)
    chatter.reply.assert_not_awaited()  # no decline for every chat message

    elsewhere = make_message("how many CEUs for the CPC?", channel=ASK_CHANNEL + 1)
    await channel_cog.on_message(elsewhere)
    elsewhere.reply.assert_not_awaited()


async def test_ask_channel_leaves_a_running_round_its_chat(channel_cog, rounds_running):
    rounds_running.add(ASK_CHANNEL)
    during = make_message("what is the CPC?", channel=ASK_CHANNEL)
    await channel_cog.on_message(during)
    during.reply.assert_not_awaited()
    # a mention is still answered during a round
    mention = make_message(
        "what is the CPC?", channel=ASK_CHANNEL, mentions_bot=True, bot_user=channel_cog.bot.user
    )
    await channel_cog.on_message(mention)
    mention.reply.assert_awaited_once()


async def test_ask_channels_are_cached_and_changes_take_effect_at_once():
    settings = FakeGuildSettings()
    channels = AskChannels(settings)  # type: ignore[arg-type]
    assert not await channels.contains(GUILD, ASK_CHANNEL)
    assert not await channels.contains(GUILD, ASK_CHANNEL)
    assert settings.reads == 1  # the second look is the cache
    await channels.add(GUILD, ASK_CHANNEL)
    assert await channels.contains(GUILD, ASK_CHANNEL)
    await channels.remove(GUILD, ASK_CHANNEL)
    assert not await channels.contains(GUILD, ASK_CHANNEL)
    assert settings.reads == 3


# --------------------------------------------------------------------------- sources


def _sources_button(view: discord.ui.View):
    return next(item for item in view.children if getattr(item, "custom_id", "").startswith("cc:src:"))


async def test_a_short_source_list_and_a_sources_button_that_survives_a_restart(cog, knowledge):
    pair = make_interaction()
    await cog.compare.callback(cog, pair, "CPC", "CCS")
    kwargs = sent(pair)
    sources = next(f for f in kwargs["embed"].fields if f.name == "Sources")
    assert len(sources.value) <= 300 and "press Sources" in sources.value
    assert len(kwargs["embed"].footer.text or "") <= 300
    button = _sources_button(kwargs["view"])
    assert button.custom_id == "cc:src:x:cpc:ccs" and button.item.label == "Sources"

    # After a restart: a fresh cog rebuilds the button from the posted custom_id alone.
    fresh = KnowledgeCog(make_bot(), knowledge, cooldown_seconds=30.0)
    template = fresh.sources_item.__discord_ui_compiled_template__
    rebuilt = await fresh.sources_item.from_custom_id(
        MagicMock(), MagicMock(), template.fullmatch(button.custom_id)
    )
    click = make_interaction()
    await rebuilt.callback(click)
    reply = sent(click)
    assert reply["ephemeral"] is True and reply["allowed_mentions"].everyone is False
    full = "\n".join(f.value for f in reply["embed"].fields)
    assert reply["embed"].title == "Sources: CPC vs CCS"
    numbered = [line for line in full.splitlines() if line.startswith("[")]
    shown = [line for line in sources.value.splitlines() if line.startswith("[")]
    assert len(numbered) > len(shown) and numbered[: len(shown)] != []  # every source, not just those shown
    assert "(n.d., read 2026-11-24)" in full  # each with its date


async def test_the_sources_option_sends_the_full_list_privately(cog):
    cert = make_interaction()
    await cog.cert.callback(cog, cert, "CPC", sources=True)
    assert sent(cert)["embed"].title.startswith("CPC:")
    cert.followup.send.assert_awaited_once()
    follow = cert.followup.send.await_args.kwargs
    assert follow["ephemeral"] is True and follow["embed"].title.startswith("Sources: CPC")

    plain = make_interaction()
    await cog.cert.callback(cog, plain, "CPC")
    plain.followup.send.assert_not_awaited()


async def test_an_unknown_sources_key_is_answered_kindly(cog):
    click = make_interaction()
    await cog.on_sources(click, "f:no-such-entry:exam")
    reply = sent(click)
    assert reply["ephemeral"] is True and "no longer" in reply["embed"].description


async def test_a_free_form_answer_carries_the_sources_button(cog):
    message = make_message("how many questions are on the CPC exam", guild=False)
    await cog.on_message(message)
    view = message.reply.await_args.kwargs["view"]
    assert _sources_button(view).custom_id.startswith("cc:src:")

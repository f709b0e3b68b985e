"""Knowledge cog callbacks with spec'd fakes, and every answer's embed within Discord's limits."""

from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.config import Secret, Settings
from bot.core.answers import route_card
from bot.discord_app.cogs.knowledge import KnowledgeCog
from bot.discord_app.embeds import card_to_embed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cog(knowledge, tmp_path):
    settings = Settings(token=Secret("x"), cooldown_seconds=30.0, db_path=tmp_path / "db.sqlite3")
    bot = MagicMock()
    bot.settings = settings
    bot.user = SimpleNamespace(id=999, mention="<@999>")
    services = SimpleNamespace(settings=settings, knowledge=knowledge)  # no quiz services
    return KnowledgeCog(bot, services)


def make_interaction(user_id: int = 1) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.user = SimpleNamespace(id=user_id)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.send_message = AsyncMock()
    interaction.response.is_done = MagicMock(return_value=False)
    return interaction


def sent(interaction: MagicMock) -> dict:
    interaction.response.send_message.assert_awaited_once()
    return interaction.response.send_message.await_args.kwargs


def embed_text(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{f.name} {f.value}" for f in embed.fields]
    return "\n".join(parts)


async def test_ask_answers_with_an_embed_and_echoes_the_question(cog):
    interaction = make_interaction()
    await cog.ask.callback(cog, interaction, "how many CEUs for the CPC?")
    kwargs = sent(interaction)
    assert kwargs["content"].startswith("**Q:** how many CEUs for the CPC?")
    assert "recertification" in kwargs["embed"].title.lower()
    assert "Sources:" in kwargs["embed"].footer.text


async def test_ask_cooldown_is_ephemeral(cog):
    first, second = make_interaction(), make_interaction()
    await cog.ask.callback(cog, first, "what is the CRC")
    await cog.ask.callback(cog, second, "what is the CCS")
    kwargs = sent(second)
    assert kwargs["ephemeral"] is True
    assert "Slow down" in interaction_text(second)


def interaction_text(interaction: MagicMock) -> str:
    args = interaction.response.send_message.await_args
    return (args.args[0] if args.args else "") + (args.kwargs.get("content") or "")


async def test_compare_pair_same_pair_and_unknown(cog):
    pair = make_interaction()
    await cog.compare.callback(cog, pair, "CPC", "ccs")
    embed = sent(pair)["embed"]
    assert embed.title == "CPC vs CCS"
    assert any(f.name == "Recertification" for f in embed.fields)

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
    assert sent(cert)["embed"].title.startswith("CRC:")

    certs = make_interaction()
    await cog.certs.callback(cog, certs)
    assert "CPC" in embed_text(sent(certs)["embed"])

    path = make_interaction()
    await cog.path.callback(cog, path, discord.app_commands.Choice(name="Inpatient", value="inpatient"))
    assert "inpatient" in sent(path)["embed"].title.lower()

    helped = make_interaction()
    await cog.help.callback(cog, helped)
    kwargs = sent(helped)
    assert kwargs["ephemeral"] is True and "/compare" in embed_text(kwargs["embed"])


async def test_autocomplete_choices(cog):
    choices = await cog._credential_autocomplete(make_interaction(), "cr")
    assert choices and choices[0].value == "CRC"
    assert len(await cog._credential_autocomplete(make_interaction(), "")) <= 25
    assert all(len(c.name) <= 100 for c in await cog._credential_autocomplete(make_interaction(), "c" * 500))


def make_message(
    content: str, *, guild: bool = True, mentions_bot: bool = False, bot_author: bool = False
) -> MagicMock:
    message = MagicMock(spec=discord.Message)
    message.content = content
    message.author = SimpleNamespace(id=42, bot=bot_author)
    message.webhook_id = None
    message.guild = SimpleNamespace(id=1) if guild else None
    message.channel = SimpleNamespace(id=7)
    message.mentions = [SimpleNamespace(id=999)] if mentions_bot else []
    message.reply = AsyncMock()
    return message


async def test_messages_answered_only_when_addressed(cog):
    cog.bot.user = cog.bot.user  # the same object the mention list compares against
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


async def test_mention_is_stripped_and_answered(cog):
    message = make_message("<@999> how much do ccs coders make", mentions_bot=True)
    message.mentions = [cog.bot.user]
    await cog.on_message(message)
    message.reply.assert_awaited_once()
    assert "Salary" in message.reply.await_args.kwargs["embed"].title


def _all_cards(knowledge):
    kb = knowledge.kb
    yield knowledge.certs()
    for cred in kb.credentials.values():
        yield knowledge.cert(cred.abbr)
    for topic in kb.topics.values():
        yield route_card(kb, SimpleNamespace(kind="topic", entry_ids=(topic.id,), facet=None, suggestions=()))
    core = [c.abbr for c in kb.core_credentials()]
    for first, second in itertools.combinations(core, 2):
        yield knowledge.compare(first, second)


def test_every_answer_fits_discord_limits(knowledge):
    count = 0
    for card in _all_cards(knowledge):
        embed = card_to_embed(card)
        assert len(embed) <= 6000, card.title
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25
        assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in embed.fields), card.title
        assert len(embed.footer.text or "") <= 2048
        count += 1
    assert count > 60

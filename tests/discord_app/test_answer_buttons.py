"""Answer buttons: the custom_id formats of posted messages keep working, each kind reaches the
handler its extension bound, and a click is answered privately (deferred when slow)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.cards.model import Strong, Text
from bot.discord_app import replies
from bot.discord_app.answer_buttons import AnswerButtons, feedback_message, record_click
from bot.discord_app.exts.daily._views import daily_buttons
from bot.discord_app.exts.rounds._views import round_buttons
from bot.services.errors import QuizError


async def _ignore(interaction: discord.Interaction, target: int, choice: int) -> None:
    raise AssertionError("not clicked in this test")


def test_custom_ids_are_the_posted_formats():
    rounds, daily = round_buttons(_ignore), daily_buttons(_ignore)
    view = rounds.view(41, 4)
    assert [b.custom_id for b in view.children] == [f"cc:r:41:{n}" for n in range(4)]
    assert [b.item.label for b in view.children] == ["A", "B", "C", "D"]
    assert all(b.item.style is discord.ButtonStyle.primary for b in view.children)
    assert view.timeout is None
    assert [b.custom_id for b in daily.view(7, 5).children][-1] == "cc:d:7:4"


def test_each_kind_matches_only_its_own_ids():
    rounds, daily = round_buttons(_ignore).item, daily_buttons(_ignore).item
    template = rounds.__discord_ui_compiled_template__
    assert template.fullmatch("cc:r:123:4")["target"] == "123"
    assert template.fullmatch("cc:d:123:4") is None
    assert template.fullmatch("cc:r:123:10") is None
    assert daily.__discord_ui_compiled_template__.fullmatch("cc:d:9:0")["choice"] == "0"
    assert daily.__discord_ui_compiled_template__.fullmatch("cc:r:9:0") is None


async def test_a_click_on_an_old_message_reaches_the_bound_handler():
    clicks: list[tuple[int, int]] = []

    async def on_click(interaction: discord.Interaction, target: int, choice: int) -> None:
        clicks.append((target, choice))

    buttons = AnswerButtons("r", on_click)
    template = buttons.item.__discord_ui_compiled_template__
    button = await buttons.item.from_custom_id(MagicMock(), MagicMock(), template.fullmatch("cc:r:55:2"))
    await button.callback(MagicMock())
    assert clicks == [(55, 2)]
    assert button.item.custom_id == "cc:r:55:2" and button.item.label == "C"


def make_interaction(age: float = 0.0) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.id = 1
    interaction.created_at = discord.utils.utcnow() - timedelta(seconds=age)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.send_message = AsyncMock()
    interaction.response.defer = AsyncMock()
    interaction.response.is_done = MagicMock(return_value=False)
    interaction.followup = MagicMock(spec=discord.Webhook)
    interaction.followup.send = AsyncMock()
    return interaction


async def _value(value):
    return value


async def _raise(exc: Exception):
    raise exc


def _feedback(result: object) -> Text:
    return ("Locked in ", Strong("B"), ".")


async def test_record_click_answers_privately_with_discord_formatting():
    interaction = make_interaction()
    result = SimpleNamespace(reveal_now=False)
    got = await record_click(interaction, _value(result), _feedback, "r:1:1")
    assert got is result
    interaction.response.defer.assert_not_awaited()
    interaction.response.send_message.assert_awaited_once_with("Locked in **B**.", ephemeral=True)


async def test_record_click_tells_the_member_what_went_wrong(caplog):
    refused = make_interaction()
    assert await record_click(refused, _raise(QuizError("This round is over.")), _feedback, "r:1:1") is None
    refused.response.send_message.assert_awaited_once_with("This round is over.", ephemeral=True)

    broken = make_interaction()
    with caplog.at_level(logging.ERROR):
        assert await record_click(broken, _raise(RuntimeError("db")), _feedback, "r:1:1") is None
    assert "couldn't record that answer" in broken.response.send_message.await_args.args[0]
    assert any("answer button r:1:1 failed" in r.getMessage() for r in caplog.records)


async def test_a_slow_answer_is_deferred_first_then_sent_as_a_followup(monkeypatch):
    monkeypatch.setattr(replies, "ACK_BUDGET", 0.05)
    interaction = make_interaction()

    async def slow() -> object:
        await asyncio.sleep(0.2)
        interaction.response.is_done.return_value = True  # the defer acknowledged it
        return SimpleNamespace(reveal_now=False)

    await record_click(interaction, slow(), _feedback, "d:1:1")
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    interaction.followup.send.assert_awaited_once_with("Locked in **B**.", ephemeral=True)


async def test_an_old_click_has_less_time_before_the_defer(monkeypatch):
    """The budget counts from the click, not from when the bot saw it."""
    interaction = make_interaction(age=5.0)

    async def quick() -> object:
        await asyncio.sleep(0.01)
        return SimpleNamespace(reveal_now=False)

    await replies.in_time(interaction, quick())
    interaction.response.defer.assert_awaited_once()


@pytest.mark.parametrize("done", [False, True])
async def test_send_ephemeral_picks_response_or_followup(done):
    interaction = make_interaction()
    interaction.response.is_done.return_value = done
    await replies.send_ephemeral(interaction, "hi")
    target = interaction.followup.send if done else interaction.response.send_message
    target.assert_awaited_once_with("hi", ephemeral=True)


def test_long_feedback_is_clipped_in_the_explanation_keeping_the_verdict_and_streak():
    text = (Strong("B"), " is correct! +15 points.", "\n\n" + "because " * 400, "\n\nDaily streak: 3.")
    message = feedback_message(text)
    assert len(message) <= 2000
    assert message.startswith("**B** is correct!") and message.endswith("…\n\nDaily streak: 3.")
    assert feedback_message("short") == "short"

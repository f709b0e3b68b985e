"""The feedback buttons: the vote buttons' custom_ids carry the vote and the answer (never the
member) and fit Discord's 100 characters; the /unanswered page lays out one row per item and a
navigation row; the knowledge slice composes its answer view from the buttons it is given."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from unittest.mock import AsyncMock

import discord

from bot.core.feedback import ItemKind, ItemStatus
from bot.discord_app.exts.feedback._views import QueueButton, VoteButton, queue_view, vote_buttons
from bot.discord_app.exts.knowledge._views import answer_view
from bot.services.feedback import PAGE_SIZE, UnansweredPage
from bot.store.interface import UnansweredItem

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def item(n: int) -> UnansweredItem:
    return UnansweredItem(n, 1, ItemKind.DECLINED, f"question {n}", "", n, T0, T0, ItemStatus.OPEN)


def test_vote_buttons_carry_the_vote_and_the_answer_only():
    helpful, unhelpful = vote_buttons("compare:ccs,cpc")
    assert (helpful.custom_id, unhelpful.custom_id) == ("cc:fb:y:compare:ccs,cpc", "cc:fb:n:compare:ccs,cpc")
    assert [b.custom_id for b in vote_buttons(None)] == ["cc:fb:y:", "cc:fb:n:"]
    assert [b.item.label for b in vote_buttons("cpc")] == ["Helpful", "Not helpful"]
    longest = vote_buttons("x" * 500)[1].custom_id
    assert len(longest) <= 100
    template = VoteButton.__discord_ui_compiled_template__
    match = template.fullmatch(longest)
    assert match is not None and match["vote"] == "n"
    assert template.fullmatch("cc:fb:n:CPC <@1>") is None and template.fullmatch("cc:fb:x:cpc") is None


def test_answer_view_is_persistent_and_holds_the_given_items():
    view = answer_view(vote_buttons("cpc"))
    assert view.timeout is None and view.is_persistent()
    assert [c.custom_id for c in view.children] == ["cc:fb:y:cpc", "cc:fb:n:cpc"]


def test_queue_view_has_a_row_per_item_and_navigation():
    page = UnansweredPage(tuple(item(n) for n in range(5, 5 + PAGE_SIZE)), 1, 3, 3 * PAGE_SIZE, 0, 90)
    view = queue_view(page)
    ids = [c.custom_id for c in view.children]
    assert ids[:2] == ["cc:unq:d:5:1", "cc:unq:k:5:1"]
    first = PAGE_SIZE + 1
    assert [c.item.label for c in view.children][:2] == [f"Dismiss #{first}", f"Add #{first} to KB"]
    assert ids[-2:] == ["cc:unq:p:0:0", "cc:unq:p:1:2"]  # Previous, Next
    assert max(c.item.row for c in view.children) == PAGE_SIZE  # Discord's five rows
    last = queue_view(UnansweredPage((item(1),), 0, 1, 1, 0, 90))
    assert [c.custom_id for c in last.children] == ["cc:unq:d:1:0", "cc:unq:k:1:0"]


async def test_a_member_without_manage_server_cannot_use_the_queue_buttons():
    sent = AsyncMock()
    interaction = SimpleNamespace(
        guild_id=1,
        permissions=discord.Permissions.none(),
        response=SimpleNamespace(is_done=lambda: False, send_message=sent),
        id=5,
    )
    await QueueButton("d", 3, 0).callback(interaction)  # type: ignore[arg-type]
    sent.assert_awaited_once()
    assert "Only moderators" in sent.await_args.args[0] and sent.await_args.kwargs["ephemeral"] is True

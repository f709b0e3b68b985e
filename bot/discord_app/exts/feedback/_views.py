"""The feedback buttons: "Helpful / Not helpful" under every free-form answer, and the
moderators' per-item buttons on an /unanswered page.

Both are ``DynamicItem``s, so the buttons of messages sent before a restart keep working. A vote
button's custom_id carries the vote and what the bot answered with (``cc:fb:n:cpc``), never the
member; the question is the member message the answer replies to. A queue button's carries the
action, the item and the page (``cc:unq:d:12:0``); it checks Manage Server on every click.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Self, cast

import discord

from ....cards.feedback import item_label, unanswered_card
from ....core.feedback import answer_key
from ....services.feedback import PAGE_SIZE, UnansweredPage
from ...embeds import card_to_embed
from ...replies import in_time, send_ephemeral
from ._format import ACTIONS, FAILED, HELPFUL, MODERATORS_ONLY, NOT_HELPFUL

if TYPE_CHECKING:
    from ....services.feedback import FeedbackService

log = logging.getLogger("certcoach.feedback")


def _service(interaction: discord.Interaction) -> FeedbackService:
    return cast("FeedbackService", interaction.client.services.feedback)  # type: ignore[attr-defined]


async def asked_text(message: discord.Message | None) -> str:
    """The member's question an answer replies to ('' when it is gone or unreadable)."""
    ref = message.reference if message is not None else None
    if ref is None or ref.message_id is None:
        return ""
    if isinstance(ref.resolved, discord.Message):
        return ref.resolved.content
    if isinstance(ref.resolved, discord.DeletedReferencedMessage) or message is None:
        return ""
    try:  # not in the payload: ask Discord (a deleted question is simply not queued)
        return (await message.channel.fetch_message(ref.message_id)).content
    except discord.HTTPException:
        return ""


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"cc:fb:(?P<vote>[yn]):(?P<answer>[a-z0-9:,._-]{0,80})",
):
    def __init__(self, helpful: bool, answer: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=HELPFUL if helpful else NOT_HELPFUL,
                style=discord.ButtonStyle.secondary,
                custom_id=f"cc:fb:{'y' if helpful else 'n'}:{answer}",
            )
        )
        self.helpful = helpful
        self.answer = answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match["vote"] == "y", match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        message = interaction.message
        try:
            question = await asked_text(message) if interaction.guild_id is not None else ""
            answered_at = message.created_at if message is not None else discord.utils.utcnow()
            vote = _service(interaction).vote(
                interaction.guild_id,
                message.id if message is not None else interaction.id,
                interaction.user.id,
                helpful=self.helpful,
                question=question,
                answer=self.answer,
                answered_at=answered_at,
            )
            await send_ephemeral(interaction, await in_time(interaction, vote))
        except Exception:
            log.exception("vote on an answer failed")
            await send_ephemeral(interaction, FAILED)


def vote_buttons(topic_id: str | None) -> list[discord.ui.Item[Any]]:
    """The two vote buttons for an answer given with the entry ``topic_id`` (None: a decline)."""
    answer = answer_key(topic_id)
    return [VoteButton(True, answer), VoteButton(False, answer)]


class QueueButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"cc:unq:(?P<act>[dkp]):(?P<item>\d{1,19}):(?P<page>\d{1,5})",
):
    def __init__(self, act: str, item: int, page: int, *, label: str = "", row: int | None = None) -> None:
        style = discord.ButtonStyle.danger if act == "d" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                label=label or act, style=style, custom_id=f"cc:unq:{act}:{item}:{page}", row=row
            )
        )
        self.act, self.item_id, self.page = act, item, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(match["act"], int(match["item"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        perms = interaction.permissions
        if interaction.guild_id is None or not perms.manage_guild:
            await send_ephemeral(interaction, MODERATORS_ONLY)
            return
        service = _service(interaction)
        try:
            note = ""
            if self.act == "d":
                note = await service.dismiss(interaction.guild_id, self.item_id)
            elif self.act == "k":
                note = await service.mark_for_kb(interaction.guild_id, self.item_id)
            page = await service.page(interaction.guild_id, self.page)
            await interaction.response.edit_message(
                content=note or None, embed=card_to_embed(unanswered_card(page)), view=queue_view(page)
            )
        except Exception:
            log.exception("unanswered queue action %s on %s failed", self.act, self.item_id)
            await send_ephemeral(interaction, FAILED)


def queue_view(page: UnansweredPage) -> discord.ui.View:
    """Per item a row with Dismiss and Add to KB; then Previous / Next when there are pages."""
    view = discord.ui.View(timeout=None)
    for row, item in enumerate(page.items):
        label = item_label(page.page * PAGE_SIZE + row + 1)
        for act in ("d", "k"):
            view.add_item(QueueButton(act, item.id, page.page, label=ACTIONS[act].format(label), row=row))
    if page.pages > 1:
        nav = len(page.items)
        if page.page > 0:
            view.add_item(QueueButton("p", 0, page.page - 1, label="Previous", row=nav))
        if page.page + 1 < page.pages:
            view.add_item(QueueButton("p", 1, page.page + 1, label="Next", row=nav))
    return view

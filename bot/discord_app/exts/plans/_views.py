"""The "Stop reminders" button under each reminder DM: custom_id ``cc:plan:stop:<user id>``, a
DynamicItem so it works on reminders sent before a restart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self, cast

import discord

from ...replies import send_ephemeral
from ._format import reminders_off_message

if TYPE_CHECKING:
    from ....services.plans import PlanService

NOT_YOURS = "This button belongs to the member the reminder was sent to."


class StopRemindersButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"cc:plan:stop:(?P<uid>[0-9]{1,20})",
):
    def __init__(self, user_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Stop reminders",
                style=discord.ButtonStyle.secondary,
                custom_id=f"cc:plan:stop:{user_id}",
            )
        )
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        return cls(int(match["uid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            await send_ephemeral(interaction, NOT_YOURS)
            return
        plans = cast("PlanService", interaction.client.services.plans)  # type: ignore[attr-defined]
        stopped = await plans.reminders_off(self.user_id)
        await send_ephemeral(interaction, reminders_off_message(stopped))


def stop_view(user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StopRemindersButton(user_id))
    return view

"""/drill: a private drill on the member's weakest exam area, or the one they name."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from ....cards.practice_drills import start_note
from ....core.practice_drills.choose import MAX_COUNT, MIN_COUNT
from ....services.practice_drills import PracticeDrillService
from ...exam_choices import EXAM_CHOICES
from ._format import area_choices
from ._views import BUTTONS, question_message, update

if TYPE_CHECKING:
    from ...client import CertCoachBot


class PracticeDrillsCog(commands.Cog, name="Drills"):
    def __init__(self, bot: CertCoachBot, drills: PracticeDrillService) -> None:
        self.bot = bot
        self.drills = drills

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*BUTTONS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*BUTTONS)

    @app_commands.command(
        name="drill", description="A private drill on your weakest exam area, or one you name"
    )
    @app_commands.describe(
        exam="The exam (by default the one you practise most)",
        area="The exam area (by default your weakest lately)",
        count=f"How many questions ({MIN_COUNT}-{MAX_COUNT}, 10 by default)",
    )
    @app_commands.choices(exam=EXAM_CHOICES)
    async def drill(
        self,
        interaction: discord.Interaction,
        exam: str | None = None,
        area: str | None = None,
        count: app_commands.Range[int, 1, 50] | None = None,
    ) -> None:
        work = self.drills.start(interaction.user.id, exam=exam, area=area, count=count)
        await update(
            interaction,
            work,
            lambda start: question_message(start.question, start_note(start)),
            new_message=True,
        )

    @drill.autocomplete("area")
    async def _area_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return area_choices(self.drills, getattr(interaction.namespace, "exam", None), current)

"""/stats as an embed: the readiness fields, and the chart shown as the embed's image."""

from __future__ import annotations

from bot.cards.stats import CHART_FILE, stats_card
from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.stats import Streaks
from bot.discord_app.embeds import card_to_embed
from bot.services.readiness import ReadinessService
from bot.services.stats import DomainStats, MemberStats

CPC = Blueprint(
    "CPC", "CPC", 100, 240, 70, "t", (AreaShare("cpc.icd10cm", 60, "t"), AreaShare("cpc.anatomy", 40, "t"))
)


async def test_the_chart_is_the_embed_image_by_attachment_name():
    domains = (DomainStats("cpc.anatomy", "Anatomy", 3, 2), DomainStats("cpc.icd10cm", "ICD-10-CM", 12, 9))
    member = MemberStats(7, 15, 11, 0, Streaks(), domains, None)
    found = await ReadinessService({"CPC": CPC}).reports(member)
    embed = card_to_embed(stats_card(member, "ann", found, chart=CHART_FILE))
    assert embed.image.url == f"attachment://{CHART_FILE}"
    readiness = {f.name: f.value for f in embed.fields}["CPC readiness"]
    assert (
        readiness.startswith("About **")
        and "% chance of passing today**. From 15 practice answers" in readiness
    )
    assert card_to_embed(stats_card(member, "ann", found)).image.url is None

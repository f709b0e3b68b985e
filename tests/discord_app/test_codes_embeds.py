"""Code answers as Discord embeds: within Discord's limits for the heaviest entries, with the
seventh-character table kept (it comes before the notes, which may be clipped)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.cards.codes import children_card, lookup_card, search_card
from bot.discord_app.embeds import card_to_embed
from bot.services.codes import CodesService


@pytest.fixture
def codes(code_cache_dir):
    return CodesService(code_cache_dir, clock=lambda: datetime(2026, 11, 28, tzinfo=UTC))


@pytest.mark.parametrize(
    "code", ["J45.909", "S72.001A", "T38.3X1A", "O09.90", "E11.9", "C50.911", "Z00.00", "S72"]
)
async def test_lookups_fit_discord(codes, code):
    embed = card_to_embed(lookup_card(await codes.lookup(code)))
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    assert all(len(f.value) <= 1024 for f in embed.fields)
    assert "ICD-10-CM FY2026" in embed.footer.text
    if code.startswith(("S72.", "T38")):
        assert embed.fields[0].name.startswith("Seventh character")


async def test_search_results_fit_discord(codes):
    embed = card_to_embed(
        search_card(await codes.search("fracture of unspecified part of neck of right femur"))
    )
    assert len(embed) <= 6000 and "S72.001A" in embed.fields[0].value


async def test_pages_of_codes_fit_discord(codes):
    shown = 0
    for page in (1, 2, 3):  # 36 six-character codes under S72.0: 15, 15 and 6
        embed = card_to_embed(children_card(await codes.children("S72.0", page)))
        assert len(embed) <= 6000 and all(len(f.value) <= 1024 for f in embed.fields)
        shown += sum(f.value.count("`S72.") for f in embed.fields)
    assert shown == 36

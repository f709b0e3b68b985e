"""BanksService: the overview and swapping in freshly loaded banks."""

from __future__ import annotations

import pytest

from bot.core.banks.library import QuizLibrary
from bot.services.errors import NotFound

from .helpers import ANN, CHANNEL, GUILD


def test_banks_overview(svc):
    ov = {b.id: b for b in svc.banks.banks_overview()}
    assert ov["cpc-mixed"].count == 10 and ov["cpc-mixed"].domains == {"cpc.icd10cm": 6, "cpc.anatomy": 4}
    assert ov["ccs-coding"].exams == ("CCS",)
    assert len(svc.banks) == 13


async def test_reload_reaches_every_service(svc, library):
    rnd = await svc.rounds.start_round(GUILD, CHANNEL, ANN, count=1)
    svc.banks.reload_library(QuizLibrary())
    assert svc.banks.banks_overview() == [] and svc.banks.find("cpc-00") is None
    with pytest.raises(NotFound):
        svc.banks.question("cpc-00")
    with pytest.raises(NotFound):  # the running round keeps its ids; the question is gone
        await svc.rounds.post_question(rnd.id)
    svc.banks.reload_library(library)
    assert (await svc.rounds.post_question(rnd.id)).question.id == rnd.question_ids[0]

"""The generated ICD-10-CM drills as a question source: rounds, the daily question, stats and a
restart, on the real store (both engines) and the real FY2026 data."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.core.codes.drills import DRILL_BANK, DRILL_DOMAIN, DRILL_SOURCE, is_drill_id
from bot.services.codes import CodesService
from bot.services.errors import InvalidOption
from bot.wiring import build_quiz_services

GUILD, CHANNEL, DAILY_CHANNEL, ANN, BOB = 1, 10, 20, 100, 200


def _services(store, library, clock, cache: Path, seed: int = 5):
    return build_quiz_services(
        store, library, clock=clock, rng=random.Random(seed), codes=CodesService(cache)
    )


@pytest.fixture
def drilled(store, library, clock, code_cache_dir):
    return _services(store, library, clock, code_cache_dir)


@pytest.mark.parametrize("how", [{"exam": "icd-10-cm"}, {"bank": DRILL_BANK}, {"domain": DRILL_DOMAIN}])
async def test_a_round_of_drills(drilled, clock, how):
    rnd = await drilled.rounds.start_round(GUILD, CHANNEL, ANN, count=5, seconds=30, **how)
    assert rnd.total == 5 and all(is_drill_id(qid) for qid in rnd.question_ids)
    rq = await drilled.rounds.post_question(rnd.id)
    question = rq.question
    assert drilled.banks.question(question.id) == question
    right = await drilled.rounds.answer(rq.id, ANN, "Ann", question.answer)
    wrong = await drilled.rounds.answer(rq.id, BOB, "Bob", (question.answer + 1) % 4)
    assert right.correct and not wrong.correct and right.explanation == question.explanation
    summary = await drilled.rounds.reveal_question(rq.id)
    assert summary.correct_text == question.correct_choice and summary.total == 2
    counts = await drilled.stats.member_stats(GUILD, ANN)
    assert [(d.domain, d.title, d.answered) for d in counts.domains] == [
        (DRILL_DOMAIN, "ICD-10-CM drills", 1)
    ]


async def test_drills_never_mix_into_an_exam_round(drilled):
    rnd = await drilled.rounds.start_round(GUILD, CHANNEL, ANN, exam="CPC", count=10, seconds=30)
    assert not any(is_drill_id(qid) for qid in rnd.question_ids)


async def test_the_daily_question_can_be_a_drill(drilled, clock):
    await drilled.guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "10:00", "UTC", exam=DRILL_SOURCE)
    clock.advance(hours=1)
    post = await drilled.daily.create_daily_post(GUILD)
    assert post is not None and is_drill_id(post.question.id)
    answer = await drilled.daily.answer_daily(post.id, ANN, "Ann", post.question.answer)
    assert answer.correct


async def test_without_the_code_data_drills_are_not_offered(svc):
    assert DRILL_BANK not in {b.id for b in svc.banks.banks_overview()}
    with pytest.raises(InvalidOption):
        await svc.rounds.start_round(GUILD, CHANNEL, ANN, bank=DRILL_BANK, count=5, seconds=30)


async def test_a_round_of_drills_survives_a_restart(store, library, clock, code_cache_dir):
    first = _services(store, library, clock, code_cache_dir)
    rnd = await first.rounds.start_round(GUILD, CHANNEL, ANN, bank=DRILL_BANK, count=3, seconds=30)
    rq = await first.rounds.post_question(rnd.id)
    asked = rq.question

    # A new process: its code data is not loaded yet, and the round's question still resolves.
    again = _services(store, library, clock, code_cache_dir)
    assert (await again.rounds.get_round_question(rq.id)).question == asked
    assert (await again.rounds.answer(rq.id, ANN, "Ann", asked.answer)).correct


async def test_the_banks_overview_lists_the_drills(drilled):
    line = next(b for b in drilled.banks.banks_overview() if b.id == DRILL_BANK)
    assert line.generated and line.count == 0  # counted at first use
    await drilled.rounds.start_round(GUILD, CHANNEL, ANN, bank=DRILL_BANK, count=1, seconds=30)
    line = next(b for b in drilled.banks.banks_overview() if b.id == DRILL_BANK)
    assert line.count > 40_000 and "CPC" in line.exams

"""PracticeDrillService on both engines: the weakest area from quiz answers, fresh questions
first, immediate feedback committed and published, resume or replace, a summary with the area's
accuracy before and now, and a drill that carries on after a restart."""

from __future__ import annotations

import random

import pytest

from bot.core.blueprints.model import AreaShare, Blueprint
from bot.core.practice_drills.choose import Accuracy
from bot.services.errors import InvalidOption, NotAllowed, QuizError
from bot.services.practice import PracticeResult
from bot.services.practice_drills import PracticeDrillService
from bot.store import open_store

from .helpers import ANN, BOB, CHANNEL, GUILD, build_quiz_services

RIGHT, WRONG = 1, 0  # the test banks' CPC key is B (index 1)


async def quiz(svc, user: int, domain: str, count: int, choice: int, *, channel: int = CHANNEL) -> list[str]:
    """A quiz round on one area answered by ``user`` with ``choice`` every time; its question ids."""
    rnd = await svc.rounds.start_round(GUILD, channel, user, domain=domain, count=count, seconds=30)
    asked = []
    for _ in range(count):
        rq = await svc.rounds.post_question(rnd.id)
        await svc.rounds.answer(rq.id, user, "ann", choice)
        await svc.rounds.reveal_question(rq.id)
        asked.append(rq.question.id)
    return asked


def published(svc) -> list[PracticeResult]:
    seen: list[PracticeResult] = []

    async def keep(result: PracticeResult) -> None:
        if result.source == "drill":  # quiz rounds publish their answers too
            seen.append(result)

    svc.events.subscribe(keep)
    return seen


async def test_the_weakest_area_is_drilled_with_fresh_questions_first(svc, store):
    await quiz(svc, ANN, "cpc.icd10cm", 3, RIGHT)
    wrong = await quiz(svc, ANN, "cpc.anatomy", 2, WRONG, channel=CHANNEL + 1)
    start = await svc.practice_drills.start(ANN, exam="cpc", count=3)
    assert start.weakest and not start.resumed and not start.replaced
    assert (start.question.domain, start.question.exam, start.question.total) == ("cpc.anatomy", "CPC", 3)
    assert start.accuracy == Accuracy(0, 2)
    drill = await store.drills.get_drill(start.question.session_id)
    # the two anatomy questions never answered come first, then the one answered longest ago
    assert set(drill.question_ids[:2]) == {f"cpc-0{i}" for i in range(6, 10)} - set(wrong)
    assert drill.question_ids[2] == wrong[0]


async def test_answers_get_feedback_are_published_and_sum_up(svc, clock):
    results = published(svc)
    await quiz(svc, ANN, "cpc.anatomy", 2, WRONG)
    clock.advance(minutes=5)
    start = await svc.practice_drills.start(ANN, area="cpc.anatomy", count=2)
    q = start.question
    assert (q.number, q.total, start.weakest) == (1, 2, False)
    clock.advance(seconds=9)
    first = await svc.practice_drills.answer(ANN, q.session_id, 0, q.question.answer, guild_id=GUILD)
    assert first.correct and not first.finished and first.question.explanation
    with pytest.raises(QuizError, match="already answered"):
        await svc.practice_drills.answer(ANN, q.session_id, 0, 2)
    with pytest.raises(NotAllowed):
        await svc.practice_drills.answer(BOB, q.session_id, 1, 1)
    assert [(r.question_id, r.correct, r.source, r.seconds, r.guild_id) for r in results] == [
        (q.question.id, True, "drill", 9.0, GUILD)
    ]
    second_q = await svc.practice_drills.next_question(ANN, q.session_id)
    assert second_q.number == 2 and second_q.question.id != q.question.id
    second = await svc.practice_drills.answer(ANN, q.session_id, 1, (second_q.question.answer + 1) % 4)
    assert not second.correct and second.finished
    assert await svc.practice_drills.next_question(ANN, q.session_id) is None
    summary = await svc.practice_drills.finish(ANN, q.session_id)
    assert (summary.right, summary.asked, summary.total) == (1, 2, 2)
    assert summary.before == Accuracy(0, 2) and summary.now == Accuracy(1, 4)
    assert await svc.practice_drills.current(ANN) is None
    assert len(results) == 2 and results[1].source == "drill" and results[1].guild_id is None


async def test_a_start_with_no_options_resumes_and_another_area_replaces(svc):
    first = await svc.practice_drills.start(ANN, area="cpc.anatomy", count=3)
    await svc.practice_drills.answer(ANN, first.question.session_id, 0, 1)
    again = await svc.practice_drills.start(ANN)
    assert again.resumed and again.question.session_id == first.question.session_id
    assert again.question.position == 1
    same = await svc.practice_drills.start(ANN, area="cpc.anatomy")
    assert same.resumed
    other = await svc.practice_drills.start(ANN, area="cpc.icd10cm", count=2)
    assert other.replaced and not other.resumed and other.question.session_id != first.question.session_id
    with pytest.raises(QuizError, match="over"):
        await svc.practice_drills.answer(ANN, first.question.session_id, 1, 1)


async def test_bad_options_get_friendly_errors(svc):
    drills = svc.practice_drills
    with pytest.raises(InvalidOption, match="1 to 50"):
        await drills.start(ANN, count=0)
    with pytest.raises(InvalidOption, match="Unknown exam"):
        await drills.start(ANN, exam="XYZ")
    with pytest.raises(InvalidOption, match="CCS area"):
        await drills.start(ANN, exam="CPC", area="ccs.coding")
    with pytest.raises(InvalidOption, match="don't know the area"):
        await drills.start(ANN, area="underwater basket weaving")
    start = await drills.start(ANN, area="anatomy", count=1)  # words of a title
    assert start.question.domain == "cpc.anatomy"
    with pytest.raises(InvalidOption, match="letter from A to D"):
        await drills.answer(ANN, start.question.session_id, 0, 7)


async def test_the_usual_exam_is_taken_when_none_is_named(svc):
    await quiz(svc, ANN, "ccs.coding", 3, RIGHT)
    start = await svc.practice_drills.start(ANN, count=2)
    assert (start.question.exam, start.question.domain) == ("CCS", "ccs.coding")
    new = await svc.practice_drills.start(BOB, count=2)
    assert new.question.exam == "CPC"


async def test_with_no_answers_the_area_with_most_exam_questions_comes_first(store, clock, svc):
    blueprint = Blueprint(
        "CPC",
        "CPC",
        100,
        240,
        70,
        "test",
        (AreaShare("cpc.icd10cm", 10, "test"), AreaShare("cpc.anatomy", 30, "test")),
    )
    drills = PracticeDrillService(
        store.drills, svc.banks, {"CPC": blueprint}, svc.events, clock=clock, rng=random.Random(1)
    )
    assert drills.weighable_areas("CPC") == ["cpc.icd10cm", "cpc.anatomy"]
    assert (await drills.start(ANN, exam="CPC")).question.domain == "cpc.anatomy"


async def test_a_drill_carries_on_after_a_restart(db_location, library, clock):
    store = await open_store(db_location)
    svc = build_quiz_services(store, library, clock)
    start = await svc.practice_drills.start(ANN, area="cpc.icd10cm", count=3)
    await svc.practice_drills.answer(ANN, start.question.session_id, 0, 1)
    await store.close()

    store = await open_store(db_location)
    try:
        svc = build_quiz_services(store, library, clock, seed=7)
        current = await svc.practice_drills.current(ANN)
        assert (current.session_id, current.position) == (start.question.session_id, 1)
        resumed = await svc.practice_drills.start(ANN)
        assert resumed.resumed and resumed.question.question.id == current.question.id
        clock.advance(minutes=1)
        done = await svc.practice_drills.answer(ANN, current.session_id, 1, 0)
        assert not done.correct
        summary = await svc.practice_drills.finish(ANN, current.session_id)
        assert (summary.right, summary.asked) == (1, 2)
    finally:
        await store.close()


async def test_forget_me_deletes_the_members_drills(svc):
    start = await svc.practice_drills.start(ANN, area="cpc.anatomy", count=2)
    await svc.practice_drills.answer(ANN, start.question.session_id, 0, 1)
    await svc.practice_drills.start(BOB, area="cpc.anatomy", count=2)
    forgotten = await svc.privacy.forget(GUILD, ANN)
    assert forgotten.drills_deleted == 1 and "Deleted 1 drill(s)." in forgotten.summary
    assert await svc.practice_drills.current(ANN) is None
    assert await svc.practice_drills.current(BOB) is not None
    assert await svc.privacy.rows_naming(GUILD, ANN) == 0

"""Weak-area drills in the store, on both engines: one unfinished drill per member (a new one
finishes the old in the same transaction), an answer recorded once per position, recent results
per area from quiz, daily and drill answers, forgetting and export/import."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest

from bot.store import Database, open_store
from bot.store.records import DrillAnswerRecord

from .helpers import INTEGRITY_ERRORS, T0, answer, make_round, make_rq, new_answer, raw_write

ANN, BOB = 7, 8


def drill_answer(
    session_id: int, position: int, *, correct: bool = True, qid: str = "q1", when=T0, domain="cpc.anatomy"
) -> DrillAnswerRecord:
    return DrillAnswerRecord(session_id, position, qid, domain, 2, correct, when, 12)


async def test_a_new_drill_finishes_the_unfinished_one(store):
    first, replaced = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1", "q2"], T0)
    assert replaced is None
    assert (first.position, first.total, first.question_ids, first.active) == (0, 2, ("q1", "q2"), True)
    assert await store.drills.active_drill(ANN) == first
    second, replaced = await store.drills.start_drill(
        ANN, "CCS", "ccs.coding", ["c1"], T0 + timedelta(minutes=1)
    )
    assert replaced == first.id
    assert (await store.drills.get_drill(first.id)).finished_at == T0 + timedelta(minutes=1)
    assert await store.drills.active_drill(ANN) == second
    assert await store.drills.active_drill(BOB) is None
    other, replaced = await store.drills.start_drill(BOB, "CPC", "cpc.anatomy", ["q1"], T0)
    assert replaced is None and other.id != second.id


async def test_two_unfinished_drills_for_one_member_are_refused_by_the_schema(store):
    await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1"], T0)
    with pytest.raises(INTEGRITY_ERRORS):
        await raw_write(
            store,
            "INSERT INTO drill_sessions (user_id, exam, domain, question_ids, started_at, shown_at) "
            "VALUES (?, 'CPC', 'cpc.anatomy', ?, ?, ?)",
            ANN,
            '["q1"]' if isinstance(store.database, Database) else ["q1"],
            T0,
            T0,
        )


async def test_an_answer_is_recorded_once_per_position_and_moves_the_drill_on(store):
    drill, _ = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1", "q2"], T0)
    moved = await store.drills.record_drill_answer(drill_answer(drill.id, 0, qid="q1"))
    assert moved is not None and moved.position == 1 and not moved.all_answered
    assert await store.drills.record_drill_answer(drill_answer(drill.id, 0, qid="q1")) is None  # again
    assert await store.drills.record_drill_answer(drill_answer(drill.id, 5, qid="q2")) is None  # not there
    later = T0 + timedelta(seconds=40)
    await store.drills.show_drill_question(drill.id, 1, later)
    assert (await store.drills.get_drill(drill.id)).shown_at == later
    moved = await store.drills.record_drill_answer(drill_answer(drill.id, 1, qid="q2", correct=False))
    assert moved.all_answered
    answers = await store.drills.drill_answers(drill.id)
    assert [(a.position, a.question_id, a.correct, a.choice, a.seconds) for a in answers] == [
        (0, "q1", True, 2, 12),
        (1, "q2", False, 2, 12),
    ]
    assert answers[0].answered_at == T0
    assert await store.drills.finish_drill(drill.id, later)
    assert not await store.drills.finish_drill(drill.id, later)
    assert await store.drills.active_drill(ANN) is None


async def test_a_finished_drill_takes_no_answer(store):
    drill, _ = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1", "q2"], T0)
    await store.drills.finish_drill(drill.id, T0)
    assert await store.drills.record_drill_answer(drill_answer(drill.id, 0)) is None
    assert await store.drills.drill_answers(drill.id) == []


async def test_recent_results_merge_quiz_and_drill_answers_newest_first(store):
    rnd = await make_round(store, qids=[f"q{i}" for i in range(4)])
    for i, correct in enumerate([False, False, True]):  # quiz answers
        rq = await make_rq(store, rnd.id, index=i, qid=f"q{i}")
        given = new_answer(rq.id, ANN, correct=correct, when=T0 + timedelta(minutes=i), domain="cpc.anatomy")
        await store.answers.record_answer(dataclasses.replace(given, question_id=f"q{i}"))
    rq = await make_rq(store, rnd.id, index=3, qid="q3")
    await answer(store, rq.id, BOB, correct=True, when=T0, domain="cpc.anatomy")  # another member
    drill, _ = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["d1", "d2"], T0)
    await store.drills.record_drill_answer(drill_answer(drill.id, 0, qid="d1", when=T0 + timedelta(hours=1)))
    await store.drills.record_drill_answer(
        drill_answer(
            drill.id, 1, qid="d2", when=T0 + timedelta(hours=2), domain="cpc.radiology", correct=False
        )
    )
    recent = await store.drills.recent_results(ANN, None, 20)
    assert recent == {"cpc.anatomy": [True, True, False, False], "cpc.radiology": [False]}
    assert await store.drills.recent_results(ANN, ["cpc.anatomy"], 2) == {"cpc.anatomy": [True, True]}
    assert await store.drills.recent_results(ANN, ["cpc.radiology", "x"], 20) == {"cpc.radiology": [False]}
    assert await store.drills.recent_results(ANN, [], 20) == {}
    before = await store.drills.recent_results(ANN, None, 20, before=T0 + timedelta(minutes=30))
    assert before == {"cpc.anatomy": [True, False, False]}
    assert await store.drills.recent_results(BOB, None, 20) == {"cpc.anatomy": [True]}
    assert await store.drills.recent_questions(ANN, 10) == ["d2", "d1", "q2", "q1", "q0"]
    assert await store.drills.recent_questions(ANN, 2) == ["d2", "d1"]


async def test_forgetting_a_member_deletes_their_drills_everywhere(store):
    drill, _ = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1", "q2"], T0)
    await store.drills.record_drill_answer(drill_answer(drill.id, 0))
    await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q2"], T0)
    kept, _ = await store.drills.start_drill(BOB, "CPC", "cpc.anatomy", ["q1"], T0)
    await store.drills.record_drill_answer(drill_answer(kept.id, 0))
    assert await store.privacy.rows_naming_member(1, ANN) == 2
    result = await store.privacy.forget_member(1, ANN)
    assert result.drills_deleted == 2
    assert await store.privacy.rows_naming_member(1, ANN) == 0
    assert await store.drills.active_drill(ANN) is None
    assert await store.drills.recent_results(ANN, None, 20) == {}
    assert len(await store.drills.drill_answers(kept.id)) == 1  # another member's drill stays
    dump = await store.transfer.dump()
    assert [r["user_id"] for r in dump["drill_sessions"]] == [BOB]
    assert [r["session_id"] for r in dump["drill_answers"]] == [kept.id]


async def test_export_import_carries_drills_across_engines(store, new_database):
    drill, _ = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1", "q2"], T0)
    await store.drills.record_drill_answer(drill_answer(drill.id, 0))
    done, _ = await store.drills.start_drill(BOB, "CCS", "ccs.coding", ["c1"], T0)
    await store.drills.finish_drill(done.id, T0 + timedelta(minutes=3))
    rows = await store.transfer.dump()
    assert len(rows["drill_sessions"]) == 2 and len(rows["drill_answers"]) == 1
    for target in (await new_database("sqlite"), await new_database("postgres")):
        copy = await open_store(target)
        try:
            await copy.transfer.load(rows)
            assert await copy.transfer.dump() == rows
            assert await copy.drills.active_drill(ANN) == dataclasses.replace(drill, position=1)
            fresh, _ = await copy.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q9"], T0)
            assert fresh.id > done.id  # ids carry on past the imported ones
        finally:
            await copy.close()


async def test_two_starts_at_once_leave_one_unfinished_drill(store):
    started = await asyncio.gather(
        *(store.drills.start_drill(ANN, "CPC", "cpc.anatomy", [f"q{i}"], T0) for i in range(4))
    )
    active = await store.drills.active_drill(ANN)
    assert active is not None and active.id in {s.id for s, _ in started}
    dump = await store.transfer.dump()
    assert sum(1 for r in dump["drill_sessions"] if r["finished_at"] is None) == 1
    assert len(dump["drill_sessions"]) == 4


async def test_clicks_at_once_on_one_question_record_one_answer(store):
    drill, _ = await store.drills.start_drill(ANN, "CPC", "cpc.anatomy", ["q1", "q2"], T0)
    moved = await asyncio.gather(
        *(store.drills.record_drill_answer(drill_answer(drill.id, 0, correct=i == 0)) for i in range(5))
    )
    assert sum(1 for m in moved if m is not None) == 1
    assert [m.position for m in moved if m is not None] == [1]
    assert len(await store.drills.drill_answers(drill.id)) == 1

"""Mock exam attempts, on both engines: one active attempt per member (the database refuses a
second), moves applied once and only while active, finishing once, expired attempts, history,
recently asked questions, the time-out notice flag, forgetting and export/import."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.store import open_store
from bot.store.exam_records import ExamStep, NewExamAttempt

from .helpers import T0

ITEMS = (("q1", "cpc.a"), ("q2", "cpc.b"), ("q3", "cpc.a"))


def new(user: int = 7, exam: str = "CPC", start=T0, items=ITEMS) -> NewExamAttempt:
    return NewExamAttempt(user, exam, start, start + timedelta(minutes=10), items, channel_id=55)


async def test_one_active_attempt_per_member(store):
    first = await store.exams.create_attempt(new())
    assert first is not None and (first.status, first.length, first.position, first.channel_id) == (
        "active",
        3,
        0,
        55,
    )
    assert await store.exams.create_attempt(new(exam="CCS")) is None
    assert await store.exams.create_attempt(new(user=8)) is not None
    assert (await store.exams.active_attempt(7)) == first
    items = await store.exams.items(first.id)
    assert [(i.position, i.question_id, i.domain, i.chosen, i.flagged, i.seconds) for i in items] == [
        (0, "q1", "cpc.a", None, False, 0.0),
        (1, "q2", "cpc.b", None, False, 0.0),
        (2, "q3", "cpc.a", None, False, 0.0),
    ]
    await store.exams.finish(first.id, "submitted", T0 + timedelta(minutes=1), 5.0)
    assert await store.exams.create_attempt(new(exam="CCS", start=T0 + timedelta(minutes=2))) is not None


async def test_steps_apply_once_and_keep_answers_and_flags(store):
    a = await store.exams.create_attempt(new())
    t1 = T0 + timedelta(seconds=30)
    assert await store.exams.step(a.id, ExamStep(0, 30.0, 1, t1, chosen=2))
    assert not await store.exams.step(a.id, ExamStep(0, 30.0, 1, t1, chosen=3))  # a double click
    assert await store.exams.step(a.id, ExamStep(1, 10.0, 1, t1, flagged=True))
    assert await store.exams.step(a.id, ExamStep(1, 5.0, 0, t1))  # back: answer and flag kept
    assert await store.exams.step(a.id, ExamStep(0, 4.0, 2, t1, flagged=True))
    current = await store.exams.get_attempt(a.id)
    assert (current.position, current.shown_at) == (2, t1)
    items = await store.exams.items(a.id)
    assert [(i.chosen, i.flagged, i.seconds) for i in items] == [
        (2, True, 34.0),
        (None, True, 15.0),
        (None, False, 0.0),
    ]


async def test_finishing_happens_once_and_stops_moves(store):
    a = await store.exams.create_attempt(new())
    done = await store.exams.finish(a.id, "timed_out", T0 + timedelta(minutes=10), 12.5)
    assert done is not None and (done.status, done.submitted_at) == ("timed_out", T0 + timedelta(minutes=10))
    assert await store.exams.finish(a.id, "submitted", T0 + timedelta(minutes=11), 1.0) is None
    assert not await store.exams.step(a.id, ExamStep(0, 1.0, 1, T0))
    assert [i.seconds for i in await store.exams.items(a.id)] == [12.5, 0.0, 0.0]
    assert await store.exams.active_attempt(7) is None


async def test_expired_attempts_and_the_time_out_notice(store):
    a = await store.exams.create_attempt(new())
    b = await store.exams.create_attempt(new(user=8, start=T0 + timedelta(minutes=5)))
    assert await store.exams.expired_attempts(T0 + timedelta(minutes=9)) == []
    assert [x.id for x in await store.exams.expired_attempts(T0 + timedelta(minutes=10))] == [a.id]
    assert [x.id for x in await store.exams.expired_attempts(T0 + timedelta(hours=1))] == [a.id, b.id]
    await store.exams.finish(a.id, "timed_out", T0 + timedelta(minutes=10), 0.0)
    await store.exams.finish(b.id, "submitted", T0 + timedelta(minutes=6), 0.0)
    assert [x.id for x in await store.exams.unnotified_timeouts()] == [a.id]
    assert await store.exams.mark_notified(a.id)
    assert not await store.exams.mark_notified(a.id)
    assert await store.exams.unnotified_timeouts() == []


async def test_history_and_recent_questions(store):
    ids = []
    for n in range(3):
        start = T0 + timedelta(days=n)
        a = await store.exams.create_attempt(new(start=start, items=((f"q{n}", "cpc.a"), ("same", "cpc.b"))))
        await store.exams.finish(a.id, "submitted", start + timedelta(minutes=5), 0.0)
        ids.append(a.id)
    other = await store.exams.create_attempt(new(exam="CCS", start=T0 + timedelta(days=5)))
    await store.exams.finish(other.id, "submitted", T0 + timedelta(days=5, minutes=1), 0.0)
    assert [a.id for a in await store.exams.finished_attempts(7, "CPC")] == ids[::-1]
    assert [a.id for a in await store.exams.finished_attempts(7, limit=2)] == [other.id, ids[2]]
    recent = await store.exams.recent_questions(7, "CPC", 2)
    assert recent == {
        "q1": T0 + timedelta(days=1),
        "q2": T0 + timedelta(days=2),
        "same": T0 + timedelta(days=2),
    }


async def test_forgetting_a_member_deletes_their_attempts(store):
    await store.exams.create_attempt(new())
    kept = await store.exams.create_attempt(new(user=8))
    assert await store.exams.forget_member(7) == 1
    assert await store.exams.active_attempt(7) is None
    assert await store.exams.active_attempt(8) == kept and len(await store.exams.items(kept.id)) == 3


async def test_export_and_import_carry_attempts_and_items(store, engine, new_database):
    a = await store.exams.create_attempt(new())
    await store.exams.step(a.id, ExamStep(0, 12.25, 1, T0 + timedelta(seconds=12), chosen=1, flagged=True))
    rows = await store.transfer.dump()
    assert len(rows["exam_attempts"]) == 1 and len(rows["exam_items"]) == 3
    # Into the other engine: the rows come back unchanged.
    target = await open_store(await new_database("postgres" if engine == "sqlite" else "sqlite"))
    try:
        await target.transfer.load(rows)
        assert await target.transfer.dump() == rows
        assert await target.exams.active_attempt(7) == await store.exams.get_attempt(a.id)
        assert await target.exams.create_attempt(new(user=9)) is not None  # ids continue after import
    finally:
        await target.close()


async def test_two_starts_at_once_leave_one_active_attempt(store):
    made = await asyncio.gather(*(store.exams.create_attempt(new(exam=e)) for e in ("CPC", "CCS", "CIC")))
    assert sum(m is not None for m in made) == 1
    [winner] = [m for m in made if m is not None]
    assert await store.exams.active_attempt(7) == winner and len(await store.exams.items(winner.id)) == 3

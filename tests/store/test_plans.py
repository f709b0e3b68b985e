"""The study-plan store on each engine: one plan per member, activity counts, one reminder row
per member and local day, forgetting and export/import."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from bot.store import open_store
from bot.store.records import PlanActivity, PlanRecord

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
ANN, BOB = 900_000_000_000_000_001, 2


def plan(
    user_id: int = ANN, *, remind_at: str | None = "08:00", exam_date: date = date(2027, 3, 1)
) -> PlanRecord:
    return PlanRecord(
        user_id=user_id,
        exam="CPC",
        exam_date=exam_date,
        start_date=date(2026, 11, 29),
        hours_per_week=8,
        timezone="America/New_York",
        remind_at=remind_at,
        enabled=True,
        created_at=NOW,
    )


async def test_one_plan_per_member_replaced_disabled_and_reminders_set(store):
    assert await store.plans.get_plan(ANN) is None
    await store.plans.save_plan(plan())
    assert await store.plans.get_plan(ANN) == plan()
    await store.plans.save_plan(plan(exam_date=date(2027, 4, 1)))
    assert (await store.plans.get_plan(ANN)).exam_date == date(2027, 4, 1)
    await store.plans.save_plan(plan(BOB, remind_at=None))
    assert [p.user_id for p in await store.plans.plans_with_reminders()] == [ANN]
    assert await store.plans.set_reminder(BOB, "21:30")
    assert {p.user_id for p in await store.plans.plans_with_reminders()} == {ANN, BOB}
    assert await store.plans.disable_plan(ANN)
    assert not await store.plans.disable_plan(ANN)  # already off
    assert not (await store.plans.get_plan(ANN)).enabled
    assert not await store.plans.set_reminder(ANN, "07:00")  # no plan on
    assert [p.user_id for p in await store.plans.plans_with_reminders()] == [BOB]
    assert not await store.plans.set_reminder(12345, None)


async def test_activity_counts_every_answer_even_concurrent_ones(store):
    day = date(2026, 11, 29)
    await store.plans.save_plan(plan())
    await store.plans.save_plan(plan(BOB))
    await asyncio.gather(
        *(
            store.plans.add_activity([(ANN, PlanActivity(day, "cpc.anatomy", 1, int(i % 2 == 0)))])
            for i in range(10)
        )
    )
    await store.plans.add_activity(
        [
            (ANN, PlanActivity(date(2026, 11, 30), "cpc.hcpcs", 1, 1)),
            (BOB, PlanActivity(day, "cpc.anatomy", 3, 2)),
        ]
    )
    await store.plans.add_activity([])
    rows = await store.plans.activity(ANN, day, date(2026, 12, 5))
    assert rows == [
        PlanActivity(day, "cpc.anatomy", 10, 5),
        PlanActivity(date(2026, 11, 30), "cpc.hcpcs", 1, 1),
    ]
    assert await store.plans.activity(ANN, date(2026, 11, 30), date(2026, 11, 30)) == rows[1:]


async def test_activity_is_written_only_while_the_plan_is_on(store):
    day = date(2026, 11, 29)
    await store.plans.add_activity([(ANN, PlanActivity(day, "cpc.anatomy", 1, 1))])  # no plan
    await store.plans.save_plan(plan())
    assert await store.plans.plan_zones() == {ANN: "America/New_York"}
    await store.plans.add_activity([(ANN, PlanActivity(day, "cpc.anatomy", 1, 1))])
    await store.plans.disable_plan(ANN)
    assert await store.plans.plan_zones() == {}
    await store.plans.add_activity([(ANN, PlanActivity(day, "cpc.anatomy", 1, 1))])  # plan off
    assert await store.plans.activity(ANN, day, day) == [PlanActivity(day, "cpc.anatomy", 1, 1)]


async def test_a_reminder_day_is_claimed_once_even_by_racing_callers(store):
    day = date(2026, 11, 29)
    claims = await asyncio.gather(*(store.plans.claim_reminder(ANN, day, NOW) for _ in range(8)))
    assert claims.count(True) == 1
    assert await store.plans.reminded([ANN, BOB], day) == frozenset({ANN})
    await store.plans.finish_reminder(ANN, day, "closed")
    assert not await store.plans.claim_reminder(ANN, day, NOW)
    assert await store.plans.claim_reminder(ANN, date(2026, 11, 30), NOW)  # the next day is new
    assert await store.plans.reminded([], day) == frozenset()


async def test_two_connections_claim_a_reminder_once(db_location):
    first, second = await open_store(db_location), await open_store(db_location)
    try:
        day = date(2027, 1, 4)
        claims = await asyncio.gather(
            *(s.plans.claim_reminder(BOB, day, NOW) for s in (first, second, first, second))
        )
        assert claims.count(True) == 1
    finally:
        await first.close()
        await second.close()


async def test_forgetting_a_member_deletes_their_plan_in_any_server(store):
    await store.plans.save_plan(plan())
    await store.plans.save_plan(plan(BOB))
    await store.plans.add_activity([(ANN, PlanActivity(date(2026, 11, 29), "cpc.anatomy", 1, 1))])
    await store.plans.claim_reminder(ANN, date(2026, 11, 29), NOW)
    assert await store.privacy.rows_naming_member(77, ANN) == 3
    result = await store.privacy.forget_member(77, ANN)
    assert result.plan_rows_deleted == 3
    assert await store.privacy.rows_naming_member(77, ANN) == 0
    assert await store.plans.get_plan(ANN) is None
    assert await store.plans.get_plan(BOB) is not None  # nobody else's


async def test_plans_move_between_engines_unchanged(store, engine, new_database):
    await store.plans.save_plan(plan())
    await store.plans.save_plan(plan(BOB, remind_at=None))
    await store.plans.disable_plan(BOB)
    await store.plans.add_activity([(ANN, PlanActivity(date(2026, 11, 29), "cpc.anatomy", 1, 0))])
    await store.plans.claim_reminder(ANN, date(2026, 11, 29), NOW)
    await store.plans.finish_reminder(ANN, date(2026, 11, 29), "sent")
    dump = await store.transfer.dump()
    assert [r["enabled"] for r in dump["study_plans"]] == [0, 1]  # BOB (off), then ANN
    assert dump["plan_reminders"] == [
        {
            "user_id": ANN,
            "local_date": "2026-11-29",
            "recorded_at": "2026-11-29T12:00:00.000000Z",
            "outcome": "sent",
        }
    ]
    other = "postgres" if engine == "sqlite" else "sqlite"
    target = await open_store(await new_database(other))
    try:
        await target.transfer.load(dump)
        assert await target.transfer.dump() == dump
        assert await target.plans.get_plan(ANN) == plan()
        assert await target.plans.activity(ANN, date(2026, 11, 1), date(2026, 12, 1)) == [
            PlanActivity(date(2026, 11, 29), "cpc.anatomy", 1, 0)
        ]
    finally:
        await target.close()

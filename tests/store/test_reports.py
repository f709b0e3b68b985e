"""Question reports and retired questions, on both engines: one report per member, question and
server (a second one replaces the reason), counted per question, most-reported first; retiring
is per server; forgetting a member deletes their reports; export/import carries both tables."""

from __future__ import annotations

from datetime import timedelta

from bot.store import open_store

from .helpers import T0


async def test_a_second_report_by_the_same_member_replaces_the_first(store):
    assert await store.reports.save_report(1, "q1", 7, "wrong key", T0)
    assert not await store.reports.save_report(1, "q1", 7, "typo", T0 + timedelta(minutes=1))
    [report] = await store.reports.guild_reports(1, ["q1"])
    assert (report.user_id, report.reason, report.reported_at) == (7, "typo", T0 + timedelta(minutes=1))
    [count] = await store.reports.report_counts(1, 10)
    assert (count.question_id, count.reports) == ("q1", 1)


async def test_counts_are_per_question_per_guild_most_reported_first(store):
    for user in (1, 2, 3):
        await store.reports.save_report(1, "q2", user, f"r{user}", T0 + timedelta(seconds=user))
    await store.reports.save_report(1, "q1", 1, "x", T0 + timedelta(hours=1))
    await store.reports.save_report(1, "q3", 1, "y", T0)
    await store.reports.save_report(2, "q3", 1, "other guild", T0)
    counts = await store.reports.report_counts(1, 10)
    assert [(c.question_id, c.reports) for c in counts] == [("q2", 3), ("q1", 1), ("q3", 1)]
    assert counts[0].latest_at == T0 + timedelta(seconds=3)
    assert [c.question_id for c in await store.reports.report_counts(1, 2)] == ["q2", "q1"]
    reasons = [r.reason for r in await store.reports.guild_reports(1, ["q2", "q3"])]
    assert reasons == ["r3", "r2", "r1", "y"]  # newest first, the other guild's left out
    assert await store.reports.guild_reports(1, []) == []


async def test_retire_and_restore_are_per_guild_and_idempotent(store):
    assert await store.reports.retired_questions(1) == frozenset()
    assert await store.reports.retire_question(1, "q1", T0)
    assert not await store.reports.retire_question(1, "q1", T0)
    assert await store.reports.retire_question(1, "q2", T0)
    assert await store.reports.retired_questions(1) == {"q1", "q2"}
    assert await store.reports.retired_questions(2) == frozenset()
    assert await store.reports.restore_question(1, "q1")
    assert not await store.reports.restore_question(1, "q1")
    assert await store.reports.retired_questions(1) == {"q2"}


async def test_forgetting_a_member_deletes_their_reports_in_that_guild_only(store):
    await store.reports.save_report(1, "q1", 7, "wrong key", T0)
    await store.reports.save_report(1, "q1", 8, "unclear", T0)
    await store.reports.save_report(2, "q1", 7, "typo", T0)
    assert await store.privacy.rows_naming_member(1, 7) == 1
    result = await store.privacy.forget_member(1, 7)
    assert result.reports_deleted == 1
    assert await store.privacy.rows_naming_member(1, 7) == 0
    assert [r.user_id for r in await store.reports.guild_reports(1, ["q1"])] == [8]
    assert [r.user_id for r in await store.reports.guild_reports(2, ["q1"])] == [7]


async def test_export_and_import_carry_reports_and_retired_questions(store, engine, new_database):
    await store.reports.save_report(1, "q-b", 7, "wrong key", T0)
    await store.reports.save_report(1, "Q-a", 8, "unclear", T0)
    await store.reports.retire_question(1, "q-b", T0)
    rows = await store.transfer.dump()
    assert [r["question_id"] for r in rows["question_reports"]] == ["Q-a", "q-b"]  # bytewise order
    # Into the other engine: the rows come back unchanged.
    target = await open_store(await new_database("postgres" if engine == "sqlite" else "sqlite"))
    try:
        await target.transfer.load(rows)
        assert await target.transfer.dump() == rows
        assert await target.reports.retired_questions(1) == {"q-b"}
    finally:
        await target.close()

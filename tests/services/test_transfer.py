"""Export to JSON lines and import into a fresh database, on both engines and across them:
bit-for-bit round trips, new rows after an import, refusals in one sentence that write nothing."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.services.transfer import TransferError, export_lines, import_lines
from bot.store import LATEST_VERSION, NewAnswer, NewRound, open_store
from tests.store.transfer_data import fill_any, stored_rows


async def _export(location) -> list[str]:
    store = await open_store(location)
    try:
        return list(await export_lines(store.transfer))
    finally:
        await store.close()


async def _import(location, lines) -> dict[str, int]:
    store = await open_store(location)
    try:
        return await import_lines(store.transfer, lines)
    finally:
        await store.close()


async def _all_empty(location) -> bool:
    store = await open_store(location)
    try:
        return all(not rows for rows in (await store.transfer.dump()).values())
    finally:
        await store.close()


async def test_round_trip_sqlite_postgres_postgres_sqlite_is_bit_for_bit(new_database):
    """SQLite -> PostgreSQL -> PostgreSQL -> SQLite: every export is the same lines, both
    PostgreSQL copies hold the same typed rows, and the last SQLite file equals the first."""
    first = await new_database("sqlite")
    lines = await fill_any(first, answers=5000)
    header = json.loads(lines[0])
    assert header["format"] == "certcoach-jsonl"
    assert header["schema_version"] == LATEST_VERSION
    assert header["tables"]["answers"] == 5000
    assert len(lines) == 1 + sum(header["tables"].values())
    users = {json.loads(line)["row"]["user_id"] for line in lines if '"table":"answers"' in line}
    assert len(users) > 1000 and max(users) > 2**59  # thousands of members, snowflake-sized ids

    pg_a, pg_b, last = (
        await new_database("postgres"),
        await new_database("postgres"),
        await new_database("sqlite"),
    )
    assert await _import(pg_a, lines) == header["tables"]
    assert await _export(pg_a) == lines
    assert await _import(pg_b, await _export(pg_a)) == header["tables"]
    assert await stored_rows(pg_b) == await stored_rows(pg_a)
    assert await _export(pg_b) == lines
    assert await _import(last, await _export(pg_b)) == header["tables"]
    before, after = await stored_rows(first), await stored_rows(last)
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table


async def test_round_trip_on_one_engine_is_bit_for_bit(engine, db_location, new_database):
    lines = await fill_any(db_location, answers=2000)
    copy = await new_database(engine)
    await _import(copy, await _export(db_location))
    assert await stored_rows(copy) == await stored_rows(db_location)
    assert await _export(copy) == lines


async def test_leases_are_transient_and_not_exported(engine, db_location, new_database):
    store = await open_store(db_location)
    try:
        now = datetime.now(UTC)
        assert await store.leases.acquire_lease("round:1", "some-process", now, timedelta(hours=1))
    finally:
        await store.close()
    lines = await fill_any(db_location, answers=20)
    assert "leases" not in json.loads(lines[0])["tables"]
    assert not any(json.loads(line).get("table") == "leases" for line in lines[1:])
    copy = await new_database(engine)
    await _import(copy, lines)
    assert (await stored_rows(copy))["leases"] == []


async def test_new_rows_insert_after_an_import(db_location):
    lines = await fill_any(db_location, answers=300)
    highest: dict[str, int] = {}
    for line in lines[1:]:
        record = json.loads(line)
        if "id" in record["row"]:
            highest[record["table"]] = max(highest.get(record["table"], 0), record["row"]["id"])
    now = datetime(2027, 1, 1, tzinfo=UTC)
    store = await open_store(db_location)
    try:
        new = NewRound(
            guild_id=3,
            channel_id=99,
            starter_id=5,
            exam=None,
            domain=None,
            bank=None,
            seconds=30,
            question_ids=("q1",),
            started_at=now,
        )
        round_ = await store.rounds.create_round(new)
        assert round_ is not None and round_.id == highest["rounds"] + 1
        rq, created = await store.rounds.create_round_question(
            round_id=round_.id, index=0, question_id="q1", posted_at=now, deadline=now, message_id=None
        )
        assert created and rq.id == highest["round_questions"] + 1
        post, created = await store.daily.create_daily_post(
            guild_id=3, local_date=date(2027, 1, 1), question_id="d", channel_id=9, now=now, next_run_at=None
        )
        assert created and post.id == highest["daily_posts"] + 1
        intent, created = await store.outbox.record_intent("round-reveal:new", 99, now)
        assert created and intent.id == highest["outbox"] + 1
        outcome = await store.answers.record_answer(
            NewAnswer(
                kind="daily",
                target_id=post.id,
                guild_id=3,
                user_id=5,
                user_name="new",
                question_id="d",
                domain="x",
                choice=0,
                correct=True,
                points=10,
                answered_at=now,
            )
        )
        assert outcome.answer is not None and outcome.answer.id == highest["answers"] + 1
    finally:
        await store.close()


async def test_import_into_a_database_with_rows_is_refused_and_writes_nothing(db_location):
    lines = await fill_any(db_location, answers=50)
    before = await stored_rows(db_location)
    with pytest.raises(TransferError, match="not empty"):
        await _import(db_location, lines)
    assert await stored_rows(db_location) == before


@pytest.fixture(scope="module")
def small_export() -> list[str]:
    """A 20-answer export (made once: the bad-file cases only change its lines)."""
    import asyncio
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(fill_any(Path(folder) / "small.sqlite3", answers=20))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda lines: [], "empty"),
        (lambda lines: ["not json", *lines[1:]], "line 1 is not JSON"),
        (lambda lines: lines[:-1], "do not match its header"),
        (
            lambda lines: [re.sub(r'"schema_version":\d+', '"schema_version":4', lines[0]), *lines[1:]],
            "schema version 4",
        ),
        (lambda lines: [*lines, '{"table": "members", "row": {}}'], "not a row of a known table"),
        (lambda lines: [lines[0], lines[1].replace('"guild_id"', '"guild"'), *lines[2:]], "columns"),
        (
            lambda lines: [lines[0], lines[1].replace('"timezone":', '"timezone":[1],"x":'), *lines[2:]],
            "columns",
        ),
        (
            lambda lines: [
                lines[0],
                lines[1].replace('"timezone":"Europe/Paris"', '"timezone":1.5'),
                *lines[2:],
            ],
            "1.5",
        ),
        (
            lambda lines: [
                re.sub(r'"round_question_id":(\d+)', r'"round_question_id":9\g<1>999', x) for x in lines
            ],
            "rejected",
        ),
    ],
)
async def test_bad_files_are_refused(db_location, small_export, mutate, message):
    with pytest.raises(TransferError, match=message):
        await _import(db_location, mutate(list(small_export)))
    assert await _all_empty(db_location)


def _change(lines: list[str], table: str, column: str, value: object) -> list[str]:
    """``lines`` with ``column`` of the first row of ``table`` set to ``value``."""
    out, done = [lines[0]], False
    for line in lines[1:]:
        record = json.loads(line)
        if not done and record["table"] == table:
            record["row"][column], done = value, True
            out.append(json.dumps(record))
        else:
            out.append(line)
    return out


@pytest.mark.parametrize(
    "case",
    [
        ("answers", "user_name", "nul\x00byte", "without NUL"),
        ("answers", "user_name", "\ud800", "without NUL"),
        ("answers", "choice", 2**31, "from -2147483648 to 2147483647"),
        ("answers", "user_id", 2**63, "fits in 64 bits"),
        ("answers", "correct", 2, "0 or 1"),
        ("answers", "answered_at", "2026-01-01 00:00:00", "YYYY-MM-DDTHH:MM:SS.ffffffZ"),
        ("answers", "answered_at", "2026-01-01T00:00:00.5Z", "YYYY-MM-DDTHH:MM:SS.ffffffZ"),
        ("daily_posts", "local_date", "2026-1-1", "YYYY-MM-DD"),
        ("rounds", "question_ids", '["q1","q2"]', "JSON list of texts"),
        ("rounds", "question_ids", "[1]", "JSON list of texts"),
        ("rounds", "seconds", "30", "from -2147483648"),
    ],
)
async def test_values_postgres_cannot_hold_exactly_are_refused_there(new_database, small_export, case):
    """A value PostgreSQL would store differently (or not at all) is refused, never changed."""
    table, column, value, message = case
    target = await new_database("postgres")
    with pytest.raises(TransferError, match=re.escape(message)):
        await _import(target, _change(list(small_export), table, column, value))
    assert await _all_empty(target)

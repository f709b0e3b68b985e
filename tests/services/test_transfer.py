"""Export to JSON lines and import into a fresh database: bit-for-bit, refusals in one line."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.transfer import TransferError, export_lines, import_lines
from bot.store import LATEST_VERSION, open_store
from tests.store.transfer_data import fill, snapshot


async def _export(path) -> list[str]:
    store = await open_store(path)
    try:
        return list(await export_lines(store.transfer))
    finally:
        await store.close()


async def _import(path, lines) -> dict[str, int]:
    store = await open_store(path)
    try:
        return await import_lines(store.transfer, lines)
    finally:
        await store.close()


async def test_round_trip_of_thousands_of_members_is_bit_for_bit(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    await (await open_store(source)).close()
    fill(source, answers=5000)
    lines = await _export(source)
    header = json.loads(lines[0])
    assert header["format"] == "certcoach-jsonl"
    assert header["schema_version"] == LATEST_VERSION
    assert header["tables"]["answers"] == 5000
    assert len(lines) == 1 + sum(header["tables"].values())
    counts = await _import(target, lines)
    assert counts == header["tables"]
    before, after = snapshot(source), snapshot(target)
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table
    assert len({row[4] for row in before["answers"]}) > 1000  # distinct members (user_id column)
    # Exporting the copy gives the very same lines.
    assert await _export(target) == lines


async def test_leases_are_transient_and_not_exported(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    store = await open_store(source)
    try:
        assert await store.leases.acquire_lease(
            "round:1", "some-process", datetime.now(UTC), timedelta(hours=1)
        )
    finally:
        await store.close()
    fill(source, answers=20)
    lines = await _export(source)
    assert "leases" not in json.loads(lines[0])["tables"]
    assert not any('"table": "leases"' in line or '"table":"leases"' in line for line in lines)
    await _import(target, lines)
    assert snapshot(target)["leases"] == []


async def test_import_into_a_database_with_rows_is_refused_and_writes_nothing(tmp_path):
    source = tmp_path / "source.sqlite3"
    await (await open_store(source)).close()
    fill(source, answers=50)
    lines = await _export(source)
    before = snapshot(source)
    with pytest.raises(TransferError, match="not empty"):
        await _import(source, lines)
    assert snapshot(source) == before


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda lines: [], "empty"),
        (lambda lines: ["not json", *lines[1:]], "line 1 is not JSON"),
        (lambda lines: lines[:-1], "do not match its header"),
        (
            lambda lines: [
                lines[0].replace(f'"schema_version":{LATEST_VERSION}', '"schema_version":4'),
                *lines[1:],
            ],
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
async def test_bad_files_are_refused(tmp_path, mutate, message):
    source = tmp_path / "source.sqlite3"
    await (await open_store(source)).close()
    fill(source, answers=20)
    lines = await _export(source)
    target = tmp_path / "target.sqlite3"
    with pytest.raises(TransferError, match=message):
        await _import(target, mutate(lines))
    assert all(not rows for rows in snapshot(target).values())

"""A large database for the export/import and forgetting tests, written with plain sqlite3
(``fill``; on PostgreSQL, ``fill_any`` imports it), and every row of a database as stored.

Several guilds, rounds with questions, daily posts, ~5,000 answers by hundreds of members,
outbox rows, NULLs, Discord-sized ids and names with characters that break naive line formats.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

import asyncpg

GUILDS = (111_111_111_111_111_111, 222_222_222_222_222_222, 3)
NAMES = ("Ana", "Bo\u2028b", "Zoë 🩺", 'quote"s\\back', "line\nbreak", "\x85nel")


def ts(i: int) -> str:
    return f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{i % 60:02d}.{i % 1000000:06d}Z"


def member(guild_index: int, n: int) -> int:
    return 900_000_000_000_000_000 + guild_index * 1000 + n


def fill(path: Path, *, answers: int = 5000, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    with db:
        for g, guild in enumerate(GUILDS):
            db.execute(
                "INSERT INTO guild_settings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guild,
                    None if g else 5,
                    10 + g,
                    "08:30",
                    "Europe/Paris",
                    None if g else "CPC",
                    g % 2,
                    ts(g),
                    ts(g + 1),
                ),
            )
            db.execute("INSERT INTO ask_channels VALUES (?, ?, ?)", (guild, 20 + g, ts(g)))
        targets: list[tuple[int, str, int]] = []  # (guild index, kind, target id)
        for r in range(60):
            g = r % len(GUILDS)
            finished = r < 57
            cur = db.execute(
                "INSERT INTO rounds (guild_id, channel_id, starter_id, exam, domain, bank, seconds,"
                " question_ids, current_index, status, unanswered_streak, finish_reason, started_at,"
                " finished_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    GUILDS[g],
                    1000 + r,
                    member(g, r % 40),
                    "CPC" if r % 2 else None,
                    None,
                    "bank-a",
                    30,
                    json.dumps(["q1", "q2", "q3", "q4"]),  # as the store writes it
                    3,
                    "finished" if finished else "active",
                    0,
                    "completed" if finished else None,
                    ts(r),
                    ts(r + 1) if finished else None,
                ),
            )
            for i in range(4):
                q = db.execute(
                    "INSERT INTO round_questions (round_id, idx, question_id, message_id, posted_at,"
                    " deadline, revealed, revealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        cur.lastrowid,
                        i,
                        f"q{i + 1}",
                        5_000_000 + r * 10 + i if i % 3 else None,
                        ts(r + i),
                        ts(r + i + 1),
                        int(finished),
                        ts(r + i + 2) if finished else None,
                    ),
                )
                targets.append((g, "quiz", int(q.lastrowid or 0)))
        for d in range(90):
            g = d % len(GUILDS)
            cur = db.execute(
                "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, message_id,"
                " posted_at, revealed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    GUILDS[g],
                    f"2026-{1 + d // 28:02d}-{1 + d % 28:02d}",
                    f"d{d}",
                    10 + g,
                    7_000_000 + d,
                    ts(d),
                    ts(d + 5) if d < 87 else None,
                ),
            )
            targets.append((g, "daily", int(cur.lastrowid or 0)))
        seen: set[tuple[int, str, int]] = set()
        while len(seen) < answers:
            g, kind, target = rng.choice(targets)
            user = member(g, rng.randrange(400))
            if (user, kind, target) in seen:
                continue
            seen.add((user, kind, target))
            correct = rng.random() < 0.6
            db.execute(
                "INSERT INTO answers (guild_id, user_id, user_name, kind, round_question_id, daily_post_id,"
                " question_id, domain, choice, correct, points, answered_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    GUILDS[g],
                    user,
                    rng.choice(NAMES) + str(user % 1000),
                    kind,
                    target if kind == "quiz" else None,
                    target if kind == "daily" else None,
                    "q1",
                    "medical-terminology",
                    rng.randrange(5),
                    int(correct),
                    10 + rng.randrange(6) if correct else 0,
                    ts(len(seen)),
                ),
            )
        for o in range(200):
            db.execute(
                "INSERT INTO outbox (intent_key, channel_id, created_at, message_id, done_at)"
                " VALUES (?,?,?,?,?)",
                (
                    f"round-reveal:{o}",
                    1000 + o,
                    ts(o),
                    8_000_000 + o if o % 5 else None,
                    ts(o + 1) if o % 7 else None,
                ),
            )
    db.close()


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, with each value's SQLite type: equal means bit-for-bit equal."""
    db = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        out: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            typed = ", ".join(f"{c}, typeof({c})" for c in columns)
            order = ", ".join(str(i + 1) for i in range(2 * len(columns)))
            out[table] = list(db.execute(f"SELECT {typed} FROM {table} ORDER BY {order}"))
        return out
    finally:
        db.close()


async def fill_any(location: str | Path, *, answers: int = 5000) -> list[str]:
    """``fill`` a database on either engine (PostgreSQL: an SQLite copy exported and imported,
    so both hold the very same rows); the export's lines."""
    from bot.services.transfer import export_lines, import_lines
    from bot.store import is_postgres_url, open_store

    source = location if not is_postgres_url(location) else Path(tempfile.mkdtemp()) / "fill.sqlite3"
    await (await open_store(source)).close()
    fill(Path(source), answers=answers)
    store = await open_store(source)
    try:
        lines = list(await export_lines(store.transfer))
    finally:
        await store.close()
    if source != location:
        shutil.rmtree(Path(source).parent)
        target = await open_store(location)
        try:
            await import_lines(target.transfer, lines)
        finally:
            await target.close()
    return lines


async def stored_rows(location: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table as the engine stores it, each value with its type (SQLite:
    ``snapshot``; PostgreSQL: asyncpg's Python values): equal means the same rows bit for bit."""
    from bot.store import is_postgres_url

    if not is_postgres_url(location):
        return snapshot(Path(location))
    con = await asyncpg.connect(str(location))
    try:
        tables = await con.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename <> 'schema_version' ORDER BY tablename"  # when each database was made
        )
        out: dict[str, list[tuple[object, ...]]] = {}
        for (table,) in tables:
            rows = await con.fetch(f"SELECT * FROM {table}")
            typed = [tuple((value, type(value).__name__) for value in row.values()) for row in rows]
            out[table] = sorted(typed, key=repr)
        return out
    finally:
        await con.close()

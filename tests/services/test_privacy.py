"""PrivacyService: forgetting a member removes every row naming them, in that server only."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.services.privacy import PrivacyService
from bot.store import is_postgres_url

from .helpers import BOB, CHANNEL, DAILY_CHANNEL, GUILD

ANN = 987_654_321_987_654  # an id no other column holds by chance


def _rows_naming(path, user_id: int) -> dict[str, int]:
    """Per table, the rows with ``user_id`` in any column (every table, every column)."""
    db = sqlite3.connect(path)
    try:
        found = {}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            where = " OR ".join(f"{c} = ?" for c in columns)
            found[table] = db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {where}", [user_id] * len(columns)
            ).fetchone()[0]
        return found
    finally:
        db.close()


async def test_forget_me_removes_answers_and_the_starter_and_leaves_others(store, svc, clock):
    rounds, daily, guild_settings, stats = svc.rounds, svc.daily, svc.guild_settings, svc.stats
    privacy = PrivacyService(store.privacy)
    rnd = await rounds.start_round(GUILD, CHANNEL, ANN, exam="CPC", count=2, seconds=30)
    for _ in range(2):
        rq = await rounds.post_question(rnd.id)
        await rounds.answer(rq.id, ANN, "Ann", 1)
        await rounds.answer(rq.id, BOB, "Bob", 1)
        await rounds.reveal_question(rq.id)
    other = await rounds.start_round(GUILD + 1, CHANNEL + 1, ANN, exam="CPC", count=1, seconds=30)
    rq = await rounds.post_question(other.id)
    await rounds.answer(rq.id, ANN, "Ann", 1)
    await guild_settings.setup_daily(GUILD, DAILY_CHANNEL, "10:00", "UTC")
    clock.now = datetime(2026, 3, 2, 10, 0, 5, tzinfo=UTC)
    post = await daily.create_daily_post(GUILD)
    assert post is not None
    await daily.answer_daily(post.id, ANN, "Ann", 0)
    await svc.reports.report(GUILD, "cpc-01", ANN, reason="typo", note="Ann's note")
    assert [r.user_id for r in await stats.leaderboard(GUILD, "all")] != [BOB]

    result = await privacy.forget(GUILD, ANN)
    assert (result.answers_deleted, result.rounds_anonymised) == (3, 1)
    assert "3 answer(s)" in result.summary
    assert result.reports_deleted == 1 and "1 question report(s)" in result.summary
    assert await privacy.rows_naming(GUILD, ANN) == 0
    assert [r.user_id for r in await stats.leaderboard(GUILD, "all")] == [BOB]
    assert (await stats.member_stats(GUILD, ANN)).answered == 0
    assert (await stats.member_stats(GUILD, BOB)).answered == 2
    kept = await store.rounds.get_round(rnd.id)
    assert kept is not None and kept.starter_id == 0
    # The other server keeps Ann's data; in this one nothing names her any more.
    assert await privacy.rows_naming(GUILD + 1, ANN) == 2
    await privacy.forget(GUILD + 1, ANN)
    if not is_postgres_url(store.path):  # every column of every table, read with SQLite itself
        assert _rows_naming(store.path, ANN) == dict.fromkeys(_rows_naming(store.path, ANN), 0)
    again = await privacy.forget(GUILD, ANN)
    assert (again.answers_deleted, again.rounds_anonymised) == (0, 0)

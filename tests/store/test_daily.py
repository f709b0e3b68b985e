"""Daily posts in the store: one per server day, history, unsent and unrevealed posts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .helpers import INTEGRITY_ERRORS, T0, raw_write


async def test_daily_post_never_twice_a_day(store):
    day = date(2026, 3, 1)
    create = store.daily.create_daily_post
    p1, created1 = await create(
        guild_id=1, local_date=day, question_id="a", channel_id=2, now=T0, next_run_at=None
    )
    p2, created2 = await create(
        guild_id=1, local_date=day, question_id="b", channel_id=2, now=T0, next_run_at=None
    )
    assert created1 and not created2 and p1.id == p2.id and p2.question_id == "a"
    _, created3 = await create(
        guild_id=2, local_date=day, question_id="b", channel_id=3, now=T0, next_run_at=None
    )
    assert created3
    with pytest.raises(INTEGRITY_ERRORS):
        await raw_write(
            store,
            "INSERT INTO daily_posts (guild_id, local_date, question_id, channel_id, posted_at) "
            "VALUES (1, ?, 'c', 2, ?)",
            day,
            T0,
        )


async def test_creating_a_post_stores_the_next_run(store):
    await store.guilds.save_daily_settings(
        1, channel_id=2, daily_time="12:00", timezone_name="UTC", exam=None, next_run_at=T0, now=T0
    )
    nxt = T0 + timedelta(days=1)
    await store.daily.create_daily_post(
        guild_id=1, local_date=date(2026, 3, 1), question_id="a", channel_id=2, now=T0, next_run_at=nxt
    )
    assert (await store.guilds.get_guild_settings(1)).next_run_at == nxt


async def test_history_unsent_and_unrevealed(store):
    create = store.daily.create_daily_post
    old, _ = await create(
        guild_id=1, local_date=date(2026, 3, 1), question_id="a", channel_id=2, now=T0, next_run_at=None
    )
    new, _ = await create(
        guild_id=1,
        local_date=date(2026, 3, 2),
        question_id="b",
        channel_id=2,
        now=T0 + timedelta(days=1),
        next_run_at=None,
    )
    assert await store.daily.daily_question_history(1) == ["a", "b"]
    assert [p.id for p in await store.daily.daily_posts(1)] == [old.id, new.id]
    assert [p.id for p in await store.daily.unsent_daily_posts()] == [old.id, new.id]
    await store.daily.set_daily_message(old.id, 99)
    assert (await store.daily.get_daily_post(old.id)).message_id == 99
    assert [p.id for p in await store.daily.unsent_daily_posts()] == [new.id]
    assert [(p.id, superseded) for p, superseded in await store.daily.unrevealed_daily_posts()] == [
        (old.id, True),
        (new.id, False),
    ]
    assert await store.daily.mark_daily_revealed(old.id, T0) and not await store.daily.mark_daily_revealed(
        old.id, T0
    )
    assert [p.id for p, _ in await store.daily.unrevealed_daily_posts()] == [new.id]
    assert await store.daily.get_daily_post(12345) is None

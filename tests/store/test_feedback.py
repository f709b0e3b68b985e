"""The unanswered queue and votes on answers, on both engines: identical questions share one
item per server and kind, most asked first; a member's vote counts once per answer and can be
switched (taking its ask back); moderators mark and dismiss; old items and votes are pruned;
forgetting a member deletes their votes (the queue names nobody); export/import carries both."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.feedback import ItemKind, ItemStatus, VoteChange
from bot.store import open_store
from bot.store.interface import NewVote

from .helpers import T0

DECLINED, NOT_HELPFUL = ItemKind.DECLINED, ItemKind.NOT_HELPFUL
OPEN, KB = ItemStatus.OPEN, ItemStatus.KB


def vote(user: int, helpful: bool, *, message: int = 500, guild: int = 1, question: str = "what is x", at=T0):
    return NewVote(guild, message, user, helpful, question, "cpc", at)


async def test_identical_questions_share_an_item_per_guild_and_kind(store):
    fb = store.feedback
    first = await fb.add_unanswered(1, DECLINED, "who won", "", T0)
    assert await fb.add_unanswered(1, DECLINED, "who won", "", T0 + timedelta(hours=2)) == first
    await fb.add_unanswered(1, DECLINED, "weather", "", T0 + timedelta(hours=1))
    await fb.add_unanswered(2, DECLINED, "who won", "", T0)
    items = await fb.unanswered_items(1, OPEN, limit=10)
    assert [(i.question, i.asks, i.kind) for i in items] == [
        ("who won", 2, DECLINED),
        ("weather", 1, DECLINED),
    ]
    assert (items[0].first_seen, items[0].last_seen) == (T0, T0 + timedelta(hours=2))
    assert [i.question for i in await fb.unanswered_items(1, OPEN, limit=1, offset=1)] == ["weather"]
    assert await fb.count_unanswered(1) == {OPEN: 2, KB: 0}


async def test_a_vote_counts_once_per_member_and_can_be_switched(store):
    fb = store.feedback
    assert await fb.record_vote(vote(7, False)) == VoteChange.NEW
    assert await fb.record_vote(vote(7, False)) == VoteChange.SAME
    assert await fb.record_vote(vote(8, False)) == VoteChange.NEW
    [item] = await fb.unanswered_items(1, OPEN, limit=10)
    assert (item.kind, item.question, item.answer, item.asks) == (NOT_HELPFUL, "what is x", "cpc", 2)
    assert await fb.record_vote(vote(7, True)) == VoteChange.SWITCHED
    assert [i.asks for i in await fb.unanswered_items(1, OPEN, limit=10)] == [1]
    assert await fb.record_vote(vote(8, True)) == VoteChange.SWITCHED
    assert await fb.unanswered_items(1, OPEN, limit=10) == []  # no ask left: gone
    assert await fb.record_vote(vote(8, False)) == VoteChange.SWITCHED
    assert [i.asks for i in await fb.unanswered_items(1, OPEN, limit=10)] == [1]
    assert await fb.record_vote(vote(9, True)) == VoteChange.NEW  # helpful: nothing queued
    assert await fb.record_vote(vote(9, False, question="")) == VoteChange.SWITCHED  # unreadable
    assert [i.asks for i in await fb.unanswered_items(1, OPEN, limit=10)] == [1]


async def test_racing_double_clicks_count_once(store):
    results = await asyncio.gather(*(store.feedback.record_vote(vote(7, False)) for _ in range(5)))
    assert sorted(results) == sorted([VoteChange.NEW] + [VoteChange.SAME] * 4)
    assert [i.asks for i in await store.feedback.unanswered_items(1, OPEN, limit=10)] == [1]


async def test_mark_dismiss_and_kb_items_are_per_guild(store):
    fb = store.feedback
    a = await fb.add_unanswered(1, DECLINED, "what is cpb", "", T0)
    b = await fb.add_unanswered(1, DECLINED, "weather", "", T0)
    c = await fb.add_unanswered(2, DECLINED, "what is rhit", "", T0)
    assert not await fb.mark_unanswered(2, a, KB)  # another guild's item
    assert await fb.mark_unanswered(1, a, KB)
    assert not await fb.mark_unanswered(1, a, KB)
    assert await fb.mark_unanswered(2, c, KB)
    assert [i.id for i in await fb.unanswered_items(1, OPEN, limit=10)] == [b]
    assert [i.id for i in await fb.kb_items(1)] == [a]
    assert {i.id for i in await fb.kb_items(None)} == {a, c}
    assert not await fb.dismiss_unanswered(2, b)
    assert await fb.dismiss_unanswered(1, b)
    assert not await fb.dismiss_unanswered(1, b)
    assert await fb.count_unanswered(1) == {OPEN: 0, KB: 1}
    await fb.add_unanswered(1, DECLINED, "weather", "", T0)  # asked again: back, counted afresh
    assert [(i.question, i.asks) for i in await fb.unanswered_items(1, OPEN, limit=10)] == [("weather", 1)]


async def test_prune_deletes_old_items_and_votes(store):
    fb = store.feedback
    await fb.add_unanswered(1, DECLINED, "old", "", T0)
    await fb.add_unanswered(1, DECLINED, "new", "", T0 + timedelta(days=100))
    await fb.record_vote(vote(7, True, at=T0))
    await fb.record_vote(vote(8, True, at=T0 + timedelta(days=20)))
    assert await fb.prune_feedback(T0 + timedelta(days=10), T0 + timedelta(days=10)) == (1, 1)
    assert [i.question for i in await fb.unanswered_items(1, OPEN, limit=10)] == ["new"]
    assert await fb.record_vote(vote(8, True)) == VoteChange.SAME  # the recent vote is kept


async def test_forget_deletes_votes_in_that_guild_and_export_carries_both(store, new_database, engine):
    fb = store.feedback
    await fb.record_vote(vote(7, False))
    await fb.record_vote(vote(7, True, guild=2, message=600))
    assert await store.privacy.rows_naming_member(1, 7) == 1
    result = await store.privacy.forget_member(1, 7)
    assert result.votes_deleted == 1
    assert await store.privacy.rows_naming_member(1, 7) == 0
    assert [i.asks for i in await fb.unanswered_items(1, OPEN, limit=10)] == [1]  # no member in it
    await fb.add_unanswered(1, DECLINED, "who won", "", T0)
    rows = await store.transfer.dump()
    assert [r["user_id"] for r in rows["feedback_votes"]] == [7]
    assert [r["question"] for r in rows["unanswered_items"]] == ["what is x", "who won"]
    copy = await open_store(await new_database(engine))
    try:
        await copy.transfer.load(rows)
        assert await copy.transfer.dump() == rows
        new_id = await copy.feedback.add_unanswered(1, DECLINED, "fresh", "", T0)
        assert new_id > max(r["id"] for r in rows["unanswered_items"])  # ids move past the loaded
    finally:
        await copy.close()

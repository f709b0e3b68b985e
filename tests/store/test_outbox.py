"""The outbox: intents recorded once per key, completed once, listed while pending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


async def test_an_intent_is_recorded_once_per_key(store):
    first, created = await store.outbox.record_intent("round-reveal:1", 7, T0)
    assert created and first.key == "round-reveal:1" and first.channel_id == 7
    assert first.created_at == T0 and first.message_id is None and not first.done
    again, created = await store.outbox.record_intent("round-reveal:1", 8, T0 + timedelta(seconds=5))
    assert not created and again == first  # the first record stands
    assert await store.outbox.get_intent("round-reveal:1") == first
    assert await store.outbox.get_intent("round-reveal:2") is None


async def test_pending_intents_by_prefix_until_done(store):
    for key in ("round-reveal:1", "round-reveal:12", "round-standings:1", "daily-reveal:1"):
        await store.outbox.record_intent(key, 7, T0)
    pending = await store.outbox.pending_intents("round-reveal:")
    assert [r.key for r in pending] == ["round-reveal:1", "round-reveal:12"]
    assert await store.outbox.mark_done("round-reveal:1", 555, T0 + timedelta(seconds=1))
    assert not await store.outbox.mark_done("round-reveal:1", 666, T0 + timedelta(seconds=2))  # once
    done = await store.outbox.get_intent("round-reveal:1")
    assert done is not None and done.done and done.message_id == 555
    assert [r.key for r in await store.outbox.pending_intents("round-reveal:")] == ["round-reveal:12"]
    assert await store.outbox.mark_done("round-reveal:12", None, T0)  # given up: no message
    assert await store.outbox.pending_intents("round-reveal:") == []
    assert [r.key for r in await store.outbox.pending_intents("")] == ["round-standings:1", "daily-reveal:1"]

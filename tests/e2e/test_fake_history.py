"""The fake Discord's message history, nonces and held responses behave as Discord's do."""

from __future__ import annotations

import asyncio

import aiohttp


def auth(fake) -> dict[str, str]:
    return {"Authorization": f"Bot {fake.token}"}


async def post(fake, channel_id: int, body: dict) -> dict:
    status, data = await fake.raw_request("POST", f"/channels/{channel_id}/messages", body, auth(fake))
    assert status == 200, data
    return data


async def history(fake, channel_id: int, query: str = "") -> list[int]:
    status, data = await fake.raw_request("GET", f"/channels/{channel_id}/messages{query}", None, auth(fake))
    assert status == 200, data
    return [int(m["id"]) for m in data]


async def test_enforced_nonce_returns_the_message_already_created(fake_discord):
    fake = fake_discord
    room = fake.channel("quiz-room")
    first = await post(fake, room.id, {"content": "one", "nonce": "cc123", "enforce_nonce": True})
    again = await post(fake, room.id, {"content": "one", "nonce": "cc123", "enforce_nonce": True})
    assert again["id"] == first["id"] and first["nonce"] == "cc123"
    loose = await post(fake, room.id, {"content": "one", "nonce": "cc123"})  # not enforced: a new one
    assert loose["id"] != first["id"]
    fake.nonce_window = 0  # the few minutes are over
    late = await post(fake, room.id, {"content": "one", "nonce": "cc123", "enforce_nonce": True})
    assert late["id"] != first["id"]
    assert len(fake.bot_messages(room.id)) == 3
    assert all("nonce" not in m for m in fake.bot_messages(room.id))  # not kept in the history


async def test_history_newest_first_with_limit_before_and_after(fake_discord):
    fake = fake_discord
    room = fake.channel("quiz-room")
    ids = [int((await post(fake, room.id, {"content": str(i)}))["id"]) for i in range(6)]
    assert await history(fake, room.id) == ids[::-1]
    assert await history(fake, room.id, "?limit=2") == [ids[5], ids[4]]
    assert await history(fake, room.id, f"?before={ids[3]}&limit=2") == [ids[2], ids[1]]
    assert await history(fake, room.id, f"?after={ids[1]}&limit=2") == [ids[3], ids[2]]  # the oldest after
    status, _ = await fake.raw_request("GET", f"/channels/{room.id}/messages?limit=101", None, auth(fake))
    assert status == 400
    fake.take_failures(50035)


async def test_a_held_response_is_stored_but_not_answered(fake_discord):
    fake = fake_discord
    room = fake.channel("quiz-room")
    held = fake.hold(lambda r: r.route == "POST /channels/{channel_id}/messages", "the post")
    sending = asyncio.create_task(post(fake, room.id, {"content": "held"}))
    rec = await held.reached(timeout=2)
    assert rec.ok and [m["content"] for m in fake.bot_messages(room.id)] == ["held"]
    await asyncio.sleep(0.1)
    assert not sending.done()
    held.release()
    assert (await asyncio.wait_for(sending, 2))["content"] == "held"
    assert (await post(fake, room.id, {"content": "not held"}))["content"] == "not held"  # one-shot


async def test_history_of_an_unknown_channel(fake_discord):
    async with aiohttp.ClientSession() as session:
        url = f"{fake_discord.api_url}/channels/1/messages"
        async with session.get(url, headers=auth(fake_discord)) as r:
            assert r.status == 404
    fake_discord.take_failures(10003)

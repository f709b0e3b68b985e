"""A burst of answer clicks is acknowledged at once; a lone click is answered in one reply."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from bot.discord_app import replies
from bot.discord_app.answer_buttons import record_click

from .test_answer_buttons import _feedback, make_interaction


async def test_clicks_during_a_burst_are_deferred_before_their_answer_is_recorded():
    gate = asyncio.Event()
    interactions = [make_interaction() for _ in range(10)]

    async def recorded(interaction) -> object:
        await gate.wait()  # the database is busy with the burst
        interaction.response.is_done.return_value = interaction.response.defer.await_count > 0
        return SimpleNamespace(reveal_now=False)

    clicks = [asyncio.create_task(record_click(i, recorded(i), _feedback, "d:1:0")) for i in interactions]
    for _ in range(5):
        await asyncio.sleep(0)
    # Acknowledged while the answers are still being recorded (beyond the first BURST + 1 clicks).
    deferred = [i.response.defer.await_count for i in interactions]
    assert deferred[replies.BURST + 1 :] == [1] * (10 - replies.BURST - 1)
    gate.set()
    await asyncio.gather(*clicks)
    for interaction in interactions[replies.BURST + 1 :]:
        interaction.followup.send.assert_awaited_once_with("Locked in **B**.", ephemeral=True)
        interaction.response.send_message.assert_not_awaited()
    assert replies.CLICKS.in_flight == 0


async def test_a_lone_click_is_answered_in_one_reply():
    interaction = make_interaction()

    async def recorded() -> object:
        await asyncio.sleep(0)
        return SimpleNamespace(reveal_now=False)

    await record_click(interaction, recorded(), _feedback, "d:1:0")
    interaction.response.defer.assert_not_awaited()
    interaction.response.send_message.assert_awaited_once_with("Locked in **B**.", ephemeral=True)


async def test_followups_wait_for_the_acknowledgements_of_the_burst():
    """Acknowledgements go out before feedback: no followup is sent while a defer is in flight."""
    events: list[str] = []
    interactions = [make_interaction() for _ in range(8)]
    for n, interaction in enumerate(interactions):

        async def defer(*args, n=n, interaction=interaction, **kwargs):
            await asyncio.sleep(0.01 * (n + 1))  # the later clicks' acknowledgements take longer
            interaction.response.is_done.return_value = True
            events.append("ack")

        async def followup(*args, **kwargs):
            events.append("followup")

        interaction.response.defer.side_effect = defer
        interaction.followup.send.side_effect = followup

    started: list[bool] = []

    async def recorded(interaction) -> object:  # the answer is committed at once
        started.append(interaction.response.is_done.return_value)
        return SimpleNamespace(reveal_now=False)

    await asyncio.gather(*(record_click(i, recorded(i), _feedback, "d:1:0") for i in interactions))
    # In the burst, a click's database work starts once its acknowledgement has gone out.
    assert started.count(True) == 8 - replies.BURST - 1
    acks = events.count("ack")
    assert acks == 8 - replies.BURST - 1
    assert events[:acks] == ["ack"] * acks  # every followup after the last acknowledgement
    assert replies.CLICKS.acking == 0 and replies.CLICKS.in_flight == 0

"""The study plan end to end through the fake Discord: /plan set and /plan show (private), a
reminder DM at the chosen time, never a second one the same day (more ticks, a restart), the
Stop reminders button and /plan remind off, and a member whose DMs are closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.store import open_store

from .helpers import embed_text, is_ephemeral
from .test_quiz_flows import buttons, click, slash, title

pytestmark = pytest.mark.usefixtures("engine")

TICK = 0.02
REMINDER = "study reminder"


async def wait_plan_ticks(fake, bot, n: int = 1, timeout: float = 3.0) -> None:
    """Wait until the reminder ticker has run ``n`` more full iterations (see wait_ticks)."""
    loop = bot.get_cog("Plans").reminder_loop
    await fake.wait_until(loop.is_running, timeout, "the reminder ticker to start")
    target = loop.current_loop + n + 1
    await fake.wait_until(lambda: loop.current_loop >= target, timeout, f"{n} reminder tick(s)")


def reminders(fake, user: str) -> list[dict]:
    return [m for m in fake.bot_messages(fake.dm_channel(user).id) if REMINDER in title(m)]


@pytest.mark.bot_settings(daily_tick_seconds=TICK)
async def test_plan_set_show_reminder_once_a_day_and_stop(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    now = datetime.now(UTC)
    exam_day = (now + timedelta(days=70)).date().isoformat()
    options = {"exam": "CPC", "date": exam_day, "hours": 8, "timezone": "UTC"}
    saved = await slash(fake, "plan", options, subcommand="set", user="alice", ephemeral=True)
    assert saved["content"] == "Plan saved."
    assert title(saved) == f"Study plan: CPC on {exam_day}"
    assert "Week 1 of 10" in embed_text(saved) and "0 of 120 questions done" in embed_text(saved)
    shown = await slash(fake, "plan", subcommand="show", user="alice", ephemeral=True)
    assert title(shown) == f"Study plan: CPC on {exam_day}" and "Reminders are off" in embed_text(shown)
    refused = await slash(fake, "plan", {"exam": "CPC", "date": "2020-01-01"}, subcommand="set", user="bob")
    assert "in the past" in refused["content"] and is_ephemeral(refused)

    at = (now + timedelta(hours=2)).strftime("%H:%M")
    remind = await slash(fake, "plan", {"time": at}, subcommand="remind", user="alice", ephemeral=True)
    assert remind["content"].startswith(f"Reminder set: every day at {at} (UTC)")
    await wait_plan_ticks(fake, running_bot, 3)
    assert not reminders(fake, "alice"), "reminded before the time"

    # the clock reaches the chosen time: one DM, with the countdown and a Stop button
    due = now.replace(hour=int(at[:2]), minute=int(at[3:]), second=30, microsecond=0)
    due += timedelta(days=1) if due < now else timedelta(0)
    running_bot.services.plans.clock = lambda: due
    dm = await fake.wait_for_message(fake.dm_channel("alice").id, lambda m: REMINDER in title(m), 3.0)
    assert title(dm).startswith("CPC study reminder: ") and "day(s) to go" in title(dm)
    assert [b["label"] for b in buttons(dm)] == ["Stop reminders"]
    assert dm.get("allowed_mentions", {}).get("parse") == []
    await wait_plan_ticks(fake, running_bot, 5)
    assert len(reminders(fake, "alice")) == 1

    # a restart the same day: still one
    bot = await bot_runner.restart()
    bot.services.plans.clock = lambda: due + timedelta(hours=1)
    await wait_plan_ticks(fake, bot, 5)
    assert len(reminders(fake, "alice")) == 1

    # the Stop button (after the restart: a persistent button) stops them; the next day, none
    stopped = await click(fake, dm, f"cc:plan:stop:{fake.user('alice').id}", "alice")
    assert stopped.startswith("Reminders stopped.")
    bot.services.plans.clock = lambda: due + timedelta(days=1)
    await wait_plan_ticks(fake, bot, 5)
    assert len(reminders(fake, "alice")) == 1

    # /plan remind again, then /plan remind off
    await slash(fake, "plan", {"time": at}, subcommand="remind", user="alice", ephemeral=True)
    again = await fake.wait_for_message(
        fake.dm_channel("alice").id, lambda m: REMINDER in title(m), 3.0, after=int(dm["id"])
    )
    assert int(again["id"]) > int(dm["id"]) and len(reminders(fake, "alice")) == 2
    off = await slash(fake, "plan", {"time": "off"}, subcommand="remind", user="alice", ephemeral=True)
    assert off["content"].startswith("Reminders stopped.")
    assert (await slash(fake, "plan", subcommand="off", user="alice"))["content"].startswith(
        "Study plan turned off"
    )


@pytest.mark.bot_settings(daily_tick_seconds=TICK)
async def test_a_member_with_closed_dms_is_recorded_and_not_retried(fake_discord, running_bot, bot_settings):
    fake = fake_discord
    plans = running_bot.services.plans
    stranger = 4_242_424_242  # the fake refuses DMs to a user it does not know (error 50007)
    exam_day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    await plans.set_plan(stranger, "CPC", exam_day, 6, "UTC")
    await plans.set_reminder(stranger, "00:00")
    await wait_plan_ticks(fake, running_bot, 5)
    attempts = fake.requests_to("POST /users/@me/channels")
    assert len(attempts) == 1  # tried once, never again that day
    assert len(fake.take_failures(code=50007)) == 1  # the refusal this test provoked
    store = await open_store(bot_settings.db_path)
    try:
        rows = (await store.transfer.dump())["plan_reminders"]
    finally:
        await store.close()
    assert [(r["user_id"], r["outcome"]) for r in rows] == [(stranger, "closed")]

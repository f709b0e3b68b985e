"""/forget-me and /forget-member end to end: the confirmation only its member can press, a
harmless time-out, and leaderboards without the member afterwards."""

from __future__ import annotations

import pytest

from bot.store import open_store
from tests.fakediscord import Perm

from .helpers import embed_text, is_ephemeral
from .test_quiz_flows import MANAGER, acked, buttons, slash

# Both flows run on SQLite and on a fresh PostgreSQL database (tests/e2e/conftest.py).
pytestmark = pytest.mark.usefixtures("engine")

TIMED_OUT = "No confirmation in time: nothing was deleted."


async def _seed(services, guild_id: int, channel_id: int, alice: int, bob: int) -> int:
    """A round started by alice, one question answered by alice and bob; returns its id."""
    rnd = await services.rounds.start_round(guild_id, channel_id, alice, exam="CPC", count=1, seconds=30)
    rq = await services.rounds.post_question(rnd.id)
    await services.rounds.answer(rq.id, alice, "alice", rq.question.answer)
    await services.rounds.answer(rq.id, bob, "bob", rq.question.answer)
    await services.rounds.reveal_question(rq.id)
    return rnd.id


async def _columns_naming(location, user_id: int, name: str) -> list[str]:
    """Every table.column of the bot's database (read as an export: every table, every column)
    that still holds the member's id or name."""
    store = await open_store(location)
    try:
        tables = await store.transfer.dump()
    finally:
        await store.close()
    return sorted(
        {
            f"{table}.{column}"
            for table, rows in tables.items()
            for row in rows
            for column, value in row.items()
            if value in (user_id, name) or (isinstance(value, str) and str(user_id) in value)
        }
    )


def _button(message: dict, label: str) -> str:
    return next(b["custom_id"] for b in buttons(message) if b["label"] == label)


async def _ask(fake, user: str) -> dict:
    prompt = await slash(fake, "forget-me", user=user, channel="quiz-room", ephemeral=True)
    assert "all your CertCoach data in this server" in prompt["content"]
    assert [b["label"] for b in buttons(prompt)] == ["Delete my data", "Cancel"]
    return prompt


async def test_forget_me_confirm_only_by_the_member_and_timeout_is_harmless(
    fake_discord, bot_runner, running_bot
):
    fake = fake_discord
    services = running_bot.services
    alice, bob = fake.user("alice").id, fake.user("bob").id
    round_id = await _seed(services, fake.guild_id, fake.channel("quiz-room").id, alice, bob)
    board = await slash(fake, "leaderboard", {"period": "all"}, user="dave", ephemeral=False)
    assert "alice" in embed_text(board) and "bob" in embed_text(board)

    # time-out: the prompt says nothing was deleted, the data is all there
    cog = running_bot.get_cog("Privacy")
    cog.confirm_timeout = 0.3
    prompt = await _ask(fake, "alice")
    await fake.wait_until(
        lambda: TIMED_OUT in fake.messages[int(prompt["id"])].payload["content"], 3.0, "timeout"
    )
    assert not buttons(fake.messages[int(prompt["id"])].payload)
    assert await services.privacy.rows_naming(fake.guild_id, alice) == 2

    # cancel, then another member's click on alice's prompt is refused
    cog.confirm_timeout = 30
    prompt = await _ask(fake, "alice")
    intruder = await acked(await fake.click(prompt["id"], _button(prompt, "Delete my data"), user="bob"))
    assert intruder["content"] == "Only the member who asked can confirm this." and is_ephemeral(intruder)
    assert await services.privacy.rows_naming(fake.guild_id, alice) == 2
    cancelled = await acked(await fake.click(prompt["id"], _button(prompt, "Cancel"), user="alice"))
    assert cancelled["content"] == "Cancelled: nothing was deleted." and not buttons(cancelled)

    # confirm: alice's data is gone, bob's stays
    prompt = await _ask(fake, "alice")
    done = await acked(await fake.click(prompt["id"], _button(prompt, "Delete my data"), user="alice"))
    assert done["content"].startswith("Done: your data in this server is gone. Deleted 1 answer(s)")
    assert not buttons(done)
    assert await services.privacy.rows_naming(fake.guild_id, alice) == 0
    assert await _columns_naming(bot_runner.settings.db_path, alice, "alice") == []
    assert await _columns_naming(bot_runner.settings.db_path, bob, "bob") == [
        "answers.user_id",
        "answers.user_name",
    ]
    assert (await services.rounds.get_round(round_id)).starter_id == 0
    board = await slash(fake, "leaderboard", {"period": "all"}, user="dave", ephemeral=False)
    assert "alice" not in embed_text(board) and "bob" in embed_text(board)
    assert (await services.stats.member_stats(fake.guild_id, alice)).answered == 0


async def test_forget_member_needs_manage_server(fake_discord, bot_runner, running_bot):
    fake = fake_discord
    services = running_bot.services
    gone, bob = 123_456_789_012_345_678, fake.user("bob").id
    await _seed(services, fake.guild_id, fake.channel("quiz-room").id, gone, bob)
    assert fake.synced_command("forget-member")["default_member_permissions"] == str(Perm.MANAGE_GUILD)

    refused = await slash(
        fake, "forget-member", {"user_id": str(gone)}, user="bob", permissions=Perm.MEMBER, ephemeral=True
    )
    assert "Manage Server" in refused["content"]
    assert await services.privacy.rows_naming(fake.guild_id, gone) == 2

    bad = await slash(fake, "forget-member", {"user_id": "someone"}, user="mona", permissions=MANAGER)
    assert bad["content"].startswith("That is not a user id")
    done = await slash(
        fake, "forget-member", {"user_id": f"<@{gone}>"}, user="mona", permissions=MANAGER, ephemeral=True
    )
    assert done["content"].startswith(f"Done: the data of user {gone} in this server is gone.")
    assert await services.privacy.rows_naming(fake.guild_id, gone) == 0
    assert await services.privacy.rows_naming(fake.guild_id, bob) == 1
    assert await _columns_naming(bot_runner.settings.db_path, gone, "alice") == []  # _seed names them alice

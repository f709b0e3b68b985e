"""The feedback loop end to end: every free-form answer carries Helpful / Not helpful; a member's
off-topic question is declined and queued, another answer gets "Not helpful" twice from the same
member (counted once); a moderator's /unanswered shows both with their counts, marks one "Add to
KB" and dismisses the other; the export prints the stub; a non-moderator is refused kindly."""

from __future__ import annotations

import asyncio

import pytest
import yaml

from tests.fakediscord import Perm
from tests.test_cli import run

from .helpers import embed_text, is_ephemeral
from .test_quiz_flows import MANAGER, acked, buttons, slash

# Both flows run on SQLite and on a fresh PostgreSQL database (tests/e2e/conftest.py).
pytestmark = pytest.mark.usefixtures("engine")

OFF_TOPIC = "who will win the football tonight?"
ON_TOPIC = "how many CEUs for the CPC?"


async def ask(fake, text: str, **kw) -> dict:
    sent = await fake.send_message(text, mentions_bot=True, **kw)
    return await fake.wait_for_reply(sent)


async def vote(fake, answer: dict, custom_id: str, user: str) -> str:
    reply = await acked(await fake.click(answer["id"], custom_id, user=user), ephemeral=True)
    return reply["content"]


async def queued(services, guild_id: int, count: int) -> None:
    """Wait until the guild's queue holds ``count`` items (a decline is queued after the reply)."""
    for _ in range(100):
        if (await services.feedback.page(guild_id)).open_items >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the queue never held {count} item(s)")


async def test_decline_and_not_helpful_reach_the_moderators_queue(fake_discord, running_bot):
    fake, services = fake_discord, running_bot.services
    declined = await ask(fake, OFF_TOPIC, author="alice")
    assert [b["label"] for b in buttons(declined)] == ["Helpful", "Not helpful"]
    assert fake.component_ids(declined) == ["cc:fb:y:", "cc:fb:n:"]
    answered = await ask(fake, ON_TOPIC, author="bob")
    sources, helpful, not_helpful = fake.component_ids(answered)  # a Sources button first
    assert sources.startswith("cc:src:")
    assert helpful.startswith("cc:fb:y:") and not_helpful.startswith("cc:fb:n:")
    assert str(fake.user("alice").id) not in helpful + not_helpful  # never the member

    first = await vote(fake, answered, not_helpful, "alice")
    assert first.startswith("Thanks — noted") and "moderators" in first
    again = await vote(fake, answered, not_helpful, "alice")
    assert again.startswith("Thanks — noted") and "counts once" in again
    await queued(services, fake.guild_id, 2)

    # a member without Manage Server is refused, kindly
    assert fake.synced_command("unanswered")["default_member_permissions"] == str(Perm.MANAGE_GUILD)
    refused = await slash(fake, "unanswered", user="dave", permissions=Perm.MEMBER, ephemeral=True)
    assert "Manage Server" in refused["content"]

    listed = await slash(fake, "unanswered", user="mona", permissions=MANAGER, ephemeral=True)
    text = embed_text(listed)
    assert "Unanswered questions (2)" in text
    assert "how many ceus for the cpc?" in text and "not helpful ×1" in text  # alice's two clicks: one
    assert OFF_TOPIC in text and "declined ×1" in text
    assert "alice" not in text and "bob" not in text
    labels = [b["label"] for b in buttons(listed)]
    assert labels == ["Dismiss #1", "Add #1 to KB", "Dismiss #2", "Add #2 to KB"]
    fields = listed["embeds"][0]["fields"]
    kb_index = next(i for i, f in enumerate(fields) if "cpc" in f["name"])
    ids = fake.component_ids(listed)

    # a member cannot press the moderators' buttons either
    add_to_kb = ids[2 * kb_index + 1]
    assert "Only moderators" in await vote(fake, listed, add_to_kb, "dave")
    marked = await acked(await fake.click(listed["id"], add_to_kb, user="mona", permissions=MANAGER))
    assert marked["content"].startswith("Marked “add to the knowledge base”")
    assert "Unanswered questions (1)" in embed_text(marked)
    assert "1 marked for the knowledge base" in embed_text(marked)
    [dismiss, _] = fake.component_ids(marked)
    done = await acked(await fake.click(marked["id"], dismiss, user="mona", permissions=MANAGER))
    assert done["content"].startswith("Dismissed") and "Nothing waiting" in embed_text(done)
    assert is_ephemeral(done)

    # the maintainer's export, from the command line on the bot's database
    env = {"CERTCOACH_DB": str(running_bot.settings.db_path), "DISCORD_TOKEN": ""}
    exported = await asyncio.to_thread(run, "unanswered", "export", "--guild", str(fake.guild_id), env=env)
    assert exported.returncode == 0, exported.stderr
    [entry] = yaml.safe_load(exported.stdout)["entries"]
    assert entry["questions"] == ["how many ceus for the cpc?"]
    assert (entry["title"], entry["text"], entry["sources"]) == ("TODO", "TODO", [])


async def test_a_member_can_switch_their_vote_and_dms_go_nowhere(fake_discord, running_bot):
    fake, services = fake_discord, running_bot.services
    answered = await ask(fake, ON_TOPIC, author="carol")
    _, helpful, not_helpful = fake.component_ids(answered)  # after the Sources button
    await vote(fake, answered, not_helpful, "carol")
    await queued(services, fake.guild_id, 1)
    switched = await vote(fake, answered, helpful, "carol")
    assert switched == "Thanks — noted. Your vote is now “Helpful”."
    assert (await services.feedback.page(fake.guild_id)).open_items == 0

    in_dm = await ask(fake, OFF_TOPIC, author="erin", dm=True)
    assert [b["label"] for b in buttons(in_dm)] == ["Helpful", "Not helpful"]
    said = await vote(fake, in_dm, fake.component_ids(in_dm)[-1], "erin")
    assert said.startswith("Thanks — noted") and "DMs stay private" in said
    assert (await services.feedback.page(fake.guild_id)).open_items == 0

    # /ask has no buttons (its answer replies to no message), but its declines are queued too
    await slash(fake, "ask", {"question": OFF_TOPIC}, user="carol")
    await queued(services, fake.guild_id, 1)
    [item] = (await services.feedback.page(fake.guild_id)).items
    assert (item.kind, item.question) == ("declined", OFF_TOPIC)

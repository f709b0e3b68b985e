"""Members' names are shown as written, never as Markdown: a name cannot become a masked link, ping
anyone or fake a leaderboard column (the reveal's "Got it right", standings, leaderboard, stats)."""

from __future__ import annotations

import re

from .helpers import embed_text
from .test_quiz_flows import ROUND_BUTTON, click, fields, question_for, slash, wait_titled

LINK = "[click me](https://evil.example)"
COLUMNS = "x** · 999 · 50/50 **"
PING = "@everyone"


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


async def test_names_are_escaped_in_reveals_standings_leaderboard_and_stats(fake_discord, running_bot):
    fake = fake_discord
    running_bot.get_cog("Rounds").pause_between = 0
    room = fake.channel("quiz-room")
    for username, shown in (("mallory", LINK), ("trent", COLUMNS), ("eve", PING)):
        fake.user(username).global_name = shown

    await slash(
        fake,
        "quiz",
        {"questions": 3, "seconds": 10, "bank": "certifications"},
        subcommand="start",
        user="carol",
        channel=room.name,
        ephemeral=False,
    )
    msg = await wait_titled(fake, room.id, "Question 1/3")
    q = question_for(msg)
    rq = ROUND_BUTTON.fullmatch(fake.component_ids(msg)[0]).group(1)
    for user in ("mallory", "trent", "eve"):
        assert (await click(fake, msg, f"cc:r:{rq}:{q['index']}", user)).startswith("Locked in")
    stopped = await slash(fake, "quiz", subcommand="stop", user="carol", channel=room.name, ephemeral=False)
    reveal, standings = stopped["embeds"][0], stopped["embeds"][-1]

    right = fields(reveal)["Got it right"]
    assert "\\[click me](https://evil.example)" in right  # an escaped bracket: no masked link
    assert "\\*\\*" in right and "@everyone" not in right
    # the names as written, once unescaped (a mention defused by a zero-width space)
    assert sorted(unescape(right).split(", ")) == sorted([LINK, COLUMNS, "@\u200beveryone"])

    board = await slash(fake, "leaderboard", user="dave", ephemeral=False)
    for embed in (standings, board["embeds"][0]):
        rows = [f["value"] for f in embed["fields"] if f["name"].isdigit()]
        assert len(rows) == 3
        for value in rows:
            # One bold name, then exactly the two columns the bot wrote.
            m = re.fullmatch(r"\*\*((?:[^*\\]|\\.)*)\*\* · (\d+) · (1/1)", value)
            assert m, value
            assert int(m.group(2)) < 999
            assert unescape(m.group(1)) in (LINK, COLUMNS, "@\u200beveryone")
        assert "@everyone" not in embed_text({"embeds": [embed]})

    theirs = await slash(fake, "stats", {"member": "mallory"}, user="bob", ephemeral=False)
    assert theirs["embeds"][0]["title"] == "Stats for \\[click me](https://evil.example)"

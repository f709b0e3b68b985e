"""The bot loads one extension per slice, each adding its cog with its commands, options and
permission checks; cogs share state through the bot's objects, never by looking each other up."""

from __future__ import annotations

import ast
from pathlib import Path
from unittest.mock import MagicMock

import discord
import pytest
from discord import app_commands

from bot.config import Secret, Settings
from bot.discord_app.client import create_bot
from bot.discord_app.exts import EXTENSIONS

DISCORD_APP = Path(__file__).resolve().parents[2] / "bot" / "discord_app"


class FakeApp:
    def __init__(self, knowledge) -> None:
        self.knowledge = knowledge
        self.banks = self.rounds = self.daily = self.stats = self.guild_settings = self.posts = (
            self.privacy
        ) = MagicMock()
        self.recovery = MagicMock()  # never asked: the bot does not become ready in this test
        self.ownership = MagicMock()
        self.codes = MagicMock()
        self.reports = MagicMock()
        self.readiness = MagicMock()
        self.charts = MagicMock()
        self.review = MagicMock()
        self.exams = MagicMock()
        self.practice_drills = MagicMock()
        self.plans = MagicMock()
        self.feedback = MagicMock()


@pytest.fixture
async def bot(knowledge, tmp_path):
    settings = Settings(token=Secret("x"), db_path=tmp_path / "db.sqlite3", daily_tick_seconds=5.0)
    bot = create_bot(settings, FakeApp(knowledge))
    async with bot:  # what login does first (an AutoShardedBot needs it to close)
        await bot.setup_hook()  # loads the extensions (no development guild: no sync)
        yield bot


async def test_every_slice_is_loaded_with_its_cog(bot):
    assert list(bot.extensions) == list(EXTENSIONS)
    assert set(bot.cogs) == {
        "Knowledge",
        "Rounds",
        "Daily",
        "Stats",
        "GuildSettings",
        "Privacy",
        "Codes",
        "Reports",
        "Review",
        "Exams",
        "Drills",
        "Plans",
        "Feedback",
    }
    assert bot.get_cog("Daily").daily_loop.seconds == 5.0
    assert bot.get_cog("Plans").reminder_loop.seconds == 5.0
    assert bot.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()


async def test_the_bot_runs_the_configured_shards_and_holds_only_their_guilds(knowledge, tmp_path):
    settings = Settings(token=Secret("x"), db_path=tmp_path / "db.sqlite3", shard_count=4, shard_ids=(1, 3))
    bot = create_bot(settings, FakeApp(knowledge))
    async with bot:
        assert isinstance(bot, discord.AutoShardedClient)
        assert (bot.shard_count, bot.shard_ids) == (4, [1, 3])
        on = {shard: (1000 + shard) << 22 for shard in range(4)}  # a guild id on each shard
        bot.get_guild = lambda guild_id: object()  # the bot is in every guild
        assert [bot.holds_guild(on[shard]) for shard in range(4)] == [False, True, False, True]
        bot.get_guild = lambda guild_id: None  # e.g. the console's server 1, or one it left
        assert not bot.holds_guild(on[1])
    unsharded = create_bot(Settings(token=Secret("x"), db_path=tmp_path / "db.sqlite3"), FakeApp(knowledge))
    assert (unsharded.shard_count, unsharded.shard_ids) == (None, None)  # discord.py asks Discord


async def test_commands_options_and_permissions(bot):
    commands = {c.name: c for c in bot.tree.get_commands()}
    assert set(commands) == {
        *("ask", "compare", "cert", "certs", "path", "help"),
        *("quiz", "daily", "leaderboard", "stats", "config", "forget-me", "forget-member", "code"),
        "reports",
        "review",
        "exam",
        "drill",
        "plan",
        "unanswered",
    }
    assert not commands["review"].guild_only  # spaced review works in DMs too
    plan = commands["plan"]
    assert {c.name for c in plan.commands} == {"set", "show", "off", "remind"}
    assert plan.guild_only is False  # a member's own plan: DMs work too
    quiz, daily, config, reports = (commands[n] for n in ("quiz", "daily", "config", "reports"))
    drill = commands["drill"]  # private, so in DMs too
    assert not drill.guild_only and drill.default_permissions is None
    assert [p.name for p in drill.parameters] == ["exam", "area", "count"]
    assert [p.name for p in drill.parameters if p.autocomplete] == ["area"]
    assert {c.name for c in quiz.commands} == {"start", "stop", "banks"}
    assert quiz.guild_only and quiz.default_permissions is None
    start = quiz.get_command("start")
    assert [p.name for p in start.parameters] == ["exam", "domain", "bank", "questions", "seconds"]
    assert {p.name for p in start.parameters if p.autocomplete} == {"domain", "bank"}

    for group, names in (
        (daily, {"setup", "off", "now"}),
        (config, {"ask-channel"}),
        (reports, {"list", "retire", "restore"}),
    ):
        assert group.guild_only
        assert group.default_permissions == discord.Permissions(manage_guild=True)
        assert {c.name for c in group.commands} == names
        for command in group.commands:  # the real check, not only Discord's hint
            assert any(
                getattr(check, "__qualname__", "").startswith("has_permissions") for check in command.checks
            ), f"/{group.name} {command.name}"
    assert daily.get_command("setup").get_parameter("timezone").autocomplete
    assert commands["leaderboard"].guild_only and commands["stats"].guild_only
    assert isinstance(commands["ask"], app_commands.Command)
    forget_me, forget_member = commands["forget-me"], commands["forget-member"]
    assert forget_me.guild_only and forget_me.default_permissions is None
    assert forget_member.guild_only
    assert forget_member.default_permissions == discord.Permissions(manage_guild=True)
    assert any(getattr(c, "__qualname__", "").startswith("has_permissions") for c in forget_member.checks)


async def test_answer_buttons_are_registered_for_both_kinds(bot):
    registered = {p.pattern for p in bot._connection._view_store._dynamic_items}
    assert any(p.startswith("cc:r:") for p in registered)
    assert any(p.startswith("cc:d:") for p in registered)
    assert any(p.startswith("cc:report:") for p in registered)  # the Report button under reveals
    assert any(p.startswith("cc:fb:") for p in registered)  # Helpful / Not helpful under answers
    assert any(p.startswith("cc:unq:") for p in registered)  # the /unanswered queue's buttons


def test_no_cog_looks_another_up():
    for path in DISCORD_APP.rglob("*.py"):
        tree = ast.parse(path.read_text())
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in {"get_cog", "cogs"}]
        assert not calls, f"{path}: line {calls[0].lineno}"

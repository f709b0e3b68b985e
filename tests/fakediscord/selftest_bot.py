"""A tiny discord.py bot that exercises the fake (used by tests/e2e/test_harness.py).

It is deliberately ordinary: a slash command tree synced to one guild in ``setup_hook``, a
persistent button view, a message listener and a few commands that misbehave on purpose so
the fake's Discord-like errors can be proven.
"""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

COLORS = ["red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"]


class CounterView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Count", style=discord.ButtonStyle.primary, custom_id="selftest:count")
    async def count(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"clicked by {interaction.user.name}")


class SelfTestBot(commands.Bot):
    def __init__(self, *, guild_id: int, message_content: bool = False) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
        )
        self.guild = discord.Object(guild_id)
        #: what went wrong on purpose (the fake's errors as discord.py raised them)
        self.errors: list[BaseException] = []
        self.results: list[object] = []
        self._add_commands()

    async def setup_hook(self) -> None:
        self.add_view(CounterView())
        self.tree.copy_global_to(guild=self.guild)
        await self.tree.sync(guild=self.guild)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py waits 5 s before re-IDENTIFYing after an invalid session (a documented,
        # overridable hook); the self-test bot skips the wait to keep the suite fast.
        return None

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        if isinstance(message.channel, discord.DMChannel):
            await message.channel.send(f"dm saw: {message.content!r}")
        elif message.guild is not None:
            await message.reply(f"saw: {message.content!r}")

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Answer pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @tree.command(description="Say something back")
        @app_commands.describe(text="What to say", private="Only you see it")
        async def echo(interaction: discord.Interaction, text: str, private: bool = False) -> None:
            try:
                await interaction.response.send_message(text, ephemeral=private)
            except discord.HTTPException as exc:
                self.errors.append(exc)

        @tree.command(description="Defer, then answer with a followup")
        async def later(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("deferred done")

        @tree.command(description="Defer, then edit the original response")
        async def edited(interaction: discord.Interaction) -> None:
            await interaction.response.defer()
            await interaction.edit_original_response(content="edited done", embed=discord.Embed(title="E"))

        @tree.command(description="Respond after a delay")
        async def slow(interaction: discord.Interaction, seconds: float) -> None:
            await asyncio.sleep(seconds)
            try:
                await interaction.response.send_message("too late?")
            except discord.HTTPException as exc:
                self.errors.append(exc)

        @tree.command(description="Two handlers racing to answer the same interaction")
        async def race(interaction: discord.Interaction) -> None:
            results = await asyncio.gather(
                interaction.response.send_message("first"),
                interaction.response.send_message("second"),
                return_exceptions=True,
            )
            self.results.extend(results)

        @tree.command(description="A followup before any acknowledgement")
        async def early(interaction: discord.Interaction) -> None:
            try:
                await interaction.followup.send("no ack yet")
            except discord.HTTPException as exc:
                self.errors.append(exc)
            await interaction.response.send_message("then the response")

        @tree.command(description="A message with a button")
        async def button(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("click me", view=CounterView())

        @tree.command(description="Pick a color")
        async def color(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"color {name}", ephemeral=True)

        @color.autocomplete("name")
        async def color_autocomplete(interaction: discord.Interaction, current: str):
            return [app_commands.Choice(name=c, value=c) for c in COLORS if current.lower() in c][:25]

        admin = app_commands.Group(
            name="admin",
            description="Admin tools",
            default_permissions=discord.Permissions(manage_guild=True),
        )

        @admin.command(name="set", description="Set a value")
        @app_commands.checks.has_permissions(manage_guild=True)
        async def admin_set(interaction: discord.Interaction, key: str, value: int) -> None:
            await interaction.response.send_message(f"{key}={value}", ephemeral=True)

        @admin_set.error
        async def admin_set_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            await interaction.response.send_message(f"denied: {type(error).__name__}", ephemeral=True)

        tree.add_command(admin)


def create_selftest_bot(*, guild_id: int, message_content: bool = False) -> SelfTestBot:
    return SelfTestBot(guild_id=guild_id, message_content=message_content)


class FloorView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Go", custom_id="floor:go")
    async def go(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()


def create_floor_bot(*, guild_id: int) -> commands.Bot:
    """The benchmark floor: a bare bot whose ``/ask`` only defers."""
    bot = commands.Bot(
        command_prefix=commands.when_mentioned, intents=discord.Intents.default(), help_command=None
    )
    guild = discord.Object(guild_id)

    @bot.tree.command(description="Ask a question")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        await interaction.response.defer(thinking=True)

    @bot.tree.command(description="A message with a button (for click benchmarks)")
    async def panel(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("panel", view=FloorView())

    async def setup_hook() -> None:
        bot.add_view(FloorView())
        bot.tree.copy_global_to(guild=guild)
        await bot.tree.sync(guild=guild)

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot

"""The Discord bot: intents, mentions policy, shards, extensions, command sync and the error handler.

The bot is discord.py's ``AutoShardedBot``: with ``CERTCOACH_SHARD_COUNT`` / ``CERTCOACH_SHARD_IDS``
unset it runs every shard Discord recommends in this one process; set, it runs only those
shards, and its background work (daily posts, takeover, recovery) covers only their guilds
(:meth:`CertCoachBot.holds_guild`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

import discord
from discord import app_commands
from discord.ext import commands

from ..core.shards import holds_guild
from ..services.banks import BanksService
from ..services.charts import ChartService
from ..services.codes import CodesService
from ..services.daily import DailyService
from ..services.exams import ExamService
from ..services.feedback import FeedbackService
from ..services.guild_settings import GuildSettingsService
from ..services.knowledge import KnowledgeService
from ..services.ownership import OwnershipService
from ..services.plans import PlanService
from ..services.posts import PostsService
from ..services.practice_drills import PracticeDrillService
from ..services.privacy import PrivacyService
from ..services.readiness import ReadinessService
from ..services.recovery import RecoveryService
from ..services.reports import ReportsService
from ..services.review import ReviewService
from ..services.rounds import RoundsService
from ..services.stats import StatsService
from .exts import EXTENSIONS
from .recovery import StartupRecovery
from .replies import send_ephemeral
from .shared import AskChannels, RunningRounds

if TYPE_CHECKING:
    from ..config import Settings

log = logging.getLogger("certcoach.discord")

FRIENDLY_FAILURE = (
    "Sorry, something went wrong on my side while answering. It has been logged; please try again."
)


class AppServices(Protocol):
    """What the Discord adapter takes from the application (``bot.wiring.App``)."""

    knowledge: KnowledgeService
    banks: BanksService
    rounds: RoundsService
    daily: DailyService
    stats: StatsService
    guild_settings: GuildSettingsService
    recovery: RecoveryService  # startup_recovery()
    posts: PostsService  # exactly-once posting
    privacy: PrivacyService  # /forget-me
    ownership: OwnershipService  # leases: which process runs a round or a guild's daily post
    codes: CodesService  # /code lookup, /code search, code questions
    reports: ReportsService  # the Report button, /reports
    readiness: ReadinessService  # /stats: the chance of passing each exam
    charts: ChartService  # /stats: the area-accuracy chart
    review: ReviewService  # /review, the review line of /stats
    exams: ExamService  # /exam: mock exams
    practice_drills: PracticeDrillService  # /drill
    plans: PlanService  # /plan, the study reminders
    feedback: FeedbackService  # Helpful / Not helpful under answers, /unanswered


class CertCoachTree(app_commands.CommandTree):
    """Turns every command failure into a friendly ephemeral reply (and logs real errors)."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            message = "You need the **Manage Server** permission to use this command."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "This command only works in a server, not in DMs."
        elif isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.CheckFailure):
            message = "You can't use this command here."
        elif isinstance(error, app_commands.TransformerError):
            message = f"I couldn't understand {error.value!r} for that option."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed", command, exc_info=error)
            message = FRIENDLY_FAILURE
        await send_ephemeral(interaction, message)


class CertCoachBot(commands.AutoShardedBot):
    """The bot and what its extensions share: the application's services (:attr:`services`),
    the ask-channel cache, the channels with a running round and the start-up recovery."""

    def __init__(self, settings: Settings, services: AppServices, **options: Any) -> None:
        intents = discord.Intents.default()
        # Privileged: only needed to answer every message in ask channels; mentions and DMs
        # carry their content without it.
        intents.message_content = settings.message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=CertCoachTree,
            help_command=None,
            # Never ping @everyone, @here, roles or users from text the bot echoes.
            allowed_mentions=discord.AllowedMentions.none(),
            **_shard_options(settings),
            **options,
        )
        self.settings = settings
        self.services = services
        self.ask_channels = AskChannels(services.guild_settings)
        self.running_rounds = RunningRounds()
        self.recovery = StartupRecovery(services.recovery.startup_recovery)

    def holds_guild(self, guild_id: int) -> bool:
        """Whether this process does ``guild_id``'s background work: the guild is on one of its
        shards and the bot is in it (the console's own server, for one, is in none)."""
        in_shards = holds_guild(guild_id, self.shard_count, self.shard_ids)
        return in_shards and self.get_guild(guild_id) is not None

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.dev_guild:
            # Development: guild commands update instantly. Never sync in on_ready.
            guild = discord.Object(id=self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to development guild %s", len(synced), self.settings.dev_guild)

    async def close(self) -> None:
        self.recovery.cancel()  # it runs on the store, which closes after the bot
        await super().close()

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: cogs listen to messages themselves (mentions, DMs, answers)."""

    async def on_ready(self) -> None:
        user = self.user
        log.info(
            "connected as %s (id %s) in %d server(s), shard(s) %s of %s",
            user,
            user.id if user else "?",
            len(self.guilds),
            ",".join(map(str, sorted(self.shards))),
            self.shard_count,
        )


def _shard_options(settings: Settings) -> dict[str, Any]:
    """discord.py's shard options: none when unset (it asks Discord how many shards to run)."""
    options: dict[str, Any] = {}
    if settings.shard_count is not None:
        options["shard_count"] = settings.shard_count
    if settings.shard_ids is not None:
        options["shard_ids"] = list(settings.shard_ids)
    return options


def create_bot(settings: Settings, services: AppServices, **options: Any) -> CertCoachBot:
    """The bot; ``options`` go to discord.py's Client (tests pass a short guild_ready_timeout)."""
    return CertCoachBot(settings, services, **options)

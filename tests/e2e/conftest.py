"""End-to-end fixtures: the real discord.py client against a fake Discord on 127.0.0.1.

* ``dns_guard`` (session, autouse): any lookup of a host containing "discord" raises.
* ``fake_discord``: a fresh fake per test, discord.py redirected to it; fails the test at teardown
  when the fake recorded a failure (unknown route, a limit exceeded, a late/double ack, ...).
* ``error_logs``: every ERROR log record fails the test at teardown.
* ``running_bot``: the CertCoach bot built by the same factory as the real entry point
  (``bot.wiring.build_app`` + ``create_bot``), started with ``bot.start(token)``, ready.
  Override settings per test with ``@pytest.mark.bot_settings(cooldown_seconds=30)``.
* ``bot_runner``: what ``running_bot`` runs on; ``await bot_runner.restart()`` stops the bot (and
  closes its store) and starts a fresh one on the same settings, database and fake Discord;
  ``bot_runner.bot`` / ``bot_runner.services`` are the current ones.
* ``selftest_bot``: the harness's tiny bot (``@pytest.mark.selftest_bot(message_content=True)``).
* ``bot_subprocess``: ``async with bot_subprocess("bot") as proc:`` runs a bot via the launcher.
* A module whose tests use ``engine`` (``pytestmark = pytest.mark.usefixtures("engine")``) runs
  each test on SQLite and on a fresh PostgreSQL database (``running_bot``, ``bot_subprocess``).
"""

from __future__ import annotations

import pytest

from bot import wiring
from tests.conftest import create_pg_database
from tests.fakediscord import (
    ErrorLogCollector,
    FakeDiscord,
    blocked_lookups,
    default_client_options,
    install_dns_guard,
    redirect_discord,
    start_bot,
    stop_bot,
)
from tests.fakediscord.process import launched

GUILD_READY_TIMEOUT = 0.05  # seconds between the last GUILD_CREATE and on_ready
HEARTBEAT_MS = 500


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "bot_settings(**overrides): Settings fields for running_bot")
    config.addinivalue_line("markers", "selftest_bot(**kwargs): options for the harness self-test bot")
    config.addinivalue_line(
        "markers",
        "multiprocess: starts two or three bot subprocesses on PostgreSQL (15-60 s each; "
        "-m 'not multiprocess' leaves them out)",
    )


@pytest.fixture(scope="session", autouse=True)
def dns_guard():
    undo = install_dns_guard()
    yield
    undo()
    assert not blocked_lookups(), f"something tried to reach Discord: {blocked_lookups()}"


@pytest.fixture
async def fake_discord():
    fake = FakeDiscord(heartbeat_interval_ms=HEARTBEAT_MS)
    await fake.start()
    undo_redirect = redirect_discord(fake.base_url, fake.ws_url)
    undo_options = default_client_options(guild_ready_timeout=GUILD_READY_TIMEOUT)
    try:
        yield fake
    finally:
        undo_options()
        undo_redirect()
        await fake.stop()
    fake.check()


@pytest.fixture
def error_logs():
    collector = ErrorLogCollector()
    with collector.installed():
        yield collector
    if collector.records:
        pytest.fail(
            f"{len(collector.records)} ERROR log record(s) during the test:\n{collector.format_all()}",
            pytrace=False,
        )


async def e2e_database(request, tmp_path, name: str):
    """Where the bot's database lives: an SQLite file in ``tmp_path``, or, for a test that uses
    ``engine`` (a module opts in with ``pytestmark = pytest.mark.usefixtures("engine")``) and
    runs on PostgreSQL, a new database on the session's server (tests/conftest.py)."""
    engine = request.getfixturevalue("engine") if "engine" in request.fixturenames else "sqlite"
    if engine == "postgres":
        return await create_pg_database(request.getfixturevalue("pg_server"))
    return tmp_path / name


@pytest.fixture
async def bot_settings(request, tmp_path, fake_discord):
    from bot.config import PROJECT_ROOT, Secret, Settings

    overrides = {}
    for marker in reversed(list(request.node.iter_markers("bot_settings"))):
        overrides.update(marker.kwargs)
    fields = {
        "token": Secret(fake_discord.token),
        "dev_guild": fake_discord.guild_id,
        "knowledge_dir": PROJECT_ROOT / "knowledge",
        "db_path": await e2e_database(request, tmp_path, "certcoach.sqlite3"),
        "cooldown_seconds": 0.0,
    }
    quizzes = PROJECT_ROOT / "quizzes"
    if "quizzes_dir" in Settings.__dataclass_fields__:
        fields["quizzes_dir"] = quizzes
    fields.update(overrides)
    return Settings(**fields)


class BotRunner:
    """Starts, stops and restarts the CertCoach bot in this process (same settings, same database,
    same fake Discord): ``await bot_runner.restart()`` is a deploy or a crash-and-restart."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.bot = None
        self.services = None
        self.task = None
        self.starts = 0

    async def start(self):
        assert self.bot is None, "the bot is already running"
        services = await wiring.build_app(self.settings)
        try:
            bot = wiring.create_bot(self.settings, services)
            self.task = await start_bot(bot, self.settings.token.get())
        except BaseException:
            close = getattr(services, "close", None)
            if close is not None:
                await close()
            raise
        self.bot, self.services = bot, services
        self.starts += 1
        return bot

    async def stop(self) -> None:
        bot, services, task = self.bot, self.services, self.task
        self.bot = self.services = self.task = None
        try:
            if bot is not None:
                exc = await stop_bot(bot, task)
                if exc is not None:
                    pytest.fail(f"the bot task raised: {exc!r}", pytrace=False)
        finally:
            close = getattr(services, "close", None)
            if close is not None:
                await close()

    async def restart(self):
        """Stop the running bot (closing its store) and start a fresh one; returns the new bot."""
        await self.stop()
        return await self.start()


@pytest.fixture
async def bot_runner(fake_discord, error_logs, bot_settings):
    """The :class:`BotRunner` behind ``running_bot`` (use it to restart the bot mid-test)."""
    runner = BotRunner(bot_settings)
    try:
        yield runner
    finally:
        await runner.stop()


@pytest.fixture
async def running_bot(bot_runner):
    yield await bot_runner.start()


@pytest.fixture
async def selftest_bot(request, fake_discord, error_logs):
    from tests.fakediscord.selftest_bot import create_selftest_bot

    marker = request.node.get_closest_marker("selftest_bot")
    kwargs = dict(marker.kwargs) if marker else {}
    bot = create_selftest_bot(guild_id=fake_discord.guild_id, **kwargs)
    task = await start_bot(bot, fake_discord.token)
    try:
        yield bot
    finally:
        exc = await stop_bot(bot, task)
        if exc is not None:
            pytest.fail(f"the bot task raised: {exc!r}", pytrace=False)


@pytest.fixture
async def bot_subprocess(request, fake_discord, tmp_path):
    """Factory: ``async with bot_subprocess("bot", env={...}) as proc`` (targets: bot, floor,
    selftest); every process it starts shares one database, ``bot_subprocess.database``."""
    database = await e2e_database(request, tmp_path, "certcoach-subprocess.sqlite3")

    def start(target: str = "bot", *, env: dict[str, str] | None = None, ready_timeout: float = 20.0):
        full_env = {
            "CERTCOACH_DB": str(database),
            "FAKEDISCORD_GUILD_READY_TIMEOUT": str(GUILD_READY_TIMEOUT),
            **(env or {}),
        }
        return launched(fake_discord, target, env=full_env, ready_timeout=ready_timeout)

    start.database = database
    return start

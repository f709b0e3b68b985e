"""Settings from the environment (and a ``.env`` file when present).

The Discord token is held as a ``SecretStr``-like wrapper so that it never shows up in
``repr()``, logs or tracebacks by accident.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Secret:
    """A string that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__


class SettingsError(ValueError):
    """A setting out of range or unreadable; the message is one plain sentence for the user."""


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Bounds of the numeric settings, in seconds: (least, most).
COOLDOWN_RANGE = (0.0, 3600.0)
DAILY_TICK_RANGE = (0.1, 3600.0)  # below 0.1 s the ticker would hammer the database
# A lease is renewed three times per lease time: below 0.5 s that hammers the database, above
# 10 minutes a dead process's rounds wait too long for another to take them over.
LEASE_RANGE = (0.5, 600.0)
MAX_SHARDS = 65536
# A Discord id (snowflake) is a positive 64-bit integer.
SNOWFLAKE_MAX = 2**63 - 1


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else default


def _env_database(name: str, default: Path) -> Path | str:
    """A ``postgresql://`` (or ``postgres://``) URL as given, anything else an SQLite file path."""
    value = os.environ.get(name, "").strip()
    if value.startswith(("postgresql://", "postgres://")):
        return value
    return Path(value).expanduser() if value else default


def _env_snowflake(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 0 < int(value) <= SNOWFLAKE_MAX:
        raise SettingsError(f"{name} must be a Discord server id (a positive whole number), got {value!r}.")
    return int(value)


def _env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _env_seconds(name: str, default: float, bounds: tuple[float, float]) -> float:
    """A finite number of seconds within ``bounds`` (inclusive); ``default`` when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    least, most = bounds
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not least <= number <= most:
        raise SettingsError(f"{name} must be a number of seconds from {least:g} to {most:g}, got {value!r}.")
    return number


def _env_days(name: str, default: int) -> int:
    """A whole number of days from 1 to 3650; ``default`` when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 3650:
        raise SettingsError(f"{name} must be a whole number of days from 1 to 3650, got {value!r}.")
    return int(value)


def _env_shards(count_name: str, ids_name: str) -> tuple[int | None, tuple[int, ...] | None]:
    """(shard count, this process's shard ids): both None when unset (discord.py decides); the
    ids default to every shard of the count."""
    count_text = os.environ.get(count_name, "").strip()
    ids_text = os.environ.get(ids_name, "").strip()
    if not count_text:
        if ids_text:
            raise SettingsError(f"{ids_name} needs {count_name} (how many shards there are in all).")
        return None, None
    if not count_text.isascii() or not count_text.isdigit() or not 1 <= int(count_text) <= MAX_SHARDS:
        raise SettingsError(
            f"{count_name} must be a whole number of shards from 1 to {MAX_SHARDS}, got {count_text!r}."
        )
    count = int(count_text)
    if not ids_text:
        return count, None
    ids: list[int] = []
    for raw in ids_text.split(","):
        part = raw.strip()
        if not part.isascii() or not part.isdigit() or int(part) >= count:
            raise SettingsError(
                f"{ids_name} must list shard numbers from 0 to {count - 1} separated by commas "
                f'(e.g. "0,1"), got {ids_text!r}.'
            )
        if int(part) in ids:
            raise SettingsError(f"{ids_name} lists shard {int(part)} twice: {ids_text!r}.")
        ids.append(int(part))
    return count, tuple(ids)


def _env_log_level(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        return "INFO"
    if value.upper() not in LOG_LEVELS:
        raise SettingsError(f"{name} must be one of {', '.join(LOG_LEVELS)}, got {value!r}.")
    return value.upper()


@dataclass(frozen=True)
class Settings:
    token: Secret = field(default_factory=lambda: Secret(""))
    dev_guild: int | None = None
    log_level: str = "INFO"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    quizzes_dir: Path = PROJECT_ROOT / "quizzes"
    blueprints_dir: Path = PROJECT_ROOT / "blueprints"
    # An SQLite file (the default), or a PostgreSQL URL kept as a string (``postgresql://...``).
    db_path: Path | str = PROJECT_ROOT / "data" / "certcoach.sqlite3"
    # Seconds a member waits between two answers from the bot (free-form questions and /ask).
    cooldown_seconds: float = 3.0
    # Ask the gateway for message content (privileged intent, enable it in the developer
    # portal first). Needed only for ask channels; mentions and DMs work without it.
    message_content: bool = False
    # How often the daily-question ticker looks for servers whose local time has come.
    daily_tick_seconds: float = 30.0
    # How long a process's lease on a running round or a guild's daily work lasts without
    # renewal: a process that dies has its rounds taken over by another within about this.
    lease_seconds: float = 30.0
    # Sharding (several bot processes): how many shards in all, and which this process runs.
    # None/None: discord.py's automatic single process running every shard.
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    # Where the ICD-10-CM index cache lives (built at first use or by `python -m bot codes build`).
    codes_cache_dir: Path = PROJECT_ROOT / "data" / "cache"
    # Days an /unanswered item is kept after it was last asked (then pruned).
    unanswered_days: int = 90

    @classmethod
    def from_env(cls, *, load_dotenv_file: bool = True) -> Settings:
        """Settings from the environment; :class:`SettingsError` names the first bad one."""
        if load_dotenv_file:
            from dotenv import load_dotenv

            # Real environment variables win over the file.
            load_dotenv(PROJECT_ROOT / ".env", override=False)
        shard_count, shard_ids = _env_shards("CERTCOACH_SHARD_COUNT", "CERTCOACH_SHARD_IDS")
        return cls(
            token=Secret(os.environ.get("DISCORD_TOKEN", "").strip()),
            dev_guild=_env_snowflake("CERTCOACH_DEV_GUILD"),
            log_level=_env_log_level("LOG_LEVEL"),
            knowledge_dir=_env_path("CERTCOACH_KNOWLEDGE", cls.knowledge_dir),
            quizzes_dir=_env_path("CERTCOACH_QUIZZES", cls.quizzes_dir),
            blueprints_dir=_env_path("CERTCOACH_BLUEPRINTS", cls.blueprints_dir),
            db_path=_env_database("CERTCOACH_DB", PROJECT_ROOT / "data" / "certcoach.sqlite3"),
            cooldown_seconds=_env_seconds("CERTCOACH_COOLDOWN", cls.cooldown_seconds, COOLDOWN_RANGE),
            message_content=_env_bool("CERTCOACH_MESSAGE_CONTENT"),
            daily_tick_seconds=_env_seconds("CERTCOACH_DAILY_TICK", cls.daily_tick_seconds, DAILY_TICK_RANGE),
            lease_seconds=_env_seconds("CERTCOACH_LEASE_SECONDS", cls.lease_seconds, LEASE_RANGE),
            shard_count=shard_count,
            shard_ids=shard_ids,
            codes_cache_dir=_env_path("CERTCOACH_CODES_CACHE", cls.codes_cache_dir),
            unanswered_days=_env_days("CERTCOACH_UNANSWERED_DAYS", cls.unanswered_days),
        )

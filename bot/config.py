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
    # An SQLite file (the default), or a PostgreSQL URL kept as a string (``postgresql://...``).
    db_path: Path | str = PROJECT_ROOT / "data" / "certcoach.sqlite3"
    # Seconds a member waits between two answers from the bot (free-form questions and /ask).
    cooldown_seconds: float = 3.0
    # Ask the gateway for message content (privileged intent, enable it in the developer
    # portal first). Needed only for ask channels; mentions and DMs work without it.
    message_content: bool = False
    # How often the daily-question ticker looks for servers whose local time has come.
    daily_tick_seconds: float = 30.0
    # Where the ICD-10-CM index cache lives (built at first use or by `python -m bot codes build`).
    codes_cache_dir: Path = PROJECT_ROOT / "data" / "cache"

    @classmethod
    def from_env(cls, *, load_dotenv_file: bool = True) -> Settings:
        """Settings from the environment; :class:`SettingsError` names the first bad one."""
        if load_dotenv_file:
            from dotenv import load_dotenv

            # Real environment variables win over the file.
            load_dotenv(PROJECT_ROOT / ".env", override=False)
        return cls(
            token=Secret(os.environ.get("DISCORD_TOKEN", "").strip()),
            dev_guild=_env_snowflake("CERTCOACH_DEV_GUILD"),
            log_level=_env_log_level("LOG_LEVEL"),
            knowledge_dir=_env_path("CERTCOACH_KNOWLEDGE", cls.knowledge_dir),
            quizzes_dir=_env_path("CERTCOACH_QUIZZES", cls.quizzes_dir),
            db_path=_env_database("CERTCOACH_DB", PROJECT_ROOT / "data" / "certcoach.sqlite3"),
            cooldown_seconds=_env_seconds("CERTCOACH_COOLDOWN", cls.cooldown_seconds, COOLDOWN_RANGE),
            message_content=_env_bool("CERTCOACH_MESSAGE_CONTENT"),
            daily_tick_seconds=_env_seconds("CERTCOACH_DAILY_TICK", cls.daily_tick_seconds, DAILY_TICK_RANGE),
            codes_cache_dir=_env_path("CERTCOACH_CODES_CACHE", cls.codes_cache_dir),
        )

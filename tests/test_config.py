"""Settings are range-checked: a bad value is refused with one plain sentence naming it (exit 2)."""

from __future__ import annotations

import pytest

from bot.config import Settings, SettingsError

from .test_cli import run

BAD = [
    ("CERTCOACH_DAILY_TICK", "0"),
    ("CERTCOACH_DAILY_TICK", "0.05"),
    ("CERTCOACH_DAILY_TICK", "nan"),
    ("CERTCOACH_DAILY_TICK", "-1"),
    ("CERTCOACH_DAILY_TICK", "3601"),
    ("CERTCOACH_DAILY_TICK", "soon"),
    ("CERTCOACH_COOLDOWN", "nan"),
    ("CERTCOACH_COOLDOWN", "inf"),
    ("CERTCOACH_COOLDOWN", "-0.5"),
    ("CERTCOACH_DEV_GUILD", "0"),
    ("CERTCOACH_DEV_GUILD", "-5"),
    ("CERTCOACH_DEV_GUILD", "1e5"),
    ("CERTCOACH_DEV_GUILD", str(2**64)),
    ("LOG_LEVEL", "garbage"),
    ("LOG_LEVEL", "CRITICAL"),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_from_env_refuses_out_of_range(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(load_dotenv_file=False)


def test_from_env_accepts_the_bounds_and_defaults(monkeypatch):
    for name in ("CERTCOACH_DAILY_TICK", "CERTCOACH_COOLDOWN", "CERTCOACH_DEV_GUILD", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    defaults = Settings.from_env(load_dotenv_file=False)
    assert (defaults.daily_tick_seconds, defaults.cooldown_seconds, defaults.dev_guild) == (30.0, 3.0, None)
    assert defaults.log_level == "INFO"
    monkeypatch.setenv("CERTCOACH_DAILY_TICK", "0.1")
    monkeypatch.setenv("CERTCOACH_COOLDOWN", "0")
    monkeypatch.setenv("CERTCOACH_DEV_GUILD", "123456789012345678")
    monkeypatch.setenv("LOG_LEVEL", " debug ")
    settings = Settings.from_env(load_dotenv_file=False)
    assert settings.daily_tick_seconds == 0.1 and settings.cooldown_seconds == 0.0
    assert settings.dev_guild == 123456789012345678 and settings.log_level == "DEBUG"
    monkeypatch.setenv("CERTCOACH_DAILY_TICK", "3600")
    monkeypatch.setenv("CERTCOACH_COOLDOWN", "3600")
    assert Settings.from_env(load_dotenv_file=False).daily_tick_seconds == 3600.0


@pytest.mark.parametrize(
    ("name", "value"),
    [("CERTCOACH_DAILY_TICK", "0"), ("CERTCOACH_COOLDOWN", "inf"), ("LOG_LEVEL", "garbage")],
)
def test_the_cli_refuses_a_bad_setting_in_one_sentence(tmp_path, name, value):
    env = {"CERTCOACH_DB": str(tmp_path / "db.sqlite3"), "DISCORD_TOKEN": "", name: value}
    result = run("ask", "what is the CPC", env=env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and repr(value) in lines[0]


def test_certcoach_db_takes_a_postgresql_url_or_a_path(monkeypatch, tmp_path):
    url = "postgresql://bot:secret@db.example:5432/certcoach"
    monkeypatch.setenv("CERTCOACH_DB", url)
    assert Settings.from_env(load_dotenv_file=False).db_path == url  # kept whole: no Path("//")
    monkeypatch.setenv("CERTCOACH_DB", str(tmp_path / "x.sqlite3"))
    assert Settings.from_env(load_dotenv_file=False).db_path == tmp_path / "x.sqlite3"
    monkeypatch.delenv("CERTCOACH_DB")
    assert Settings.from_env(load_dotenv_file=False).db_path == Settings().db_path


SHARDS = ("CERTCOACH_SHARD_COUNT", "CERTCOACH_SHARD_IDS")


@pytest.mark.parametrize(
    ("count", "ids", "named", "message"),
    [
        ("0", "", "CERTCOACH_SHARD_COUNT", "from 1 to 65536"),
        ("-2", "", "CERTCOACH_SHARD_COUNT", "from 1 to 65536"),
        ("two", "", "CERTCOACH_SHARD_COUNT", "from 1 to 65536"),
        ("1.5", "", "CERTCOACH_SHARD_COUNT", "from 1 to 65536"),
        ("65537", "", "CERTCOACH_SHARD_COUNT", "from 1 to 65536"),
        ("", "0", "CERTCOACH_SHARD_IDS", "needs CERTCOACH_SHARD_COUNT"),
        ("2", "2", "CERTCOACH_SHARD_IDS", "from 0 to 1"),
        ("2", "0,-1", "CERTCOACH_SHARD_IDS", "from 0 to 1"),
        ("4", "0;1", "CERTCOACH_SHARD_IDS", "from 0 to 3"),
        ("4", "1,,2", "CERTCOACH_SHARD_IDS", "from 0 to 3"),
        ("4", "1,3,1", "CERTCOACH_SHARD_IDS", "shard 1 twice"),
    ],
)
def test_shard_settings_are_refused_with_the_reason(monkeypatch, count, ids, named, message):
    for name, value in zip(SHARDS, (count, ids), strict=True):
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=named) as caught:
        Settings.from_env(load_dotenv_file=False)
    assert message in str(caught.value)


def test_shard_settings_and_the_lease_time(monkeypatch):
    for name in (*SHARDS, "CERTCOACH_LEASE_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env(load_dotenv_file=False)
    assert (settings.shard_count, settings.shard_ids, settings.lease_seconds) == (None, None, 30.0)
    monkeypatch.setenv("CERTCOACH_SHARD_COUNT", "4")
    assert (Settings.from_env(load_dotenv_file=False).shard_ids) is None  # every shard of 4
    monkeypatch.setenv("CERTCOACH_SHARD_IDS", " 3, 0 ")
    monkeypatch.setenv("CERTCOACH_LEASE_SECONDS", "0.5")
    settings = Settings.from_env(load_dotenv_file=False)
    assert (settings.shard_count, settings.shard_ids, settings.lease_seconds) == (4, (3, 0), 0.5)
    for bad in ("0.4", "601", "nan"):
        monkeypatch.setenv("CERTCOACH_LEASE_SECONDS", bad)
        with pytest.raises(SettingsError, match="CERTCOACH_LEASE_SECONDS"):
            Settings.from_env(load_dotenv_file=False)


def test_the_cli_refuses_bad_shard_ids_in_one_sentence(tmp_path):
    env = {
        "CERTCOACH_DB": str(tmp_path / "db.sqlite3"),
        "DISCORD_TOKEN": "",
        "CERTCOACH_SHARD_COUNT": "2",
        "CERTCOACH_SHARD_IDS": "0,5",
    }
    result = run("ask", "what is the CPC", env=env)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "CERTCOACH_SHARD_IDS" in lines[0] and "'0,5'" in lines[0]

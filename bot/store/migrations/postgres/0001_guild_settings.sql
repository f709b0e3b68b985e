-- Guild settings and ask channels (PostgreSQL; the SQLite twin is ../0001_guild_settings.sql).
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE guild_settings (
    guild_id         BIGINT PRIMARY KEY,
    quiz_channel_id  BIGINT,
    daily_channel_id BIGINT,
    daily_time       TEXT,              -- "HH:MM", server local time
    timezone         TEXT NOT NULL DEFAULT 'UTC',  -- IANA name
    daily_exam       TEXT,              -- NULL = every exam
    daily_enabled    BOOLEAN NOT NULL DEFAULT FALSE,
    next_run_at      TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX guild_settings_due ON guild_settings(next_run_at) WHERE daily_enabled;

CREATE TABLE ask_channels (
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

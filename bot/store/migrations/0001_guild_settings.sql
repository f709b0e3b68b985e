-- Guild settings and ask channels.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE guild_settings (
    guild_id         INTEGER PRIMARY KEY,
    quiz_channel_id  INTEGER,
    daily_channel_id INTEGER,
    daily_time       TEXT,              -- "HH:MM", server local time
    timezone         TEXT NOT NULL DEFAULT 'UTC',  -- IANA name
    daily_exam       TEXT,              -- NULL = every exam
    daily_enabled    INTEGER NOT NULL DEFAULT 0 CHECK (daily_enabled IN (0, 1)),
    next_run_at      TEXT,              -- UTC
    updated_at       TEXT NOT NULL
);

CREATE INDEX guild_settings_due ON guild_settings(next_run_at) WHERE daily_enabled = 1;

CREATE TABLE ask_channels (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

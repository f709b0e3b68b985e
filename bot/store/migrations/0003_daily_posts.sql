-- Daily posts.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE daily_posts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    local_date  TEXT NOT NULL,          -- YYYY-MM-DD in the server's time zone
    question_id TEXT NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,
    posted_at   TEXT NOT NULL,
    revealed_at TEXT,
    UNIQUE (guild_id, local_date)
);

CREATE INDEX daily_posts_unrevealed ON daily_posts(guild_id) WHERE revealed_at IS NULL;

-- Channel quiz rounds.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE rounds (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    channel_id        INTEGER NOT NULL,
    starter_id        INTEGER NOT NULL,
    exam              TEXT,
    domain            TEXT,
    bank              TEXT,
    seconds           INTEGER NOT NULL,
    question_ids      TEXT NOT NULL,    -- JSON list, in asking order
    current_index     INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished')),
    unanswered_streak INTEGER NOT NULL DEFAULT 0,
    finish_reason     TEXT,
    started_at        TEXT NOT NULL,
    finished_at       TEXT
);

CREATE UNIQUE INDEX rounds_one_active_per_channel ON rounds(channel_id) WHERE status = 'active';

CREATE INDEX rounds_guild ON rounds(guild_id, status);

CREATE TABLE round_questions (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    message_id  INTEGER,
    posted_at   TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    revealed    INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
    revealed_at TEXT,
    UNIQUE (round_id, idx)
);

CREATE INDEX round_questions_open ON round_questions(deadline) WHERE revealed = 0;

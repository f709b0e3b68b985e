-- The feedback loop (PostgreSQL; the SQLite twin is ../0013_feedback.sql): the per-server queue
-- of declined and "not helpful" questions (no member in it) and members' votes on answers.
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE unanswered_items (
    id          BIGSERIAL PRIMARY KEY,
    guild_id    BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('declined', 'not-helpful')),
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    asks        INTEGER NOT NULL CHECK (asks >= 0),
    first_seen  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kb')),
    UNIQUE (guild_id, kind, question, answer)
);

CREATE INDEX unanswered_items_list ON unanswered_items(guild_id, status, asks);
CREATE INDEX unanswered_items_age ON unanswered_items(last_seen);

CREATE TABLE feedback_votes (
    message_id  BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    guild_id    BIGINT NOT NULL,
    helpful     BOOLEAN NOT NULL,
    item_id     BIGINT,
    voted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE INDEX feedback_votes_member ON feedback_votes(guild_id, user_id);
CREATE INDEX feedback_votes_age ON feedback_votes(voted_at);

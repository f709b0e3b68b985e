-- The outbox: every message the bot must post exactly once (round questions, reveals,
-- standings, daily questions and daily reveals).  The intent is recorded before the send and
-- the posted message's id after it, so a restart can tell what may already be in Discord.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    intent_key  TEXT NOT NULL UNIQUE,   -- what is posted, e.g. 'round-reveal:12'
    channel_id  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    message_id  INTEGER,                -- the posted message, once known
    done_at     TEXT                    -- posted (message_id set) or given up (NULL message_id)
);

CREATE INDEX outbox_pending ON outbox(intent_key) WHERE done_at IS NULL;

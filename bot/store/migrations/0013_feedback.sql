-- The feedback loop (issue 14): a per-server queue of questions the bot could not answer well
-- (declined, or answered and voted "not helpful"), and members' votes on free-form answers.
-- A queue item holds no member: its question is normalised, stripped of mentions and capped
-- before it is stored, and identical questions share one item with a count.  A vote row names
-- the member (one vote per member and answer message, switchable); votes are pruned after the
-- voting window, deleted by /forget-me and carried by db export/import.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE unanswered_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('declined', 'not-helpful')),
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    asks        INTEGER NOT NULL CHECK (asks >= 0),
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kb')),
    UNIQUE (guild_id, kind, question, answer)
);

CREATE INDEX unanswered_items_list ON unanswered_items(guild_id, status, asks);
CREATE INDEX unanswered_items_age ON unanswered_items(last_seen);

CREATE TABLE feedback_votes (
    message_id  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    guild_id    INTEGER NOT NULL,
    helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    item_id     INTEGER,
    voted_at    TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
);

CREATE INDEX feedback_votes_member ON feedback_votes(guild_id, user_id);
CREATE INDEX feedback_votes_age ON feedback_votes(voted_at);

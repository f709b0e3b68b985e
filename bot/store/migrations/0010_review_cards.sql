-- Spaced review: one card per member and question (the FSRS state as the package's JSON text,
-- plus what the queries need as columns), and how far the member's answers have been read for
-- misses whose event was lost (review_sync).  Per member, not per server: review runs in DMs.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE review_cards (
    user_id      INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    fsrs         TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    lapses       INTEGER NOT NULL CHECK (lapses >= 0),
    reps         INTEGER NOT NULL CHECK (reps >= 0),
    created_at   TEXT NOT NULL,
    last_review  TEXT,
    PRIMARY KEY (user_id, question_id)
);

CREATE INDEX review_cards_due ON review_cards(user_id, due_at);

CREATE TABLE review_sync (
    user_id         INTEGER PRIMARY KEY,
    last_answer_id  INTEGER NOT NULL,
    synced_at       TEXT NOT NULL
);

CREATE INDEX answers_user ON answers(user_id, id);

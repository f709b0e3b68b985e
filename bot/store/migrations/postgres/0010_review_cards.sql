-- Spaced review (PostgreSQL; the SQLite twin is ../0009_review_cards.sql): one card per member
-- and question, and how far the member's answers have been read for lost misses.
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE review_cards (
    user_id      BIGINT NOT NULL,
    question_id  TEXT NOT NULL,
    fsrs         TEXT NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    lapses       INTEGER NOT NULL CHECK (lapses >= 0),
    reps         INTEGER NOT NULL CHECK (reps >= 0),
    created_at   TIMESTAMPTZ NOT NULL,
    last_review  TIMESTAMPTZ,
    PRIMARY KEY (user_id, question_id)
);

CREATE INDEX review_cards_due ON review_cards(user_id, due_at);

CREATE TABLE review_sync (
    user_id         BIGINT PRIMARY KEY,
    last_answer_id  BIGINT NOT NULL,
    synced_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX answers_user ON answers(user_id, id);

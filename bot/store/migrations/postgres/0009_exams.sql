-- Mock exams (PostgreSQL; the SQLite twin is ../0009_exams.sql): attempts per member and their
-- questions in order.  The partial unique index allows one active attempt per member.
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE exam_attempts (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT NOT NULL,
    exam          TEXT NOT NULL,
    length        INTEGER NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    deadline      TIMESTAMPTZ NOT NULL,
    submitted_at  TIMESTAMPTZ,
    position      INTEGER NOT NULL DEFAULT 0,
    shown_at      TIMESTAMPTZ NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    channel_id    BIGINT,
    notified      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE UNIQUE INDEX exam_attempts_one_active ON exam_attempts(user_id) WHERE status = 'active';
CREATE INDEX exam_attempts_member ON exam_attempts(user_id, exam, started_at);
CREATE INDEX exam_attempts_deadline ON exam_attempts(deadline) WHERE status = 'active';

CREATE TABLE exam_items (
    attempt_id   BIGINT NOT NULL REFERENCES exam_attempts(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    domain       TEXT NOT NULL,
    chosen       INTEGER,
    flagged      BOOLEAN NOT NULL DEFAULT FALSE,
    millis       BIGINT NOT NULL DEFAULT 0,  -- time spent on it, in milliseconds
    PRIMARY KEY (attempt_id, position)
);

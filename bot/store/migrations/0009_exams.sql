-- Mock exams: one attempt per member and exam sitting, and its questions in order.  Per member
-- (user_id), not per server: exams run in DMs.  The partial unique index lets a member have at
-- most one active attempt, whatever process or adapter starts it.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE exam_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL,
    exam          TEXT NOT NULL,
    length        INTEGER NOT NULL,
    started_at    TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    submitted_at  TEXT,
    position      INTEGER NOT NULL DEFAULT 0,
    shown_at      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    channel_id    INTEGER,
    notified      INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX exam_attempts_one_active ON exam_attempts(user_id) WHERE status = 'active';
CREATE INDEX exam_attempts_member ON exam_attempts(user_id, exam, started_at);
CREATE INDEX exam_attempts_deadline ON exam_attempts(deadline) WHERE status = 'active';

CREATE TABLE exam_items (
    attempt_id   INTEGER NOT NULL REFERENCES exam_attempts(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    domain       TEXT NOT NULL,
    chosen       INTEGER,
    flagged      INTEGER NOT NULL DEFAULT 0,
    millis       INTEGER NOT NULL DEFAULT 0,  -- time spent on it, in milliseconds
    PRIMARY KEY (attempt_id, position)
);

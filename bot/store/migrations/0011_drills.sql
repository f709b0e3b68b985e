-- Weak-area drills (/drill): one member's private practice on one exam area, and their answers.
-- Per member, not per server (drills run in DMs too).  At most one unfinished drill per member.
-- shown_at: when the current question was shown (how long the member took to answer it).
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE drill_sessions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    exam         TEXT NOT NULL,
    domain       TEXT NOT NULL,
    question_ids TEXT NOT NULL,  -- a JSON list, in asking order
    position     INTEGER NOT NULL DEFAULT 0,  -- the question being asked (= answers given)
    started_at   TEXT NOT NULL,
    shown_at     TEXT NOT NULL,
    finished_at  TEXT
);

CREATE UNIQUE INDEX drill_sessions_one_active ON drill_sessions(user_id) WHERE finished_at IS NULL;

CREATE TABLE drill_answers (
    session_id   INTEGER NOT NULL REFERENCES drill_sessions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    domain       TEXT NOT NULL,
    choice       INTEGER NOT NULL,
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at  TEXT NOT NULL,
    seconds      INTEGER,  -- whole seconds from the question shown to the answer
    PRIMARY KEY (session_id, position)
);

CREATE INDEX drill_answers_domain ON drill_answers(domain, answered_at);

CREATE INDEX answers_user_domain ON answers(user_id, domain, answered_at);

-- Answers to round questions and daily posts.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE answers (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    user_id           INTEGER NOT NULL,
    user_name         TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('quiz', 'daily')),
    round_question_id INTEGER REFERENCES round_questions(id) ON DELETE CASCADE,
    daily_post_id     INTEGER REFERENCES daily_posts(id) ON DELETE CASCADE,
    question_id       TEXT NOT NULL,
    domain            TEXT NOT NULL,
    choice            INTEGER NOT NULL,
    correct           INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points            INTEGER NOT NULL,
    answered_at       TEXT NOT NULL,
    CHECK ((kind = 'quiz' AND round_question_id IS NOT NULL AND daily_post_id IS NULL)
        OR (kind = 'daily' AND daily_post_id IS NOT NULL AND round_question_id IS NULL)),
    UNIQUE (user_id, round_question_id),
    UNIQUE (user_id, daily_post_id)
);

CREATE INDEX answers_guild_time ON answers(guild_id, answered_at);

CREATE INDEX answers_guild_user ON answers(guild_id, user_id);

CREATE INDEX answers_round_question ON answers(round_question_id) WHERE round_question_id IS NOT NULL;

CREATE INDEX answers_daily_post ON answers(daily_post_id) WHERE daily_post_id IS NOT NULL;

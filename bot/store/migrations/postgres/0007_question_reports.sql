-- Members' reports of bad questions, and retired questions (PostgreSQL; the SQLite twin is
-- ../0007_question_reports.sql).  One report per member, question and server.
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE question_reports (
    guild_id     BIGINT NOT NULL,
    question_id  TEXT NOT NULL,
    user_id      BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    reported_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, question_id, user_id)
);

CREATE INDEX question_reports_member ON question_reports(guild_id, user_id);

CREATE TABLE retired_questions (
    guild_id     BIGINT NOT NULL,
    question_id  TEXT NOT NULL,
    retired_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, question_id)
);

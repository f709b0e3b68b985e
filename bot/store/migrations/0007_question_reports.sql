-- Members' reports of bad questions, and the questions a server's moderators retired from its
-- rotation.  One report per member, question and server: a second report replaces the reason.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE question_reports (
    guild_id     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    user_id      INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    reported_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, question_id, user_id)
);

CREATE INDEX question_reports_member ON question_reports(guild_id, user_id);

CREATE TABLE retired_questions (
    guild_id     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    retired_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, question_id)
);

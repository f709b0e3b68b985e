-- Study plans (issue 13): one plan per member (not per server: exam prep runs in DMs and
-- private flows), the member's practice per local day and area (progress against the plan),
-- and one row per reminder day, written BEFORE the DM is sent: never two reminders a day, even
-- across restarts or with two processes.  Dates are the member's local dates (YYYY-MM-DD).
-- Never edit a released migration: add a new numbered file.

CREATE TABLE study_plans (
    user_id         INTEGER PRIMARY KEY,
    exam            TEXT NOT NULL,
    exam_date       TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    hours_per_week  INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    timezone        TEXT NOT NULL,
    remind_at       TEXT,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at      TEXT NOT NULL
);

CREATE INDEX study_plans_reminders ON study_plans(enabled, remind_at);

CREATE TABLE plan_activity (
    user_id     INTEGER NOT NULL,
    local_date  TEXT NOT NULL,
    domain      TEXT NOT NULL,
    answered    INTEGER NOT NULL CHECK (answered >= 0),
    correct     INTEGER NOT NULL CHECK (correct >= 0),
    PRIMARY KEY (user_id, local_date, domain)
);

CREATE TABLE plan_reminders (
    user_id      INTEGER NOT NULL,
    local_date   TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    outcome      TEXT CHECK (outcome IN ('sent', 'closed', 'failed')),
    PRIMARY KEY (user_id, local_date)
);

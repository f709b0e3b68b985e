-- Study plans (PostgreSQL; the SQLite twin is ../0009_study_plans.sql): one plan per member,
-- their practice per local day and area, and one row per reminder day written before the DM.
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE study_plans (
    user_id         BIGINT PRIMARY KEY,
    exam            TEXT NOT NULL,
    exam_date       DATE NOT NULL,
    start_date      DATE NOT NULL,
    hours_per_week  INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    timezone        TEXT NOT NULL,
    remind_at       TEXT,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX study_plans_reminders ON study_plans(enabled, remind_at);

CREATE TABLE plan_activity (
    user_id     BIGINT NOT NULL,
    local_date  DATE NOT NULL,
    domain      TEXT NOT NULL,
    answered    INTEGER NOT NULL CHECK (answered >= 0),
    correct     INTEGER NOT NULL CHECK (correct >= 0),
    PRIMARY KEY (user_id, local_date, domain)
);

CREATE TABLE plan_reminders (
    user_id      BIGINT NOT NULL,
    local_date   DATE NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    outcome      TEXT CHECK (outcome IN ('sent', 'closed', 'failed')),
    PRIMARY KEY (user_id, local_date)
);

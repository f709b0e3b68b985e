-- Leases (PostgreSQL; the SQLite twin is ../0006_leases.sql): which process owns a piece of
-- running work (a quiz round, a guild's daily post).  A lease past ``expires_at`` is free, so
-- the work of a process that died is taken over.  Transient: export/import leave it out.
-- Never edit a released migration: add a new numbered file in both dialects.

CREATE TABLE leases (
    resource     TEXT PRIMARY KEY,   -- what is owned, e.g. 'round:12', 'daily:1100000000000000001'
    holder       TEXT NOT NULL,      -- the instance id of the owning process
    acquired_at  TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX leases_expiry ON leases(expires_at);

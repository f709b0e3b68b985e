-- Leases: which process owns a piece of running work (a quiz round, a guild's daily post) when
-- several processes share the database.  A holder renews its lease well before ``expires_at``;
-- a lease past ``expires_at`` is free, so the work of a process that died is taken over.
-- Transient: export/import leave this table out.
-- Never edit a released migration: add a new numbered file.

CREATE TABLE leases (
    resource     TEXT PRIMARY KEY,   -- what is owned, e.g. 'round:12', 'daily:1100000000000000001'
    holder       TEXT NOT NULL,      -- the instance id of the owning process
    acquired_at  TEXT NOT NULL,      -- when this holder took it (kept across renewals)
    expires_at   TEXT NOT NULL
);

CREATE INDEX leases_expiry ON leases(expires_at);

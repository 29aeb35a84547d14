-- One execution of a run's pipeline at a time: the process holding the lease, until when, and how
-- many executions have claimed the run (a run that keeps crashing its executor is failed, not retried forever).
ALTER TABLE runs ADD COLUMN lease_owner TEXT;
ALTER TABLE runs ADD COLUMN lease_expires_at INTEGER;
ALTER TABLE runs ADD COLUMN executions INTEGER NOT NULL DEFAULT 0;
CREATE INDEX runs_lease_owner ON runs (lease_owner);

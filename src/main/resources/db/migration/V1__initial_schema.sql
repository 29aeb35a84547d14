-- Times are epoch milliseconds (UTC); JSON documents are stored as text.

CREATE TABLE workspaces (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    tier        TEXT    NOT NULL CHECK (tier IN ('free', 'pro')),
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    name          TEXT    NOT NULL,
    key_prefix    TEXT    NOT NULL UNIQUE,
    key_hash      TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE runs (
    id                        TEXT    NOT NULL PRIMARY KEY,
    workspace_id              TEXT    NOT NULL REFERENCES workspaces (id),
    version                   INTEGER NOT NULL DEFAULT 0,
    status                    TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'blocked')),
    current_step              INTEGER NOT NULL DEFAULT 0,
    awaiting_approval         INTEGER NOT NULL DEFAULT 0,
    error                     TEXT,
    failed_step               TEXT,
    user_intent               TEXT    NOT NULL,
    codename                  TEXT,
    require_approval          INTEGER NOT NULL DEFAULT 0,
    architect_output          TEXT,
    builder_output            TEXT,
    sentinel_output           TEXT,
    sre_output                TEXT,
    finops_output             TEXT,
    deployment_url            TEXT,
    approved_at               INTEGER,
    approved_by               TEXT,
    rejected_at               INTEGER,
    rejected_by               TEXT,
    feedback_useful           INTEGER,
    feedback_deploy_succeeded INTEGER,
    feedback_at               INTEGER,
    replay_of                 TEXT,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    started_at                INTEGER,
    completed_at              INTEGER,
    duration_ms               INTEGER
);
CREATE INDEX runs_workspace_created ON runs (workspace_id, created_at DESC, id DESC);
CREATE INDEX runs_workspace_completed ON runs (workspace_id, completed_at);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE run_tags (
    run_id    TEXT    NOT NULL REFERENCES runs (id),
    position  INTEGER NOT NULL,
    tag       TEXT    NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE INDEX run_tags_tag ON run_tags (tag);

CREATE TABLE audit_events (
    id            INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    run_id        TEXT    NOT NULL REFERENCES runs (id),
    action        TEXT    NOT NULL,
    actor         TEXT,
    details       TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX audit_events_run ON audit_events (run_id, id);

-- The audit log is append-only: the store itself refuses to change or remove an entry.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TABLE monthly_usage (
    id            TEXT    NOT NULL PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    period        TEXT    NOT NULL,
    runs          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (workspace_id, period)
);

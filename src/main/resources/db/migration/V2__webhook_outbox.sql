-- Outbound webhook events, written in the transaction of the state change they report and
-- delivered afterwards by WebhookDispatcher. Times are epoch milliseconds (UTC).
-- No foreign keys: the outbox is delivery infrastructure with its own retention.

CREATE TABLE webhook_outbox (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    delivery_id      TEXT    NOT NULL UNIQUE,
    workspace_id     TEXT    NOT NULL,
    run_id           TEXT    NOT NULL,
    event            TEXT    NOT NULL,
    -- The exact JSON that is POSTed and signed, fixed when the event is recorded.
    body             TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    -- A dispatcher sends only events it has leased, so two processes never send one at the same time.
    claimed_by       TEXT,
    lease_until      INTEGER,
    delivered_at     INTEGER,
    -- Given up after the last attempt.
    failed_at        INTEGER,
    last_error       TEXT
);

-- Undelivered events: the oldest of each run (the only one a dispatcher may send), and which are due.
CREATE INDEX webhook_outbox_pending_by_run ON webhook_outbox (run_id, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_outbox_pending_due ON webhook_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
-- Pruning of delivered events.
CREATE INDEX webhook_outbox_delivered ON webhook_outbox (delivered_at)
    WHERE delivered_at IS NOT NULL;
-- Counting given-up events.
CREATE INDEX webhook_outbox_failed ON webhook_outbox (failed_at)
    WHERE failed_at IS NOT NULL;

-- Signed webhooks (Standard Webhooks) through a transactional outbox. The V1 tables were never used by any code and
-- hold no rows, so they are replaced rather than altered.
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;

-- An endpoint belongs to one customer (it receives that customer's events) or, with customer_id NULL, to the
-- operator (it receives every customer's events of its types). event_types holds type names or '*' (every type).
-- The signing secret must be readable to sign (HMAC); previous_secret still signs alongside it until
-- previous_secret_expires_at, so a receiver can switch secrets without losing a delivery.
CREATE TABLE webhook_endpoints (
    id                         UUID PRIMARY KEY,
    customer_id                TEXT REFERENCES customers (id),
    url                        TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    description                TEXT CHECK (length(description) <= 1024),
    event_types                TEXT[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 50),
    secret                     TEXT NOT NULL CHECK (secret LIKE 'whsec\_%'),
    previous_secret            TEXT,
    previous_secret_expires_at TIMESTAMPTZ,
    enabled                    BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason            TEXT CHECK (disabled_reason IN ('ADMIN', 'GONE')),
    consecutive_failures       INTEGER NOT NULL DEFAULT 0,
    failing_since              TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (enabled = (disabled_reason IS NULL))
);
CREATE INDEX webhook_endpoints_customer_idx ON webhook_endpoints (customer_id, created_at, id);

-- One row per (endpoint, message): written by WebhookOutbox in the transaction that decided the event, so a
-- rolled-back decision sends nothing and a committed one is never lost. body is the exact JSON text sent and
-- signed, identical on every attempt, like message_id (the webhook-id header). attempts counts every attempt ever
-- made; attempts_base is where the current round of retries started (a manual redeliver starts a new round).
-- A claimed row's next_attempt_at is pushed past the attempt's time limit, which is its lease: no other sender
-- claims it meanwhile, and if the sender dies the row is simply due again later.
CREATE TABLE webhook_deliveries (
    id               UUID PRIMARY KEY,
    endpoint_id      UUID NOT NULL REFERENCES webhook_endpoints (id),
    message_id       TEXT NOT NULL CHECK (message_id ~ '^msg_[A-Za-z0-9]+$'),
    event_type       TEXT NOT NULL,
    customer_id      TEXT,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'DRY_RUN')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    attempts_base    INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_status_code INTEGER,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ,
    CONSTRAINT webhook_deliveries_once UNIQUE (endpoint_id, message_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Every attempt, as it ended: DELIVERED (2xx), FAILED (another status, a timeout, a connection error), GONE (410,
-- the endpoint was disabled), REFUSED (the address is private, loopback or link-local), DRY_RUN (decided, not sent).
CREATE TABLE webhook_attempts (
    delivery_id      UUID NOT NULL REFERENCES webhook_deliveries (id),
    attempt          INTEGER NOT NULL,
    outcome          TEXT NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED', 'GONE', 'REFUSED', 'DRY_RUN')),
    status_code      INTEGER,
    latency_ms       INTEGER,
    response_excerpt TEXT,
    error            TEXT,
    attempted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (delivery_id, attempt)
);

-- aggregation.completed is sent once per closed (customer, period): a row here is the proof it was decided.
CREATE TABLE aggregation_closed_periods (
    customer_id  TEXT NOT NULL,
    period       TEXT NOT NULL CHECK (period IN ('HOURLY', 'DAILY')),
    period_start TIMESTAMPTZ NOT NULL,
    closed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, period, period_start)
);
-- The periods that close in a run's window are found by start time across customers.
CREATE INDEX usage_rollups_period_start_idx ON usage_rollups (period, period_start);

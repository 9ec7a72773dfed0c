-- Plans, subscriptions and their monthly periods (see docs/plans.md). A period's credits are an ordinary credit
-- grant (source PLAN) posted through the ledger (io.meterline.common.ledger.Ledger); nothing here moves money.

-- A plan is versioned: posting a changed plan adds a version, which applies from the next period that starts
-- after it was created (the renewal uses the newest version created at or before the period's start).
CREATE TABLE plans (
    plan_id          TEXT NOT NULL CHECK (plan_id <> ''),
    version          INTEGER NOT NULL CHECK (version >= 1),
    name             TEXT NOT NULL,
    monthly_credits  NUMERIC(38,18) NOT NULL CHECK (monthly_credits > 0),
    -- NONE: the unused rest of a period's grant expires; CAPPED: up to rollover_max of it is carried into the next
    -- period's grant; FULL: all of it is carried
    rollover         TEXT NOT NULL CHECK (rollover IN ('NONE', 'CAPPED', 'FULL')),
    rollover_max     NUMERIC(38,18) CHECK (rollover_max >= 0),
    grant_priority   INTEGER NOT NULL CHECK (grant_priority BETWEEN 0 AND 1000000),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, version),
    CONSTRAINT plans_rollover_max CHECK ((rollover = 'CAPPED') = (rollover_max IS NOT NULL))
);

-- One live (ACTIVE) subscription per customer. Periods run from starts_at to the first anchor boundary after it,
-- then from boundary to boundary (00:00 UTC of anchor_day, or of the month's last day when it is shorter).
-- next_period_start is the start of the first period not yet issued: the renewal job's work list, advanced in the
-- transaction that inserts the period. cancel_at (set by a cancellation: the end of the period it fell in) stops
-- renewals: no period starting at or after it is issued; the job marks the subscription ENDED once it has passed.
CREATE TABLE subscriptions (
    id                 UUID PRIMARY KEY,
    customer_id        TEXT NOT NULL REFERENCES customers (id),
    plan_id            TEXT NOT NULL,
    anchor_day         INTEGER NOT NULL CHECK (anchor_day BETWEEN 1 AND 31),
    starts_at          TIMESTAMPTZ NOT NULL,
    next_period_start  TIMESTAMPTZ NOT NULL,
    cancel_at          TIMESTAMPTZ,
    status             TEXT NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    canceled_at        TIMESTAMPTZ,
    ended_at           TIMESTAMPTZ,
    CONSTRAINT subscriptions_ended CHECK ((status = 'ENDED') = (ended_at IS NOT NULL)),
    CONSTRAINT subscriptions_cancel CHECK ((cancel_at IS NULL) = (canceled_at IS NULL))
);
CREATE UNIQUE INDEX subscriptions_live_idx ON subscriptions (customer_id) WHERE status = 'ACTIVE';
CREATE INDEX subscriptions_due_idx ON subscriptions (next_period_start) WHERE status = 'ACTIVE';
CREATE INDEX subscriptions_customer_idx ON subscriptions (customer_id, created_at);

-- One row per issued period. The primary key (subscription_id, period_start) is the exactly-once guard; the
-- grant's deterministic id plan:<subscription_id>:<period_start> (unique in credit_grants) is the second one.
-- credits: the plan version's monthly credits; carried: what rollover brought from the previous period's grant;
-- the grant holds credits + carried.
CREATE TABLE subscription_periods (
    subscription_id  UUID NOT NULL REFERENCES subscriptions (id),
    period_start     TIMESTAMPTZ NOT NULL,
    period_end       TIMESTAMPTZ NOT NULL,
    customer_id      TEXT NOT NULL,
    plan_id          TEXT NOT NULL,
    plan_version     INTEGER NOT NULL,
    credits          NUMERIC(38,18) NOT NULL CHECK (credits > 0),
    carried          NUMERIC(38,18) NOT NULL CHECK (carried >= 0),
    grant_id         TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, period_start),
    CONSTRAINT subscription_periods_window CHECK (period_end > period_start),
    FOREIGN KEY (plan_id, plan_version) REFERENCES plans (plan_id, version)
);
CREATE INDEX subscription_periods_customer_idx ON subscription_periods (customer_id);

-- Direct charges and their refunds (issue 12). Each charge or refund is one row here and one ledger row (CHARGE,
-- negative; REFUND, positive) posted through ledger_post in the same transaction; ledger_tx_id links them.
-- The charge or refund row is inserted just before its ledger row (whose id it takes from the ledger's identity
-- sequence beforehand, as the cost worker does for BURN rows), so that link is checked at commit (DEFERRABLE).
--
-- Amounts: positive and at most 10^15 credits (MoneyBounds.CHARGE_MAX, the bound of every wallet write).
-- Idempotency: (customer_id, request_id) and (customer_id, refund_id) are the keys a client retries with.

CREATE TABLE charges (
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    request_id    TEXT NOT NULL CHECK (length(request_id) BETWEEN 1 AND 256),
    amount        NUMERIC(38,18) NOT NULL CHECK (amount > 0 AND amount <= 1000000000000000),
    feature_id    TEXT CHECK (length(feature_id) BETWEEN 1 AND 128),
    description   TEXT,
    metadata      JSONB,
    ledger_tx_id  BIGINT NOT NULL UNIQUE REFERENCES wallet_transactions (id) DEFERRABLE INITIALLY DEFERRED,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, request_id)
);
-- Rollups select the hours that changed (created_at) and then read one customer's hour.
CREATE INDEX charges_created_idx ON charges (created_at);
CREATE INDEX charges_customer_time_idx ON charges (customer_id, created_at);

-- A refund gives back all or part of one item: a charge (charge_request_id) or a PRICED usage event (event_id, and
-- the usage row's dedup key, which is what identifies it). original_ledger_tx_id is the ledger row the refund
-- reverses: the charge's CHARGE row, or the BURN row the usage row links to (usage_events.ledger_tx_id); with
-- credit grants it is what a REFUND restores to the grants it came from. feature_id is the item's, for rollups.
-- The sum of an item's refunds never exceeds what the item cost; RefundService enforces it under a row lock on
-- the item and the audit checks it (refunds_within_original).
CREATE TABLE refunds (
    customer_id            TEXT NOT NULL REFERENCES customers (id),
    refund_id              TEXT NOT NULL CHECK (length(refund_id) BETWEEN 1 AND 256),
    charge_request_id      TEXT,
    event_id               UUID,
    event_dedup_key        TEXT,
    amount                 NUMERIC(38,18) NOT NULL CHECK (amount > 0 AND amount <= 1000000000000000),
    reason                 TEXT NOT NULL,
    feature_id             TEXT,
    original_ledger_tx_id  BIGINT NOT NULL,
    ledger_tx_id           BIGINT NOT NULL UNIQUE REFERENCES wallet_transactions (id) DEFERRABLE INITIALLY DEFERRED,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, refund_id),
    FOREIGN KEY (customer_id, charge_request_id) REFERENCES charges (customer_id, request_id),
    CONSTRAINT refunds_one_item CHECK ((charge_request_id IS NULL) <> (event_dedup_key IS NULL)
                                       AND (event_id IS NULL) = (event_dedup_key IS NULL))
);
CREATE INDEX refunds_charge_idx ON refunds (customer_id, charge_request_id) WHERE charge_request_id IS NOT NULL;
CREATE INDEX refunds_event_idx ON refunds (customer_id, event_dedup_key) WHERE event_dedup_key IS NOT NULL;
CREATE INDEX refunds_created_idx ON refunds (created_at);
CREATE INDEX refunds_customer_time_idx ON refunds (customer_id, created_at);

-- wallet-movements records not yet acknowledged by Kafka. A row is written in the transaction of the charge or
-- refund it describes (payload = the WalletMovementV1 JSON, key = customer_id) and deleted once Kafka acknowledged
-- it; a drain takes rows in id order, FOR UPDATE SKIP LOCKED, so two instances share the work: at least once,
-- never lost.
CREATE TABLE wallet_movement_outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What the rollups sum: usage rows, and charges (event_type CHARGE, credits = amount) and refunds (REFUND, credits =
-- -amount) at their created_at, so a customer's summed credits are what it was charged net of refunds. One
-- definition for the aggregation worker and the audit (rollup_hourly). A UNION ALL of plain selects with the same
-- column types: the planner flattens it, so a predicate on event_time or changed_at reaches each table's indexes
-- (usage_events_customer_time_idx, usage_events_changed_idx on coalesce(priced_at, processed_at), and the ones above).
CREATE VIEW rollup_source AS
SELECT customer_id, event_time, event_type, feature_id, provider, model, status, input_tokens, cached_input_tokens,
       cache_write_tokens, output_tokens, quantity, cost_usd, credits,
       coalesce(priced_at, processed_at) AS changed_at
FROM usage_events
UNION ALL
SELECT customer_id, created_at, 'CHARGE'::text, coalesce(feature_id, ''), NULL::text, NULL::text, 'PRICED'::text,
       0::bigint, 0::bigint, 0::bigint, 0::bigint, NULL::numeric, NULL::numeric, amount, created_at
FROM charges
UNION ALL
SELECT customer_id, created_at, 'REFUND'::text, coalesce(feature_id, ''), NULL::text, NULL::text, 'PRICED'::text,
       0::bigint, 0::bigint, 0::bigint, 0::bigint, NULL::numeric, NULL::numeric, -amount, created_at
FROM refunds;

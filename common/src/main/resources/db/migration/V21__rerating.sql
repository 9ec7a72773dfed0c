-- Audited re-rating (issue 12): PUT /v1/admin/rates with "rerate": true stores corrected rate versions for a past
-- window and a rerate_jobs row, in one transaction; the cost worker then prices the PRICED usage rows of that window
-- again (docs/rates.md, "Re-rating").

-- A correction never updates a price: the versions it replaces are marked superseded_by the job (kept for history,
-- no longer loaded by the cost workers) and the parts of them outside the corrected window are inserted again as new
-- rows with the same price. Versions of one key still never overlap among the rows that are not superseded.
ALTER TABLE provider_rates ADD COLUMN superseded_by UUID;
DROP INDEX provider_rates_version_idx;
CREATE UNIQUE INDEX provider_rates_version_idx ON provider_rates (provider, lower(model), cost_type, valid_from)
    WHERE superseded_by IS NULL;
DROP INDEX provider_rates_open_idx;
CREATE UNIQUE INDEX provider_rates_open_idx ON provider_rates (provider, lower(model), cost_type)
    WHERE valid_until IS NULL AND superseded_by IS NULL;

-- A re-rated usage row keeps its current price in cost_usd / credits / rate_ids (what every reader sees) and the
-- price it was first charged with in original_*, set once by the first job that changed it: its BURN row matches
-- original_credits; the RERATE rows of its wallet carry the differences. rerated_by is the last job that changed it.
ALTER TABLE usage_events
    ADD COLUMN original_cost_usd NUMERIC(38,18),
    ADD COLUMN original_credits NUMERIC(38,18),
    ADD COLUMN original_rate_ids BIGINT[],
    ADD COLUMN rerated_by UUID;

-- One job per rate PUT that asked for re-rating. scope_* are parallel arrays, one element per corrected item:
-- usage rows of that provider/model (or an alias of it) whose event_time is in [scope_from, scope_until) are
-- priced again (scope_until NULL = no end). The cost worker works through them in primary-key order, one chunk per
-- transaction, the cursor and counters moving in the chunk's transaction; scanned_at is set when the last chunk is
-- done, settled_at when every wallet has its RERATE row, and the status is then SUCCEEDED.
CREATE TABLE rerate_jobs (
    id                   UUID PRIMARY KEY,
    status               TEXT NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED')),
    scope_provider       TEXT[] NOT NULL,
    scope_model          TEXT[] NOT NULL,
    scope_from           TIMESTAMPTZ[] NOT NULL,
    scope_until          TIMESTAMPTZ[] NOT NULL,
    rate_ids             BIGINT[] NOT NULL DEFAULT '{}',  -- the corrected versions the PUT stored
    superseded_rate_ids  BIGINT[] NOT NULL DEFAULT '{}',  -- the versions they replaced
    cursor_customer      TEXT NOT NULL DEFAULT '',
    cursor_dedup_key     TEXT NOT NULL DEFAULT '',
    rows_examined        BIGINT NOT NULL DEFAULT 0,
    rows_changed         BIGINT NOT NULL DEFAULT 0,
    rows_unpriceable     BIGINT NOT NULL DEFAULT 0,       -- PRICED rows the corrected catalogue cannot price: left as they are
    old_credits          NUMERIC(38,18) NOT NULL DEFAULT 0,
    new_credits          NUMERIC(38,18) NOT NULL DEFAULT 0,
    wallets_settled      INTEGER NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at           TIMESTAMPTZ,
    scanned_at           TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    CONSTRAINT rerate_jobs_scopes CHECK (cardinality(scope_provider) = cardinality(scope_model)
        AND cardinality(scope_model) = cardinality(scope_from) AND cardinality(scope_from) = cardinality(scope_until))
);
CREATE INDEX rerate_jobs_open_idx ON rerate_jobs (created_at) WHERE status <> 'SUCCEEDED';

-- The per-event detail: one row per usage row a job changed, with the price before and after. ledger_tx_id is the
-- RERATE row of the event's wallet for this job (set when the job settles the wallet), whose amount is the sum of
-- old_credits - new_credits of its items. published: the usage-priced record of the item was acknowledged by Kafka
-- (the items are the outbox of re-rating: an item settled and not published is published again).
CREATE TABLE rerate_items (
    job_id        UUID NOT NULL REFERENCES rerate_jobs (id),
    customer_id   TEXT NOT NULL,
    dedup_key     TEXT NOT NULL,
    event_id      UUID NOT NULL,
    old_cost_usd  NUMERIC(38,18) NOT NULL,
    new_cost_usd  NUMERIC(38,18) NOT NULL,
    old_credits   NUMERIC(38,18) NOT NULL,
    new_credits   NUMERIC(38,18) NOT NULL,
    old_rate_ids  BIGINT[],
    new_rate_ids  BIGINT[] NOT NULL,
    ledger_tx_id  BIGINT,
    published     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, customer_id, dedup_key)
);
CREATE INDEX rerate_items_ledger_idx ON rerate_items (ledger_tx_id);
CREATE INDEX rerate_items_customer_idx ON rerate_items (customer_id, dedup_key);
CREATE INDEX rerate_items_unpublished_idx ON rerate_items (job_id, customer_id, dedup_key)
    WHERE NOT published AND ledger_tx_id IS NOT NULL;

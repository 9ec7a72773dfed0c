-- Dead letters are visible and recoverable. A record the cost worker cannot bill is written to dead_letters (the
-- record of what happened, with its original bytes for a replay) and, when its customer_id, event_id and dedup key
-- can be read, to usage_events as a REJECTED row with the reason, so GET /v1/events/{id} never stays PENDING.
--
-- A REJECTED row holds only the event's identity, received_at and reject_reason: event_type, feature_id and
-- event_time are NULL (the event's content may be exactly what was refused; it is kept in dead_letters.payload).
-- A NULL event_time keeps REJECTED rows out of every hourly rollup (they never fall into an hour). A replay that
-- succeeds overwrites the whole row (UsageRepository's ON CONFLICT ... WHERE status = 'REJECTED').
ALTER TABLE usage_events DROP CONSTRAINT usage_events_status_check;
ALTER TABLE usage_events ADD CONSTRAINT usage_events_status_check
    CHECK (status IN ('PRICED', 'UNPRICED', 'REJECTED'));
ALTER TABLE usage_events ADD COLUMN reject_reason TEXT;
ALTER TABLE usage_events DROP CONSTRAINT usage_events_priced;
ALTER TABLE usage_events ADD CONSTRAINT usage_events_priced
    CHECK (status <> 'PRICED' OR (cost_usd IS NOT NULL AND credits IS NOT NULL));
ALTER TABLE usage_events ALTER COLUMN event_type DROP NOT NULL;
ALTER TABLE usage_events ALTER COLUMN feature_id DROP NOT NULL;
ALTER TABLE usage_events ALTER COLUMN event_time DROP NOT NULL;
ALTER TABLE usage_events ADD CONSTRAINT usage_events_rejected
    CHECK (CASE WHEN status = 'REJECTED' THEN reject_reason IS NOT NULL AND ledger_tx_id IS NULL
                ELSE reject_reason IS NULL AND event_type IS NOT NULL AND feature_id IS NOT NULL
                     AND event_time IS NOT NULL END);

-- One row per consumed record that could not be billed. (source_topic, source_partition, source_offset) is the
-- record's identity, so a redelivered record never makes a second row; a replayed record that fails again has a
-- new offset and so a new row. customer_id, event_id and dedup_key are NULL when they could not be read from the
-- payload. status OPEN -> REPLAYED (with replayed_at) once POST /v1/admin/dead-letters/replay has republished the
-- payload and Kafka acknowledged it: each dead letter is replayed at most once. The admin API shows RESOLVED instead
-- when the usage row of its (customer_id, dedup_key) is PRICED or UNPRICED.
CREATE TABLE dead_letters (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_topic      TEXT NOT NULL,
    source_partition  INTEGER NOT NULL,
    source_offset     BIGINT NOT NULL,
    record_key        TEXT,
    customer_id       TEXT,
    event_id          UUID,
    dedup_key         TEXT,
    reason            TEXT NOT NULL,
    payload           BYTEA,                 -- the record's value, byte for byte (NULL for an empty record)
    record_timestamp  TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    status            TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'REPLAYED')),
    replayed_at       TIMESTAMPTZ,
    CONSTRAINT dead_letters_source UNIQUE (source_topic, source_partition, source_offset)
);
CREATE INDEX dead_letters_customer_idx ON dead_letters (customer_id, id);

-- An accepted event the cost worker did not store because its dedup key (customer_id, dedup_key) already belongs
-- to ANOTHER event id: the same idempotency_key sent again under a new event_id on another UTC day, which the
-- edge's per-day Redis dedup cannot see. It is not billed (usage_events' primary key guards that); this row lets
-- GET /v1/events/{event_id} answer REJECTED with the event it duplicates instead of PENDING, then 404. Written by
-- the cost worker in the transaction that skipped the event; a Kafka redelivery of the stored event itself (same
-- event_id) is not a duplicate and is not recorded. Read by the ingestion API through the primary key.
CREATE TABLE usage_duplicates (
    customer_id  TEXT        NOT NULL REFERENCES customers (id),
    event_id     UUID        NOT NULL,
    dedup_key    TEXT        NOT NULL,
    duplicate_of UUID        NOT NULL,
    received_at  TIMESTAMPTZ,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, event_id)
);

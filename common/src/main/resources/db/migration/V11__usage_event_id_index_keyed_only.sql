-- The event status look-up (customer, event_id) finds an event whose dedup key IS its event id through the
-- primary key (customer_id, dedup_key); only events sent with an idempotency key need an event_id index. Most
-- events carry none, so the cost worker's insert maintains one random-UUID index fewer per row.
CREATE INDEX usage_events_keyed_event_id_idx ON usage_events (customer_id, event_id) WHERE dedup_key <> event_id::text;
DROP INDEX usage_events_event_id_idx;

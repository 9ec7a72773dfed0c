-- Aggregation: find what changed since the last run (a new row, or an UNPRICED row re-priced later: both move
-- coalesce(priced_at, processed_at)), then recompute the touched hours of each customer by event_time.
-- Replaces the plain processed_at index, so the cost worker's insert path keeps the same number of indexes + 1.
DROP INDEX IF EXISTS usage_events_processed_idx;
CREATE INDEX usage_events_changed_idx ON usage_events ((coalesce(priced_at, processed_at)));
CREATE INDEX usage_events_customer_time_idx ON usage_events (customer_id, event_time);

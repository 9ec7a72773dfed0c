-- Cost worker: the re-pricing pass walks UNPRICED rows in primary-key order (keyset pagination with
-- FOR UPDATE SKIP LOCKED). This partial index holds UNPRICED rows only, so it costs nothing for priced traffic.
CREATE INDEX usage_events_unpriced_key_idx ON usage_events (customer_id, dedup_key) WHERE status = 'UNPRICED';

-- Re-pricing publishes its usage-priced records after its transaction commits. A row here, written in that
-- transaction, means "committed, not yet acknowledged by Kafka"; it is deleted once every record of the page is
-- acknowledged. A row left behind (the process died between commit and publish, or Kafka refused) is published
-- again by a later pass once it is older than meterline.cost.reprice.outbox-grace: at least once, never lost.
CREATE TABLE usage_priced_outbox (
    customer_id TEXT NOT NULL,
    dedup_key   TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, dedup_key)
);

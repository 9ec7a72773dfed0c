-- The reservation path's speed (issue 13, docs/benchmarks.md session 9). A charge was a transaction of five round
-- trips (BEGIN, the charge row, the ledger post, the outbox row, COMMIT), and from the ledger post to the commit it
-- held the wallet lock that every hold, release and charge of that wallet waits for: sampled during bench step 8,
-- charge transactions sat "idle in transaction" under that lock, waiting for the API's next statement, about three
-- times as often as they ran. charge_post does the same writes in ONE statement, in the statement's own
-- transaction: the lock is held from the ledger post to the commit with no round trip in between.
--
-- The outbox row is written before the ledger post, so it cannot hold the ledger figures (sequence, balances, time)
-- the wallet-movements record carries: it names its ledger row instead (ledger_tx_id), and the drain completes the
-- record from that row when it publishes (ingestion-api MovementRecords.withLedger). Rows without ledger_tx_id
-- (refunds, top-up requests) carry their whole record as before.
ALTER TABLE wallet_movement_outbox ADD COLUMN ledger_tx_id BIGINT;

-- A charge: inserts the charge row unless (customer, request_id) exists (then returns no row: the caller reads and
-- replays the stored charge; a concurrent insert of the same key waits for the other transaction first), writes its
-- outbox record (p_record, completed from the ledger row by the drain), then posts its ledger row through
-- ledger_post_settling (p_settle_* not empty: the reservation it names is settled first, V30) or
-- ledger_post_limited, with the ledger id the charge row took (p_id is replaced by it). The p_post_* and p_settle_*
-- arrays are Ledger.postSettlingParams (io.meterline.common.ledger.Ledger), built by the one Java rule for a
-- charge's posting (ChargeLedger). Errors roll the whole charge back: ML402 (HARD wallet short), a unique
-- violation of the ledger key, a foreign key (no such customer), a numeric overflow.
CREATE FUNCTION charge_post(p_customer TEXT, p_request TEXT, p_amount NUMERIC, p_feature TEXT, p_description TEXT,
                            p_metadata JSONB, p_record TEXT,
                            p_post_customer TEXT[], p_type TEXT[], p_post_amount NUMERIC[], p_key TEXT[],
                            p_post_description TEXT[], p_event_count INT[], p_id BIGINT[], p_grant TEXT[],
                            p_restore BIGINT[], p_limit BOOLEAN[],
                            p_settle_customer TEXT[], p_settle_reservation TEXT[], p_settle_amount NUMERIC[],
                            p_settle_kind TEXT[], p_settle_id TEXT[])
RETURNS TABLE (charged_at TIMESTAMPTZ, charge_metadata TEXT, id BIGINT, customer_id TEXT, seq BIGINT, type TEXT,
               amount NUMERIC, balance_before NUMERIC, balance_after NUMERIC, idempotency_key TEXT,
               description TEXT, event_count INT, created_at TIMESTAMPTZ, low_balance_threshold NUMERIC)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    c RECORD;
BEGIN
    INSERT INTO charges AS ch (customer_id, request_id, amount, feature_id, description, metadata, ledger_tx_id)
    VALUES (p_customer, p_request, p_amount, p_feature, p_description, p_metadata,
            nextval(pg_get_serial_sequence('wallet_transactions', 'id')))
    ON CONFLICT (customer_id, request_id) DO NOTHING
    RETURNING ch.ledger_tx_id, ch.created_at, ch.metadata::text AS metadata INTO c;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO wallet_movement_outbox (customer_id, payload, ledger_tx_id)
    VALUES (p_customer, p_record, c.ledger_tx_id);
    p_id := array_fill(c.ledger_tx_id, ARRAY[cardinality(p_post_customer)]);
    IF cardinality(p_settle_customer) > 0 THEN
        RETURN QUERY SELECT c.created_at, c.metadata, l.* FROM ledger_post_settling(p_settle_customer,
            p_settle_reservation, p_settle_amount, p_settle_kind, p_settle_id, p_post_customer, p_type,
            p_post_amount, p_key, p_post_description, p_event_count, p_id, p_grant, p_restore, p_limit) l;
    ELSE
        RETURN QUERY SELECT c.created_at, c.metadata, l.* FROM ledger_post_limited(p_post_customer, p_type,
            p_post_amount, p_key, p_post_description, p_event_count, p_id, p_grant, p_restore, p_limit) l;
    END IF;
END $$;

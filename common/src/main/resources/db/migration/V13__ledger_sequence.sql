-- One home for the ledger: every wallet write goes through ledger_post(), which locks the wallets in a fixed
-- order, assigns each wallet's next sequence number under that lock and writes the chained row. Read in seq
-- order, a wallet's rows chain: each balance_before is the previous balance_after, the first is 0, and the
-- last balance_after is wallets.balance. Ids are no longer an order: a burn may take its id before a top-up
-- that commits first. See io.meterline.common.ledger.Ledger for the callers' side.

ALTER TABLE wallets ADD COLUMN ledger_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE wallet_transactions ADD COLUMN seq BIGINT;

-- Existing rows are numbered in id order, the order the ledger was read in before; the audit reports any
-- place where that order did not chain (a top-up that slipped between a burn's id and its write).
ALTER TABLE wallet_transactions DISABLE TRIGGER wallet_transactions_append_only;
UPDATE wallet_transactions t SET seq = n.seq
FROM (SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY id) AS seq FROM wallet_transactions) n
WHERE n.id = t.id;
ALTER TABLE wallet_transactions ENABLE TRIGGER wallet_transactions_append_only;

UPDATE wallets w SET ledger_seq = s.last
FROM (SELECT customer_id, max(seq) AS last FROM wallet_transactions GROUP BY customer_id) s
WHERE s.customer_id = w.customer_id;

ALTER TABLE wallet_transactions ALTER COLUMN seq SET NOT NULL;
ALTER TABLE wallet_transactions ADD CONSTRAINT wallet_transactions_sequence UNIQUE (customer_id, seq);
-- Listings page by seq now; the unique index serves them.
DROP INDEX wallet_transactions_customer_idx;

-- What every charge was computed with, so a price can be explained and re-rated later.
ALTER TABLE usage_events ADD COLUMN price_multiplier NUMERIC(38,18);
ALTER TABLE usage_events ADD COLUMN credits_per_usd NUMERIC(38,18);

-- Credits per USD is one value for the whole installation, read by every cost worker in the same query as
-- the customers' multipliers, so two workers can never price with different values.
CREATE TABLE billing_settings (
    id               BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    credits_per_usd  NUMERIC(38,18) NOT NULL CHECK (credits_per_usd > 0 AND credits_per_usd <= 1000000000),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO billing_settings (credits_per_usd) VALUES (1000);

-- Posts one ledger row per element of the arrays (at most one per wallet per call), atomically:
--   1. locks the wallets, in customer_id order (so two callers never deadlock);
--   2. adds each amount to its wallet's balance and takes the wallet's next seq, under that lock;
--   3. writes the row with balance_before = balance - amount and balance_after = the new balance.
-- p_id may hold ids taken beforehand from the identity sequence (usage rows link to their BURN row by it);
-- a NULL element takes the next one. Fails (SQLSTATE 23503) if a wallet does not exist, 22023 if a wallet
-- appears twice, 22003 if a balance would leave NUMERIC(38,18), 23505 if an idempotency key is reused.
CREATE FUNCTION ledger_post(p_customer TEXT[], p_type TEXT[], p_amount NUMERIC[], p_key TEXT[],
                            p_description TEXT[], p_event_count INT[], p_id BIGINT[])
RETURNS TABLE (id BIGINT, customer_id TEXT, seq BIGINT, type TEXT, amount NUMERIC, balance_before NUMERIC,
               balance_after NUMERIC, idempotency_key TEXT, description TEXT, event_count INT,
               created_at TIMESTAMPTZ, low_balance_threshold NUMERIC)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    posted BIGINT;
BEGIN
    IF p_customer IS NULL OR cardinality(p_customer) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(p_customer) <> (SELECT count(DISTINCT c) FROM unnest(p_customer) AS c) THEN
        RAISE EXCEPTION 'ledger_post: a wallet appears more than once in one call' USING ERRCODE = '22023';
    END IF;
    PERFORM 1 FROM wallets w WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE;
    RETURN QUERY
    WITH p AS (
        SELECT * FROM unnest(p_customer, p_type, p_amount, p_key, p_description, p_event_count, p_id)
            AS p(customer_id, type, amount, idempotency_key, description, event_count, id)
    ), w AS (
        UPDATE wallets w SET balance = w.balance + p.amount, ledger_seq = w.ledger_seq + 1, updated_at = now()
        FROM p WHERE w.customer_id = p.customer_id
        RETURNING w.customer_id, w.balance, w.ledger_seq, w.low_balance_threshold
    ), l AS (
        INSERT INTO wallet_transactions (id, customer_id, seq, type, amount, balance_before, balance_after,
                                         idempotency_key, description, event_count)
        SELECT coalesce(p.id, nextval(pg_get_serial_sequence('wallet_transactions', 'id'))), p.customer_id,
               w.ledger_seq, p.type, p.amount, w.balance - p.amount, w.balance, p.idempotency_key, p.description,
               coalesce(p.event_count, 0)
        FROM p JOIN w ON w.customer_id = p.customer_id
        RETURNING wallet_transactions.*
    )
    SELECT l.id, l.customer_id, l.seq, l.type, l.amount, l.balance_before, l.balance_after, l.idempotency_key,
           l.description, l.event_count, l.created_at, w.low_balance_threshold
    FROM l JOIN w ON w.customer_id = l.customer_id;
    GET DIAGNOSTICS posted = ROW_COUNT;
    IF posted <> cardinality(p_customer) THEN
        RAISE EXCEPTION 'ledger_post: % of % wallets exist', posted, cardinality(p_customer) USING ERRCODE = '23503';
    END IF;
END $$;

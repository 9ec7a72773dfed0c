-- The reservation path's speed (issue 13, docs/benchmarks.md session 8). Measured with track_functions and
-- auto_explain during bench step 8: each hold was its own transaction and commit, and concurrent holds of one
-- wallet queued on its row lock (ledger_hold's 8 ms per call was mostly that wait), with one backend per request in
-- flight. ledger_hold_many holds a batch of requests in ONE statement and commit: it locks the batch's wallets in
-- customer_id order (the order of every other multi-wallet writer: ledger_post, ledger_settle), then runs
-- ledger_hold for each item in array order, unchanged, so every item is decided exactly as a single call would be
-- decided at that point (idempotency by reservation id, the HARD check against the holds before it in the batch,
-- the expiry of stale holds). Invariants: V24's header. Any error (none is expected: the API validates first)
-- rolls back the whole batch; the caller then decides each item alone (io.meterline.common.ledger.Holds).
CREATE FUNCTION ledger_hold_many(p_customer TEXT[], p_reservation TEXT[], p_estimate NUMERIC[], p_feature TEXT[],
                                 p_metadata JSONB[], p_ttl_seconds INTEGER[])
RETURNS TABLE (item INTEGER, outcome TEXT, estimate NUMERIC, feature_id TEXT, metadata JSONB, status TEXT,
               expires_at TIMESTAMPTZ, settled_amount NUMERIC, settled_kind TEXT, settled_id TEXT,
               created_at TIMESTAMPTZ, closed_at TIMESTAMPTZ, balance NUMERIC, held NUMERIC, spend_mode TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM wallets w WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE;
    FOR i IN 1 .. coalesce(array_length(p_customer, 1), 0) LOOP
        RETURN QUERY SELECT i, h.* FROM ledger_hold(p_customer[i], p_reservation[i], p_estimate[i], p_feature[i],
                                                    p_metadata[i], p_ttl_seconds[i]) h;
    END LOOP;
END $$;

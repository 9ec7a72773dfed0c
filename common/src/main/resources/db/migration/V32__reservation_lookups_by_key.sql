-- The reservation path's speed (issue 13, docs/benchmarks.md session 9). ledger_release and ledger_settle found
-- the reservation to close with "customer_id = .. AND reservation_id = .. AND status = 'OPEN'". That predicate
-- lets the planner use the partial index reservations_open_expiry_idx (expires_at) WHERE status = 'OPEN', and it
-- did whenever the statistics held few OPEN rows (they always lag: the set of open holds changes thousands of
-- times a second): EXPLAIN ANALYZE during bench step 8 showed each release and each settling charge reading every
-- open hold of every customer (29,145 index entries, 14-430 ms) while holding the wallet lock, which every hold,
-- release and charge of that wallet then waited for. The closing statements now name the reservation by its
-- primary key only, which no partial index can serve: read it, decide in plpgsql, update it by key. The wallet
-- lock taken first (as before) is what makes read-then-update safe: every writer of a wallet's reservations holds
-- that wallet's lock (V24's header). Same results, same locks in the same order, same invariants (V24).

-- Releases an OPEN reservation (RELEASED, its estimate leaves held), after expiring the wallet's stale holds.
-- outcome RELEASED, or CLOSED with the reservation as it is (already RELEASED, SETTLED or EXPIRED), or no row.
CREATE OR REPLACE FUNCTION ledger_release(p_customer TEXT, p_reservation TEXT)
RETURNS TABLE (outcome TEXT, estimate NUMERIC, feature_id TEXT, metadata JSONB, status TEXT, expires_at TIMESTAMPTZ,
               settled_amount NUMERIC, settled_kind TEXT, settled_id TEXT, created_at TIMESTAMPTZ,
               closed_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    r reservations%ROWTYPE;
    result TEXT := 'CLOSED';
BEGIN
    PERFORM 1 FROM wallets WHERE customer_id = p_customer FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM reservations x WHERE x.customer_id = p_customer AND x.status = 'OPEN'
                  AND x.expires_at <= now()) THEN
        PERFORM ledger_expire_wallet_holds(ARRAY[p_customer]);
    END IF;
    SELECT * INTO r FROM reservations x WHERE x.customer_id = p_customer AND x.reservation_id = p_reservation;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF r.status = 'OPEN' THEN
        UPDATE reservations x SET status = 'RELEASED', closed_at = now()
        WHERE x.customer_id = p_customer AND x.reservation_id = p_reservation
        RETURNING * INTO r;
        UPDATE wallets SET held = wallets.held - r.estimate, updated_at = now() WHERE customer_id = p_customer;
        result := 'RELEASED';
    END IF;
    RETURN QUERY SELECT result, r.estimate, r.feature_id, r.metadata, r.status, r.expires_at, r.settled_amount,
        r.settled_kind, r.settled_id, r.created_at, r.closed_at;
END $$;

-- Settles reservations by the items that name them (one element per item: customer, reservation, the item's
-- credits, its kind 'event' | 'charge', its id), in array order. Only OPEN reservations not past expires_at
-- settle; of several items naming one reservation the first wins (the next finds it SETTLED); anything else is
-- left unchanged (the items are billed anyway). Locks the wallets concerned in customer_id order; the estimates
-- leave held (one update per wallet). Returns the settled (customer_id, reservation_id). Idempotent: a repeated
-- call finds them closed and settles nothing.
CREATE OR REPLACE FUNCTION ledger_settle(p_customer TEXT[], p_reservation TEXT[], p_amount NUMERIC[], p_kind TEXT[],
                                         p_id TEXT[])
RETURNS TABLE (customer_id TEXT, reservation_id TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    r RECORD;
    freed_customer TEXT[] := '{}';
    freed NUMERIC[] := '{}';
BEGIN
    PERFORM 1 FROM wallets w WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE;
    FOR i IN 1 .. coalesce(array_length(p_customer, 1), 0) LOOP
        CONTINUE WHEN p_reservation[i] IS NULL;
        SELECT x.status, x.expires_at, x.estimate INTO r FROM reservations x
        WHERE x.customer_id = p_customer[i] AND x.reservation_id = p_reservation[i];
        CONTINUE WHEN NOT FOUND OR r.status <> 'OPEN' OR r.expires_at <= now();
        UPDATE reservations x SET status = 'SETTLED', settled_amount = p_amount[i], settled_kind = p_kind[i],
                                  settled_id = p_id[i], closed_at = now()
        WHERE x.customer_id = p_customer[i] AND x.reservation_id = p_reservation[i];
        freed_customer := freed_customer || p_customer[i];
        freed := freed || r.estimate;
        customer_id := p_customer[i];
        reservation_id := p_reservation[i];
        RETURN NEXT;
    END LOOP;
    IF cardinality(freed) > 0 THEN
        UPDATE wallets w SET held = w.held - t.estimate, updated_at = now()
        FROM (SELECT f.customer_id, sum(f.estimate) AS estimate
              FROM unnest(freed_customer, freed) AS f(customer_id, estimate) GROUP BY f.customer_id) t
        WHERE w.customer_id = t.customer_id;
    END IF;
END $$;

-- The reservation path's speed (issue 13, docs/benchmarks.md session 11). Every hold, hold batch, release and
-- HARD-checked post first probes its wallets for stale holds (OPEN, expires_at <= now()). The probe was an EXISTS,
-- and Postgres plans an EXISTS for its first row: once the statistics say that many OPEN holds are due (holds that
-- expired while nothing swept them: the aggregation worker down, or simply an ANALYZE taken while due holds waited
-- for the sweep), a sequential scan that stops at the first match looks cheaper than any index, and PL/pgSQL keeps
-- that generic plan for the connection's life. When the probed wallets have no due hold, which is nearly always,
-- that scan reads the whole table on every call: measured on the bench database after step 8 (109,608
-- reservations), 50-60 ms per probe against 0.1 ms by the index, and a pgbench client calling ledger_hold_many with
-- batches of 4 went from 7 ms a call (custom plans) to 62-75 ms (the generic plans PL/pgSQL settles on). An EXISTS
-- drops ORDER BY and LIMIT, so the probe is now the first due expiry of each wallet, ORDER BY expires_at LIMIT 1:
-- only reservations_open_customer_idx (customer_id, expires_at) gives that order without reading and sorting every
-- match, so every plan, generic or custom, on any statistics, takes it (ReservationLookupTest plans the three
-- probes on a copy of the table full of due holds). Same rows, same results, same locks. Invariants: V24's header.

-- The batch probe (V30's function otherwise unchanged): one index probe per wallet.
CREATE OR REPLACE FUNCTION ledger_expire_wallet_holds(p_customer TEXT[]) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    expired INTEGER;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM unnest(p_customer) c(customer_id)
                   CROSS JOIN LATERAL (SELECT r.expires_at FROM reservations r
                                       WHERE r.customer_id = c.customer_id AND r.status = 'OPEN'
                                         AND r.expires_at <= now()
                                       ORDER BY r.expires_at LIMIT 1) due) THEN
        RETURN 0;
    END IF;
    WITH e AS (
        UPDATE reservations r SET status = 'EXPIRED', closed_at = r.expires_at
        WHERE r.customer_id = ANY (p_customer) AND r.status = 'OPEN' AND r.expires_at <= now()
        RETURNING r.customer_id, r.estimate
    ), s AS (
        SELECT e.customer_id, sum(e.estimate) AS estimate, count(*) AS n FROM e GROUP BY e.customer_id
    ), w AS (
        UPDATE wallets w SET held = w.held - s.estimate, updated_at = now()
        FROM s WHERE w.customer_id = s.customer_id
    )
    SELECT coalesce(sum(n), 0) INTO expired FROM s;
    RETURN expired;
END $$;

-- One wallet's probe, inline in ledger_hold (V30) and ledger_release (V32); both otherwise unchanged.
CREATE OR REPLACE FUNCTION ledger_hold(p_customer TEXT, p_reservation TEXT, p_estimate NUMERIC, p_feature TEXT,
                            p_metadata JSONB, p_ttl_seconds INTEGER)
RETURNS TABLE (outcome TEXT, estimate NUMERIC, feature_id TEXT, metadata JSONB, status TEXT, expires_at TIMESTAMPTZ,
               settled_amount NUMERIC, settled_kind TEXT, settled_id TEXT, created_at TIMESTAMPTZ,
               closed_at TIMESTAMPTZ, balance NUMERIC, held NUMERIC, spend_mode TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    w wallets%ROWTYPE;
    r reservations%ROWTYPE;
BEGIN
    SELECT * INTO w FROM wallets WHERE customer_id = p_customer FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'NO_WALLET', NULL::numeric, NULL::text, NULL::jsonb, NULL::text, NULL::timestamptz,
            NULL::numeric, NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz, NULL::numeric,
            NULL::numeric, NULL::text;
        RETURN;
    END IF;
    IF (SELECT x.expires_at FROM reservations x
        WHERE x.customer_id = p_customer AND x.status = 'OPEN' AND x.expires_at <= now()
        ORDER BY x.expires_at LIMIT 1) IS NOT NULL THEN
        IF ledger_expire_wallet_holds(ARRAY[p_customer]) > 0 THEN
            SELECT * INTO w FROM wallets WHERE customer_id = p_customer;
        END IF;
    END IF;
    SELECT * INTO r FROM reservations WHERE customer_id = p_customer AND reservation_id = p_reservation;
    IF FOUND THEN
        RETURN QUERY SELECT 'EXISTING', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
            r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at, w.balance, w.held,
            w.spend_mode;
        RETURN;
    END IF;
    IF w.spend_mode = 'HARD' AND w.balance - w.held < p_estimate THEN
        RETURN QUERY SELECT 'INSUFFICIENT', p_estimate, p_feature, NULL::jsonb, NULL::text, NULL::timestamptz,
            NULL::numeric, NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz, w.balance, w.held,
            w.spend_mode;
        RETURN;
    END IF;
    INSERT INTO reservations (customer_id, reservation_id, estimate, feature_id, metadata, expires_at)
    VALUES (p_customer, p_reservation, p_estimate, p_feature, p_metadata,
            now() + make_interval(secs => p_ttl_seconds))
    RETURNING * INTO r;
    UPDATE wallets SET held = wallets.held + p_estimate, updated_at = now() WHERE customer_id = p_customer
    RETURNING * INTO w;
    RETURN QUERY SELECT 'CREATED', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at, r.settled_amount,
        r.settled_kind, r.settled_id, r.created_at, r.closed_at, w.balance, w.held, w.spend_mode;
END $$;

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
    IF (SELECT x.expires_at FROM reservations x
        WHERE x.customer_id = p_customer AND x.status = 'OPEN' AND x.expires_at <= now()
        ORDER BY x.expires_at LIMIT 1) IS NOT NULL THEN
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

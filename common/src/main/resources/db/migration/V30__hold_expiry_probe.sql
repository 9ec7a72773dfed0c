-- The reservation path's speed (issue 13, docs/benchmarks.md session 7). ledger_hold, ledger_release and
-- ledger_post_limited expire the wallet's stale holds on every call, under the wallet lock. Nearly always there is
-- none, yet the expiring statement (an UPDATE ... RETURNING feeding a grouped UPDATE of wallets, in a nested
-- function call) ran each time: about a third of Postgres's CPU per hold (pgbench, CPU per call). Each now first
-- probes the partial index reservations_open_customer_idx (customer_id, expires_at) WHERE status = 'OPEN' and
-- expires nothing when nothing is due: ledger_expire_wallet_holds itself (for ledger_post_limited and any other
-- caller) and, without the nested call, ledger_hold and ledger_release. Same results, same locks (the callers hold
-- the wallets' locks; the probe reads under them), same invariants (V24's header); the bodies are V24's but for
-- the probe.
CREATE OR REPLACE FUNCTION ledger_expire_wallet_holds(p_customer TEXT[]) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    expired INTEGER;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM reservations r
                   WHERE r.customer_id = ANY (p_customer) AND r.status = 'OPEN' AND r.expires_at <= now()) THEN
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
    IF EXISTS (SELECT 1 FROM reservations x WHERE x.customer_id = p_customer AND x.status = 'OPEN'
                  AND x.expires_at <= now()) THEN
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
BEGIN
    PERFORM 1 FROM wallets WHERE customer_id = p_customer FOR NO KEY UPDATE;
    IF EXISTS (SELECT 1 FROM reservations x WHERE x.customer_id = p_customer AND x.status = 'OPEN'
                  AND x.expires_at <= now()) THEN
        PERFORM ledger_expire_wallet_holds(ARRAY[p_customer]);
    END IF;
    UPDATE reservations SET status = 'RELEASED', closed_at = now()
    WHERE customer_id = p_customer AND reservation_id = p_reservation AND status = 'OPEN'
    RETURNING * INTO r;
    IF FOUND THEN
        UPDATE wallets SET held = wallets.held - r.estimate, updated_at = now() WHERE customer_id = p_customer;
        RETURN QUERY SELECT 'RELEASED', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
            r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at;
        RETURN;
    END IF;
    SELECT * INTO r FROM reservations WHERE customer_id = p_customer AND reservation_id = p_reservation;
    IF FOUND THEN
        RETURN QUERY SELECT 'CLOSED', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
            r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at;
    END IF;
END $$;

-- A charge naming a reservation settles it and posts itself in ONE statement: ledger_settle (its first five
-- arguments, see V24) then ledger_post_limited (the other ten), as the two statements did before, in the same
-- order (the settled hold is available to the charge) and taking the same locks in the same order. One round trip
-- less while the charge's transaction holds the wallet lock, which every hold of that wallet waits for.
CREATE FUNCTION ledger_post_settling(p_settle_customer TEXT[], p_settle_reservation TEXT[],
                                     p_settle_amount NUMERIC[], p_settle_kind TEXT[], p_settle_id TEXT[],
                                     p_customer TEXT[], p_type TEXT[], p_amount NUMERIC[], p_key TEXT[],
                                     p_description TEXT[], p_event_count INT[], p_id BIGINT[],
                                     p_grant TEXT[], p_restore BIGINT[], p_limit BOOLEAN[])
RETURNS TABLE (id BIGINT, customer_id TEXT, seq BIGINT, type TEXT, amount NUMERIC, balance_before NUMERIC,
               balance_after NUMERIC, idempotency_key TEXT, description TEXT, event_count INT,
               created_at TIMESTAMPTZ, low_balance_threshold NUMERIC)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM ledger_settle(p_settle_customer, p_settle_reservation, p_settle_amount, p_settle_kind,
                                 p_settle_id);
    RETURN QUERY SELECT * FROM ledger_post_limited(p_customer, p_type, p_amount, p_key, p_description,
                                                   p_event_count, p_id, p_grant, p_restore, p_limit);
END $$;

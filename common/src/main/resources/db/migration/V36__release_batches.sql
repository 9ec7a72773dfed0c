-- The reservation path's speed (issue 13, docs/benchmarks.md session 10): group commit for releases, as V31 and
-- V33 did for holds. A release was one ledger_release call, so one transaction and one commit (a WAL flush) each;
-- with half of the customers closing their holds, bench step 8 saturated the machine at about 900 holds/s. Now
-- the releases that arrive while earlier ones are being written go together, in one statement and one commit.
-- Per batch: one statement locks the batch's wallets (customer_id order, FOR NO KEY UPDATE, as ledger_release and
-- every ledger writer), one expires their stale holds (now() is the same for the whole statement, so once per
-- batch decides what once per item did), one UPDATE takes each wallet's released estimates out of held at the end.
-- Per item, in list order, exactly as ledger_release (V32) decides it at that point: the reservation read by its
-- primary key (V32: no partial index can serve that); OPEN: RELEASED (closed now, its estimate leaves held);
-- RELEASED, SETTLED or EXPIRED: CLOSED with it as it is (so the same id twice in a batch is RELEASED, then CLOSED
-- as RELEASED); no such reservation: NOT_FOUND. held only shrinks within the batch, so the auto top-up trigger
-- (V25, which fires on a fall of available) never fires here, as it never did for a release. Any error rolls back
-- the whole batch; the caller then decides each item alone with ledger_release (io.meterline.common.ledger.Holds).
-- Invariants: V24's header.
CREATE FUNCTION ledger_release_many(p_customer TEXT[], p_reservation TEXT[])
RETURNS TABLE (item INTEGER, outcome TEXT, estimate NUMERIC, feature_id TEXT, metadata JSONB, status TEXT,
               expires_at TIMESTAMPTZ, settled_amount NUMERIC, settled_kind TEXT, settled_id TEXT,
               created_at TIMESTAMPTZ, closed_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    w_id TEXT[];
    w_released NUMERIC[];
    k INTEGER;
    r reservations%ROWTYPE;
BEGIN
    SELECT array_agg(l.customer_id) INTO w_id
    FROM (SELECT w.customer_id FROM wallets w
          WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE) l;
    IF w_id IS NOT NULL THEN
        PERFORM ledger_expire_wallet_holds(w_id);
    END IF;
    w_released := array_fill(0::numeric, ARRAY[coalesce(cardinality(w_id), 0)]);
    FOR i IN 1 .. coalesce(array_length(p_customer, 1), 0) LOOP
        SELECT * INTO r FROM reservations x
        WHERE x.customer_id = p_customer[i] AND x.reservation_id = p_reservation[i];
        IF NOT FOUND THEN
            RETURN QUERY SELECT i, 'NOT_FOUND', NULL::numeric, NULL::text, NULL::jsonb, NULL::text,
                NULL::timestamptz, NULL::numeric, NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz;
            CONTINUE;
        END IF;
        IF r.status = 'OPEN' THEN
            UPDATE reservations x SET status = 'RELEASED', closed_at = now()
            WHERE x.customer_id = p_customer[i] AND x.reservation_id = p_reservation[i]
            RETURNING * INTO r;
            k := array_position(w_id, p_customer[i]);
            w_released[k] := w_released[k] + r.estimate;
            RETURN QUERY SELECT i, 'RELEASED', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
                r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at;
        ELSE
            RETURN QUERY SELECT i, 'CLOSED', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
                r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at;
        END IF;
    END LOOP;
    UPDATE wallets w SET held = w.held - a.released, updated_at = now()
    FROM unnest(w_id, w_released) AS a(customer_id, released)
    WHERE w.customer_id = a.customer_id AND a.released <> 0;
END $$;

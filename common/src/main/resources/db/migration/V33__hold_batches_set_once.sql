-- The reservation path's speed (issue 13, docs/benchmarks.md session 9). V31's ledger_hold_many ran ledger_hold
-- for each item: per hold, a nested function call re-locking its already locked wallet, a stale-hold probe, a
-- lookup, the insert, an UPDATE of the wallet (a new row version and its WAL) and the answer: about six statements,
-- each planned and started on its own, for what is mostly one insert. Now, per batch: one statement locks and reads
-- the batch's wallets (customer_id order, as before), one expires their stale holds (V30's probe: nothing when
-- none is due; now() is the same for the whole statement, so once per batch decides what once per item did), one
-- UPDATE adds each wallet's new holds to held at the end; per hold: the insert (ON CONFLICT DO NOTHING), plus a
-- lookup only for a repeated id or a refusal. The wallets' balance, held and spend mode are followed in arrays
-- meanwhile, so each item is still decided exactly as ledger_hold decides it at that point: an existing
-- reservation of the id is EXISTING (whatever the funds), a HARD wallet whose available balance (counting the
-- batch's earlier holds) is below the estimate is INSUFFICIENT with nothing written, NO_WALLET without a wallet,
-- else CREATED; balance, held and spend_mode are the wallet's after the item. held only grows within a batch, so the
-- auto top-up trigger (V25) sees the same crossing in the one UPDATE. Any error (an estimate past the table's
-- CHECK, held past NUMERIC(38,18)) still rolls back the whole batch; the caller then decides each item alone with
-- ledger_hold (io.meterline.common.ledger.Holds). Invariants: V24's header.
CREATE OR REPLACE FUNCTION ledger_hold_many(p_customer TEXT[], p_reservation TEXT[], p_estimate NUMERIC[],
                                            p_feature TEXT[], p_metadata JSONB[], p_ttl_seconds INTEGER[])
RETURNS TABLE (item INTEGER, outcome TEXT, estimate NUMERIC, feature_id TEXT, metadata JSONB, status TEXT,
               expires_at TIMESTAMPTZ, settled_amount NUMERIC, settled_kind TEXT, settled_id TEXT,
               created_at TIMESTAMPTZ, closed_at TIMESTAMPTZ, balance NUMERIC, held NUMERIC, spend_mode TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    w_id TEXT[];
    w_balance NUMERIC[];
    w_held NUMERIC[];
    w_mode TEXT[];
    w_added NUMERIC[];
    k INTEGER;
    r reservations%ROWTYPE;
BEGIN
    SELECT array_agg(l.customer_id), array_agg(l.balance), array_agg(l.held), array_agg(l.spend_mode)
    INTO w_id, w_balance, w_held, w_mode
    FROM (SELECT w.customer_id, w.balance, w.held, w.spend_mode FROM wallets w
          WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE) l;
    IF w_id IS NOT NULL AND ledger_expire_wallet_holds(w_id) > 0 THEN
        SELECT array_agg(w.held ORDER BY array_position(w_id, w.customer_id)) INTO w_held
        FROM wallets w WHERE w.customer_id = ANY (w_id);
    END IF;
    w_added := array_fill(0::numeric, ARRAY[coalesce(cardinality(w_id), 0)]);
    FOR i IN 1 .. coalesce(array_length(p_customer, 1), 0) LOOP
        k := array_position(w_id, p_customer[i]);
        IF k IS NULL THEN
            RETURN QUERY SELECT i, 'NO_WALLET', NULL::numeric, NULL::text, NULL::jsonb, NULL::text,
                NULL::timestamptz, NULL::numeric, NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz,
                NULL::numeric, NULL::numeric, NULL::text;
            CONTINUE;
        END IF;
        IF w_mode[k] = 'HARD' AND w_balance[k] - w_held[k] < p_estimate[i] THEN
            SELECT * INTO r FROM reservations x
            WHERE x.customer_id = p_customer[i] AND x.reservation_id = p_reservation[i];
            IF FOUND THEN
                RETURN QUERY SELECT i, 'EXISTING', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
                    r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at, w_balance[k],
                    w_held[k], w_mode[k];
            ELSE
                RETURN QUERY SELECT i, 'INSUFFICIENT', p_estimate[i], p_feature[i], NULL::jsonb, NULL::text,
                    NULL::timestamptz, NULL::numeric, NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz,
                    w_balance[k], w_held[k], w_mode[k];
            END IF;
            CONTINUE;
        END IF;
        INSERT INTO reservations (customer_id, reservation_id, estimate, feature_id, metadata, expires_at)
        VALUES (p_customer[i], p_reservation[i], p_estimate[i], p_feature[i], p_metadata[i],
                now() + make_interval(secs => p_ttl_seconds[i]))
        ON CONFLICT (customer_id, reservation_id) DO NOTHING
        RETURNING * INTO r;
        IF NOT FOUND THEN
            SELECT * INTO r FROM reservations x
            WHERE x.customer_id = p_customer[i] AND x.reservation_id = p_reservation[i];
            RETURN QUERY SELECT i, 'EXISTING', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
                r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at, w_balance[k], w_held[k],
                w_mode[k];
            CONTINUE;
        END IF;
        w_held[k] := w_held[k] + p_estimate[i];
        w_added[k] := w_added[k] + p_estimate[i];
        RETURN QUERY SELECT i, 'CREATED', r.estimate, r.feature_id, r.metadata, r.status, r.expires_at,
            r.settled_amount, r.settled_kind, r.settled_id, r.created_at, r.closed_at, w_balance[k], w_held[k],
            w_mode[k];
    END LOOP;
    UPDATE wallets w SET held = w.held + a.added, updated_at = now()
    FROM unnest(w_id, w_added) AS a(customer_id, added)
    WHERE w.customer_id = a.customer_id AND a.added <> 0;
END $$;

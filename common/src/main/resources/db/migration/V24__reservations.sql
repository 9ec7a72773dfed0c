-- Spend control (issue 13): reservations hold credits before an action, so that a HARD wallet refuses what it
-- cannot pay for (docs/spend-control.md). Part of the ledger component (io.meterline.common.ledger.Ledger): the
-- functions below are the only writers of reservations and of wallets.held. Invariants:
--   wallets.held = sum(estimate) of the wallet's OPEN reservations (the audit's holds_match_reservations);
--   a hold on a HARD wallet never takes available = balance - held below zero (checked under the wallet lock);
--   a reservation closes once (OPEN -> SETTLED | RELEASED | EXPIRED) and then never changes.
-- Lock order: the wallet (FOR NO KEY UPDATE, as ledger_post), then its reservations.

CREATE TABLE reservations (
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    reservation_id  TEXT NOT NULL CHECK (length(reservation_id) BETWEEN 1 AND 255),
    estimate        NUMERIC(38,18) NOT NULL CHECK (estimate > 0 AND estimate <= 1000000000000000),
    feature_id      TEXT CHECK (length(feature_id) BETWEEN 1 AND 128),
    metadata        JSONB,
    status          TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'SETTLED', 'RELEASED', 'EXPIRED')),
    expires_at      TIMESTAMPTZ NOT NULL,
    settled_amount  NUMERIC(38,18),                                    -- the settling item's credits
    settled_kind    TEXT CHECK (settled_kind IN ('event', 'charge')),
    settled_id      TEXT,                                              -- the event_id or the charge's request_id
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at       TIMESTAMPTZ,
    PRIMARY KEY (customer_id, reservation_id),
    CONSTRAINT reservations_closed CHECK ((status = 'OPEN') = (closed_at IS NULL)),
    CONSTRAINT reservations_settled CHECK ((status = 'SETTLED') = (settled_kind IS NOT NULL))
);
-- The sweep takes the oldest expired open holds; a hold and a release find their wallet's expired ones.
CREATE INDEX reservations_open_expiry_idx ON reservations (expires_at) WHERE status = 'OPEN';
CREATE INDEX reservations_open_customer_idx ON reservations (customer_id, expires_at) WHERE status = 'OPEN';

-- Expires the wallets' OPEN reservations past expires_at (closed_at = expires_at: when they stopped counting) and
-- takes them out of held. The caller holds the wallets' locks. Returns how many it expired.
CREATE FUNCTION ledger_expire_wallet_holds(p_customer TEXT[]) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    expired INTEGER;
BEGIN
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

-- Takes a hold, in one call: locks the wallet, expires its stale holds, answers an existing reservation of the same
-- id as it is (outcome EXISTING; the caller compares estimate and feature), refuses a HARD wallet whose available
-- balance is below the estimate (INSUFFICIENT, nothing written), else inserts the reservation and adds the
-- estimate to held (CREATED). NO_WALLET: the customer has no wallet. The reservation columns are NULL unless
-- EXISTING or CREATED; balance, held and spend_mode are the wallet's after the call.
CREATE FUNCTION ledger_hold(p_customer TEXT, p_reservation TEXT, p_estimate NUMERIC, p_feature TEXT,
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
    IF ledger_expire_wallet_holds(ARRAY[p_customer]) > 0 THEN
        SELECT * INTO w FROM wallets WHERE customer_id = p_customer;
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

-- Releases an OPEN reservation (RELEASED, its estimate leaves held), after expiring the wallet's stale holds.
-- outcome RELEASED, or CLOSED with the reservation as it is (already RELEASED, SETTLED or EXPIRED), or NOT_FOUND.
CREATE FUNCTION ledger_release(p_customer TEXT, p_reservation TEXT)
RETURNS TABLE (outcome TEXT, estimate NUMERIC, feature_id TEXT, metadata JSONB, status TEXT, expires_at TIMESTAMPTZ,
               settled_amount NUMERIC, settled_kind TEXT, settled_id TEXT, created_at TIMESTAMPTZ,
               closed_at TIMESTAMPTZ)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    r reservations%ROWTYPE;
BEGIN
    PERFORM 1 FROM wallets WHERE customer_id = p_customer FOR NO KEY UPDATE;
    PERFORM ledger_expire_wallet_holds(ARRAY[p_customer]);
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

-- Settles reservations by the items that name them, set-based (one element per item: customer, reservation,
-- the item's credits, its kind 'event' | 'charge', its id). Only OPEN reservations not past expires_at settle;
-- of several items naming one reservation the first in array order wins; anything else is left unchanged (the
-- items are billed anyway). Locks the wallets concerned in customer_id order; the estimates leave held. Returns
-- the settled (customer_id, reservation_id). Idempotent: a repeated call finds them closed and settles nothing.
CREATE FUNCTION ledger_settle(p_customer TEXT[], p_reservation TEXT[], p_amount NUMERIC[], p_kind TEXT[],
                              p_id TEXT[])
RETURNS TABLE (customer_id TEXT, reservation_id TEXT)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM wallets w WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE;
    RETURN QUERY
    WITH item AS (
        SELECT DISTINCT ON (i.customer_id, i.reservation_id) i.*
        FROM unnest(p_customer, p_reservation, p_amount, p_kind, p_id) WITH ORDINALITY
            AS i(customer_id, reservation_id, amount, kind, id, n)
        WHERE i.reservation_id IS NOT NULL
        ORDER BY i.customer_id, i.reservation_id, i.n
    ), s AS (
        UPDATE reservations r SET status = 'SETTLED', settled_amount = item.amount, settled_kind = item.kind,
                                  settled_id = item.id, closed_at = now()
        FROM item
        WHERE r.customer_id = item.customer_id AND r.reservation_id = item.reservation_id AND r.status = 'OPEN'
          AND r.expires_at > now()
        RETURNING r.customer_id, r.reservation_id, r.estimate
    ), w AS (
        UPDATE wallets w SET held = w.held - t.estimate, updated_at = now()
        FROM (SELECT s.customer_id, sum(s.estimate) AS estimate FROM s GROUP BY s.customer_id) t
        WHERE w.customer_id = t.customer_id
    )
    SELECT s.customer_id, s.reservation_id FROM s;
END $$;

-- The sweep: expires OPEN reservations past expires_at, at most p_limit wallets per call, oldest first. Wallets
-- locked by someone else are skipped (SKIP LOCKED: their holder may be expiring them, or the next run will), so two
-- instances never wait on each other or expire a hold twice. Returns how many reservations it expired.
CREATE FUNCTION ledger_expire_holds(p_limit INTEGER) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    due TEXT[];
BEGIN
    SELECT array_agg(w.customer_id ORDER BY w.customer_id) INTO due FROM (
        SELECT w.customer_id FROM wallets w
        WHERE w.customer_id IN (SELECT r.customer_id FROM reservations r
                                WHERE r.status = 'OPEN' AND r.expires_at <= now()
                                ORDER BY r.expires_at LIMIT p_limit)
        ORDER BY w.customer_id
        FOR NO KEY UPDATE SKIP LOCKED) w;
    IF due IS NULL THEN
        RETURN 0;
    END IF;
    RETURN ledger_expire_wallet_holds(due);
END $$;

-- A HARD-checked post: ledger_post (same arguments) after refusing, under the wallet locks, any debit with
-- p_limit true on a HARD wallet that exceeds its available balance (balance - held, stale holds expired first):
-- SQLSTATE ML402, DETAIL 'available=<available> amount=<debit>', nothing written. Charges post through it.
CREATE FUNCTION ledger_post_limited(p_customer TEXT[], p_type TEXT[], p_amount NUMERIC[], p_key TEXT[],
                                    p_description TEXT[], p_event_count INT[], p_id BIGINT[],
                                    p_grant TEXT[], p_restore BIGINT[], p_limit BOOLEAN[])
RETURNS TABLE (id BIGINT, customer_id TEXT, seq BIGINT, type TEXT, amount NUMERIC, balance_before NUMERIC,
               balance_after NUMERIC, idempotency_key TEXT, description TEXT, event_count INT,
               created_at TIMESTAMPTZ, low_balance_threshold NUMERIC)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    refused RECORD;
BEGIN
    PERFORM 1 FROM wallets w WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE;
    PERFORM ledger_expire_wallet_holds(p_customer);
    SELECT p.customer_id, w.balance - w.held AS available, -p.amount AS debit INTO refused
    FROM unnest(p_customer, p_amount, p_limit) AS p(customer_id, amount, limited)
    JOIN wallets w ON w.customer_id = p.customer_id
    WHERE p.limited AND p.amount < 0 AND w.spend_mode = 'HARD' AND w.balance - w.held + p.amount < 0
    ORDER BY p.customer_id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger_post: % has % available, less than %', refused.customer_id, refused.available,
            refused.debit
            USING ERRCODE = 'ML402', DETAIL = 'available=' || refused.available || ' amount=' || refused.debit;
    END IF;
    RETURN QUERY SELECT * FROM ledger_post(p_customer, p_type, p_amount, p_key, p_description, p_event_count, p_id,
                                           p_grant, p_restore);
END $$;

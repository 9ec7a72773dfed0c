-- Credit grants inside the one ledger (see io.meterline.common.ledger.Ledger and docs/credit-operations.md):
-- a wallet's credits are held by grants, each with a priority and an optional expiry, and a negative balance is
-- its own bucket, wallets.overdraft. For every wallet:
--     balance = sum(remaining of its grants) - overdraft
-- and every ledger row records in ledger_allocations how much of its amount came from or went to which grant
-- (grant_id NULL: the overdraft), so that per row the allocations sum to its amount, each grant's remaining is
-- the sum of its allocations and the overdraft is minus the sum of the wallet's overdraft allocations.
-- ledger_post() keeps doing every write; it now also allocates.

CREATE TABLE credit_grants (
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    grant_id      TEXT NOT NULL CHECK (grant_id <> ''),
    seq           BIGINT GENERATED ALWAYS AS IDENTITY,        -- creation order: the last tie-break of the burn order
    source        TEXT NOT NULL CHECK (source IN ('PURCHASE', 'PROMOTIONAL', 'PLAN', 'ADJUSTMENT')),
    priority      INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 1000000), -- lower burns first
    amount        NUMERIC(38,18) NOT NULL CHECK (amount > 0),              -- as granted
    remaining     NUMERIC(38,18) NOT NULL DEFAULT 0 CHECK (remaining >= 0), -- written only by ledger_post
    effective_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ,
    metadata      JSONB,
    -- PENDING: created, its GRANT row not yet posted (not spendable, not in the balance); ACTIVE: posted;
    -- EXPIRED / VOIDED: closed by an EXPIRE / VOID row for its unused remainder (or with nothing left)
    state         TEXT NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'EXPIRED', 'VOIDED')),
    request       TEXT,                                      -- the admin request it was created by (idempotency)
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at     TIMESTAMPTZ,
    PRIMARY KEY (customer_id, grant_id),
    CONSTRAINT credit_grants_window CHECK (expires_at IS NULL OR expires_at > effective_at),
    CONSTRAINT credit_grants_closed CHECK ((state IN ('EXPIRED', 'VOIDED')) = (closed_at IS NOT NULL))
) WITH (fillfactor = 80);
-- Every burn updates the remaining of the grants it draws (the hot path, like wallets.balance). No index holds
-- remaining, not even in a predicate, and pages keep room, so those updates stay HOT (no index entry per burn);
-- a debit finds its wallet's grants by the primary key. Measured on 200 consecutive 100-wallet burns: with a
-- partial index WHERE remaining > 0 they took 1.9 to 5 times as long as before grants (its dead entries pile up),
-- without it 1.7 times.
-- What the grants job has to do: PENDING grants to post, ACTIVE grants with an expiry to expire.
CREATE INDEX credit_grants_due_effective_idx ON credit_grants (effective_at) WHERE state = 'PENDING';
CREATE INDEX credit_grants_due_expiry_idx ON credit_grants (expires_at) WHERE state = 'ACTIVE' AND expires_at IS NOT NULL;

ALTER TABLE wallets ADD COLUMN overdraft NUMERIC(38,18) NOT NULL DEFAULT 0 CHECK (overdraft >= 0);
-- A credit that gives back what an earlier debit row drew (a refund) names that row.
ALTER TABLE wallet_transactions ADD COLUMN restores_id BIGINT;
CREATE INDEX wallet_transactions_restores_idx ON wallet_transactions (restores_id) WHERE restores_id IS NOT NULL;

CREATE TABLE ledger_allocations (
    tx_id        BIGINT NOT NULL,      -- the wallet_transactions row
    ord          INTEGER NOT NULL,     -- 1, 2, ... in the order the row drew (or credited)
    customer_id  TEXT NOT NULL,
    grant_id     TEXT,                 -- NULL: the overdraft
    amount       NUMERIC(38,18) NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (tx_id, ord)
);
CREATE INDEX ledger_allocations_grant_idx ON ledger_allocations (customer_id, grant_id);

-- Existing wallets: the ledger had one bucket. A wallet with a positive balance gets one opening PURCHASE grant
-- without expiry holding it; a negative balance becomes the overdraft. Every existing row is allocated whole to
-- that bucket (the opening grant, or the overdraft), so the sums above hold from the first row on.
INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, remaining, effective_at, state)
SELECT customer_id, 'opening:v19', 'PURCHASE', 100, balance, balance, now(), 'ACTIVE'
FROM wallets WHERE balance > 0;
UPDATE wallets SET overdraft = -balance WHERE balance < 0;
INSERT INTO ledger_allocations (tx_id, ord, customer_id, grant_id, amount)
SELECT t.id, 1, t.customer_id, CASE WHEN w.balance > 0 THEN 'opening:v19' END, t.amount
FROM wallet_transactions t JOIN wallets w ON w.customer_id = t.customer_id
WHERE t.amount <> 0;

-- How each posting of one ledger_post call is allocated, computed from the state before it (read-only; called
-- only by ledger_post, under its wallet locks). One result row per allocation: (customer_id, ord, grant_id,
-- amount, new_grant); new_grant marks the implicit grant ledger_post creates for a credit's rest.
--   debit, no grant:   live grants (ACTIVE, not past expires_at, remaining > 0) in burn order: priority, expires_at
--                      (NULLS LAST), effective_at, seq; what they cannot cover goes to the overdraft.
--   debit, p_grant:    that grant only (ledger_post has checked that it covers the amount).
--   credit:            first repays the overdraft; then, with p_restore, back into the live grants the restored
--                      row drew from, newest-drawn first, each at most what it gave net of earlier restores; then,
--                      with p_grant, into that grant; any rest into the implicit grant '<type lowercase>:<key>'.
CREATE FUNCTION ledger_allocate(p_customer TEXT[], p_type TEXT[], p_amount NUMERIC[], p_key TEXT[],
                                p_grant TEXT[], p_restore BIGINT[])
RETURNS TABLE (customer_id TEXT, ord INTEGER, grant_id TEXT, amount NUMERIC, new_grant BOOLEAN)
LANGUAGE sql STABLE AS $$
WITH p AS (
    SELECT p.customer_id, p.type, p.amount, p.key, p.grant_id, p.restore_id, w.overdraft
    FROM unnest(p_customer, p_type, p_amount, p_key, p_grant, p_restore)
        AS p(customer_id, type, amount, key, grant_id, restore_id)
    JOIN wallets w ON w.customer_id = p.customer_id
), draw AS (
    SELECT p.customer_id, g.grant_id, g.remaining, -p.amount AS need,
           sum(g.remaining) OVER w - g.remaining AS before, row_number() OVER w AS n
    FROM p JOIN credit_grants g ON g.customer_id = p.customer_id AND g.remaining > 0
    WHERE p.amount < 0
      AND CASE WHEN p.grant_id IS NULL THEN g.state = 'ACTIVE' AND (g.expires_at IS NULL OR g.expires_at > now())
               ELSE g.grant_id = p.grant_id END
    WINDOW w AS (PARTITION BY p.customer_id ORDER BY g.priority, g.expires_at NULLS LAST, g.effective_at, g.seq
                 ROWS UNBOUNDED PRECEDING)
), drawn AS (
    SELECT customer_id, n, grant_id, least(remaining, need - before) AS take FROM draw WHERE need > before
), debit_rest AS (
    SELECT p.customer_id, p.amount + coalesce(d.taken, 0) AS rest
    FROM p LEFT JOIN (SELECT customer_id, sum(take) AS taken FROM drawn GROUP BY customer_id) d
                  ON d.customer_id = p.customer_id
    WHERE p.amount < 0
), credit AS (
    SELECT p.*, least(p.amount, p.overdraft) AS repay FROM p WHERE p.amount > 0
), given AS (
    SELECT c.customer_id, a.grant_id, a.ord AS drawn_ord, c.amount - c.repay AS want,
           -a.amount - coalesce((SELECT sum(b.amount) FROM wallet_transactions r
                                 JOIN ledger_allocations b ON b.tx_id = r.id AND b.grant_id = a.grant_id
                                 WHERE r.restores_id = c.restore_id AND r.customer_id = c.customer_id), 0) AS open
    FROM credit c
    JOIN ledger_allocations a ON a.tx_id = c.restore_id AND a.customer_id = c.customer_id
    JOIN credit_grants g ON g.customer_id = a.customer_id AND g.grant_id = a.grant_id
    WHERE a.amount < 0 AND g.state = 'ACTIVE' AND (g.expires_at IS NULL OR g.expires_at > now())
), back AS (
    SELECT customer_id, grant_id, drawn_ord, want, open, sum(open) OVER w - open AS before
    FROM given WHERE open > 0
    WINDOW w AS (PARTITION BY customer_id ORDER BY drawn_ord DESC ROWS UNBOUNDED PRECEDING)
), restored AS (
    SELECT customer_id, grant_id, drawn_ord, least(open, want - before) AS give FROM back WHERE want > before
), credit_rest AS (
    SELECT c.customer_id, c.type, c.key, c.grant_id, c.amount - c.repay - coalesce(r.given, 0) AS rest
    FROM credit c LEFT JOIN (SELECT customer_id, sum(give) AS given FROM restored GROUP BY customer_id) r
                         ON r.customer_id = c.customer_id
), allocations AS (
    SELECT customer_id, 1 AS stage, n AS k, grant_id, -take AS amount, false AS new_grant FROM drawn
    UNION ALL
    SELECT customer_id, 2, 0, NULL, rest, false FROM debit_rest WHERE rest < 0
    UNION ALL
    SELECT customer_id, 0, 0, NULL, repay, false FROM credit WHERE repay > 0
    UNION ALL
    SELECT customer_id, 1, -drawn_ord, grant_id, give, false FROM restored
    UNION ALL
    SELECT customer_id, 2, 0, coalesce(grant_id, lower(type) || ':' || key), rest, grant_id IS NULL
    FROM credit_rest WHERE rest > 0
)
SELECT customer_id, (row_number() OVER (PARTITION BY customer_id ORDER BY stage, k))::int, grant_id, amount, new_grant
FROM allocations
$$;

DROP FUNCTION ledger_post(TEXT[], TEXT[], NUMERIC[], TEXT[], TEXT[], INT[], BIGINT[]);

-- Posts one ledger row per element of the arrays (at most one per wallet per call), atomically:
--   1. locks the wallets, in customer_id order (so two callers never deadlock);
--   2. allocates each amount to grants and the overdraft (ledger_allocate, above), writes the allocations,
--      moves each grant's remaining (a credit into a PENDING grant makes it ACTIVE), creates the implicit grant
--      of a credit's rest (source PURCHASE for TOP_UP, else ADJUSTMENT; priority 100; no expiry);
--   3. adds each amount to its wallet's balance (and the overdraft part to wallets.overdraft) and takes the
--      wallet's next seq, under that lock;
--   4. writes the row with balance_before = balance - amount and balance_after = the new balance.
-- p_id may hold ids taken beforehand from the identity sequence (usage rows link to their BURN row by it);
-- a NULL element takes the next one. p_grant (optional) names the grant a debit comes from (EXPIRE, VOID) or a
-- credit goes to (GRANT); p_restore (optional) names the earlier debit row a credit gives back (REFUND).
-- Fails (SQLSTATE 23503) if a wallet or a named grant does not exist, 22023 if a wallet appears twice, an array
-- has another length, a named grant is closed or does not cover a debit, or a restored row is not a debit of the
-- same wallet; 22003 if a balance would leave NUMERIC(38,18), 23505 if an idempotency key is reused.
CREATE FUNCTION ledger_post(p_customer TEXT[], p_type TEXT[], p_amount NUMERIC[], p_key TEXT[],
                            p_description TEXT[], p_event_count INT[], p_id BIGINT[],
                            p_grant TEXT[] DEFAULT NULL, p_restore BIGINT[] DEFAULT NULL)
RETURNS TABLE (id BIGINT, customer_id TEXT, seq BIGINT, type TEXT, amount NUMERIC, balance_before NUMERIC,
               balance_after NUMERIC, idempotency_key TEXT, description TEXT, event_count INT,
               created_at TIMESTAMPTZ, low_balance_threshold NUMERIC)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    posted BIGINT;
    problem TEXT;
BEGIN
    IF p_customer IS NULL OR cardinality(p_customer) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(p_customer) <> (SELECT count(DISTINCT c) FROM unnest(p_customer) AS c) THEN
        RAISE EXCEPTION 'ledger_post: a wallet appears more than once in one call' USING ERRCODE = '22023';
    END IF;
    IF cardinality(p_grant) NOT IN (0, cardinality(p_customer))
       OR cardinality(p_restore) NOT IN (0, cardinality(p_customer)) THEN
        RAISE EXCEPTION 'ledger_post: p_grant and p_restore must be NULL or as long as p_customer'
            USING ERRCODE = '22023';
    END IF;
    PERFORM 1 FROM wallets w WHERE w.customer_id = ANY (p_customer) ORDER BY w.customer_id FOR NO KEY UPDATE;
    IF p_grant IS NOT NULL OR p_restore IS NOT NULL THEN
        SELECT CASE
                   WHEN p.grant_id IS NOT NULL AND g.grant_id IS NULL THEN 'no grant ' || p.grant_id
                   WHEN p.grant_id IS NOT NULL AND p.amount < 0 AND (g.state <> 'ACTIVE' OR g.remaining < -p.amount)
                       THEN 'grant ' || p.grant_id || ' is ' || g.state || ' with ' || g.remaining || ' remaining'
                   WHEN p.grant_id IS NOT NULL AND p.amount > 0 AND g.state NOT IN ('PENDING', 'ACTIVE')
                       THEN 'grant ' || p.grant_id || ' is ' || g.state
                   WHEN p.restore_id IS NOT NULL AND (p.amount <= 0 OR r.id IS NULL OR r.amount >= 0)
                       THEN 'row ' || p.restore_id || ' is not a debit of ' || p.customer_id || ' to restore'
               END
        INTO problem
        FROM unnest(p_customer, p_amount, p_grant, p_restore) AS p(customer_id, amount, grant_id, restore_id)
        LEFT JOIN credit_grants g ON g.customer_id = p.customer_id AND g.grant_id = p.grant_id
        LEFT JOIN wallet_transactions r ON r.id = p.restore_id AND r.customer_id = p.customer_id
        WHERE (p.grant_id IS NOT NULL AND (g.grant_id IS NULL OR (p.amount < 0 AND (g.state <> 'ACTIVE'
                   OR g.remaining < -p.amount)) OR (p.amount > 0 AND g.state NOT IN ('PENDING', 'ACTIVE'))))
           OR (p.restore_id IS NOT NULL AND (p.amount <= 0 OR r.id IS NULL OR r.amount >= 0))
        LIMIT 1;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'ledger_post: %', problem
                USING ERRCODE = CASE WHEN problem LIKE 'no grant %' THEN '23503' ELSE '22023' END;
        END IF;
    END IF;
    RETURN QUERY
    WITH p AS (
        SELECT * FROM unnest(p_customer, p_type, p_amount, p_key, p_description, p_event_count, p_id, p_restore)
            AS p(customer_id, type, amount, idempotency_key, description, event_count, id, restores_id)
    ), a AS (
        SELECT * FROM ledger_allocate(p_customer, p_type, p_amount, p_key, p_grant, p_restore)
    ), od AS (
        SELECT a.customer_id, sum(a.amount) AS delta FROM a WHERE a.grant_id IS NULL GROUP BY a.customer_id
    ), w AS (
        UPDATE wallets w SET balance = w.balance + p.amount, overdraft = w.overdraft - coalesce(od.delta, 0),
                             ledger_seq = w.ledger_seq + 1, updated_at = now()
        FROM p LEFT JOIN od ON od.customer_id = p.customer_id
        WHERE w.customer_id = p.customer_id
        RETURNING w.customer_id, w.balance, w.ledger_seq, w.low_balance_threshold
    ), l AS (
        INSERT INTO wallet_transactions (id, customer_id, seq, type, amount, balance_before, balance_after,
                                         idempotency_key, description, event_count, restores_id)
        SELECT coalesce(p.id, nextval(pg_get_serial_sequence('wallet_transactions', 'id'))), p.customer_id,
               w.ledger_seq, p.type, p.amount, w.balance - p.amount, w.balance, p.idempotency_key, p.description,
               coalesce(p.event_count, 0), p.restores_id
        FROM p JOIN w ON w.customer_id = p.customer_id
        RETURNING wallet_transactions.*
    ), allocated AS (
        INSERT INTO ledger_allocations (tx_id, ord, customer_id, grant_id, amount)
        SELECT l.id, a.ord, a.customer_id, a.grant_id, a.amount FROM a JOIN l ON l.customer_id = a.customer_id
    ), moved AS (
        UPDATE credit_grants g SET remaining = g.remaining + m.delta,
                                   state = CASE WHEN g.state = 'PENDING' THEN 'ACTIVE' ELSE g.state END
        FROM (SELECT a.customer_id, a.grant_id, sum(a.amount) AS delta FROM a
              WHERE a.grant_id IS NOT NULL AND NOT a.new_grant GROUP BY a.customer_id, a.grant_id) m
        WHERE g.customer_id = m.customer_id AND g.grant_id = m.grant_id
    ), created AS (
        INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, remaining, effective_at, state)
        SELECT a.customer_id, a.grant_id, CASE WHEN p.type = 'TOP_UP' THEN 'PURCHASE' ELSE 'ADJUSTMENT' END, 100,
               a.amount, a.amount, now(), 'ACTIVE'
        FROM a JOIN p ON p.customer_id = a.customer_id WHERE a.new_grant
    )
    SELECT l.id, l.customer_id, l.seq, l.type, l.amount, l.balance_before, l.balance_after, l.idempotency_key,
           l.description, l.event_count, l.created_at, w.low_balance_threshold
    FROM l JOIN w ON w.customer_id = l.customer_id;
    GET DIAGNOSTICS posted = ROW_COUNT;
    IF posted <> cardinality(p_customer) THEN
        RAISE EXCEPTION 'ledger_post: % of % wallets exist', posted, cardinality(p_customer) USING ERRCODE = '23503';
    END IF;
END $$;

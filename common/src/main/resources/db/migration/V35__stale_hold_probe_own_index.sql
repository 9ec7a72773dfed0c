-- The reservation path's speed (issue 13, docs/benchmarks.md session 10). Every hold batch, hold, release and HARD-
-- checked post first probes its wallets for stale holds: "customer_id = ANY (..) AND status = 'OPEN' AND expires_at
-- <= now()" (ledger_expire_wallet_holds, V30; the same with one customer inline in ledger_hold and ledger_release).
-- Two partial indexes could serve that predicate: reservations_open_customer_idx (customer_id, expires_at), meant
-- for it, and the sweep's reservations_open_expiry_idx (expires_at) with a filter on the customer. PL/pgSQL keeps a
-- statement's generic plan for the life of the connection, and a plan made while reservations is nearly empty (any
-- new database, any connection opened before the first holds) takes the sweep's index: EXPLAIN of a generic plan on
-- an empty copy of the table shows it. Planned that way, the probe reads every due and every closed-but-not-vacuumed
-- hold of every customer on each call: measured during bench step 8 against an API started before the holds,
-- 20,277,765 index entries read in 10 s (7,600 per batch; 1,019 to 2,511 µs of Postgres CPU per hold, against 258 to
-- 385 for APIs started later). The sweep's index now carries a predicate the probe does not imply (settled_kind IS
-- NULL holds for every OPEN row: V24's reservations_settled check), so it can serve only the sweep, which names it;
-- the probe is left with its own index whatever the statistics or the plan's age. Same rows, same results, same
-- locks; the sweep still takes the oldest due holds first. Invariants: V24's header.
CREATE INDEX reservations_due_idx ON reservations (expires_at) WHERE status = 'OPEN' AND settled_kind IS NULL;
DROP INDEX reservations_open_expiry_idx;

-- The sweep: as V24's, but for the predicate that selects its own index.
CREATE OR REPLACE FUNCTION ledger_expire_holds(p_limit INTEGER) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    due TEXT[];
BEGIN
    SELECT array_agg(w.customer_id ORDER BY w.customer_id) INTO due FROM (
        SELECT w.customer_id FROM wallets w
        WHERE w.customer_id IN (SELECT r.customer_id FROM reservations r
                                WHERE r.status = 'OPEN' AND r.settled_kind IS NULL AND r.expires_at <= now()
                                ORDER BY r.expires_at LIMIT p_limit)
        ORDER BY w.customer_id
        FOR NO KEY UPDATE SKIP LOCKED) w;
    IF due IS NULL THEN
        RETURN 0;
    END IF;
    RETURN ledger_expire_wallet_holds(due);
END $$;

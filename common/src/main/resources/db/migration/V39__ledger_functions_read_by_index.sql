-- The ledger functions read by key, always: no statement in them may become a sequential scan (issue 13,
-- docs/benchmarks.md session 12).
--
-- PL/pgSQL plans each statement of a function once per connection and, after five calls, keeps a generic plan
-- for the connection's life; nothing replans it until the table's statistics change (an ANALYZE, a VACUUM). A
-- generic plan made while a table is nearly empty can be a sequential scan, since reading one page costs less
-- than an index. V37 claimed the stale-hold probe of ledger_expire_wallet_holds (ORDER BY expires_at LIMIT 1) had
-- only the per-customer index as a plan: false on an empty table, where a sequential scan and a top-N sort of
-- nothing is cheaper. Measured: the bench database's reservations emptied and analyzed (what bench.sh's full run
-- does: it truncates, and step 8 analyzes before any hold exists), then one pgbench client calling
-- ledger_hold_many with batches of 4 for 30 s: 0.83 ms a call at first, 7.8 ms after 30 s (the probe read the
-- whole table, growing by 4,000 rows a second: auto_explain showed "Seq Scan on reservations r" in 3,517 of
-- 3,517 probes), against a flat 0.82-0.87 ms with enable_seqscan off in that function. In the full bench, step 8's
-- holds fell to 804-1,827 holds/s with Postgres at 1,365-1,615 µs of CPU per hold (perf: HeapTupleSatisfiesVisibility
-- and texteq of a sequential scan in the hold batch's backend), against 350-475 µs where the table held rows when
-- analyzed. A production database's autovacuum would re-analyze a growing table within a minute or so and replan;
-- until then, and wherever it is off, every hold would pay for the whole table.
--
-- So every ledger function (and the ledger's trigger functions) now runs with enable_seqscan off. That does not
-- forbid a sequential scan: it prices it out whenever an index can answer, and every statement in them reads a
-- wallet, a reservation, a charge, a grant or a ledger row by its key, or the due holds through their index. The
-- setting is the function's own (restored when it returns), so nothing else on the connection changes. The cost
-- of the setting is a GUC save and restore per call. ReservationLookupTest plans the reservation path on an empty
-- table, fills it, and counts rows read by sequential scans (0). Invariants: V24's header and Ledger's Javadoc.
ALTER FUNCTION ledger_post(text[], text[], numeric[], text[], text[], integer[], bigint[], text[], bigint[])
    SET enable_seqscan = off;
ALTER FUNCTION ledger_post_limited(text[], text[], numeric[], text[], text[], integer[], bigint[], text[], bigint[],
                                   boolean[])
    SET enable_seqscan = off;
ALTER FUNCTION ledger_post_settling(text[], text[], numeric[], text[], text[], text[], text[], numeric[], text[],
                                    text[], integer[], bigint[], text[], bigint[], boolean[])
    SET enable_seqscan = off;
ALTER FUNCTION ledger_expire_wallet_holds(text[]) SET enable_seqscan = off;
ALTER FUNCTION ledger_expire_holds(integer) SET enable_seqscan = off;
ALTER FUNCTION ledger_hold(text, text, numeric, text, jsonb, integer) SET enable_seqscan = off;
ALTER FUNCTION ledger_hold_many(text[], text[], numeric[], text[], jsonb[], integer[]) SET enable_seqscan = off;
ALTER FUNCTION ledger_release(text, text) SET enable_seqscan = off;
ALTER FUNCTION ledger_release_many(text[], text[]) SET enable_seqscan = off;
ALTER FUNCTION ledger_settle(text[], text[], numeric[], text[], text[]) SET enable_seqscan = off;
ALTER FUNCTION charge_post(text, text, numeric, text, text, jsonb, text, text[], text[], numeric[], text[], text[],
                           integer[], bigint[], text[], bigint[], boolean[], text[], text[], numeric[], text[], text[])
    SET enable_seqscan = off;
ALTER FUNCTION ledger_request_top_up() SET enable_seqscan = off;
ALTER FUNCTION ledger_rearm_top_up() SET enable_seqscan = off;

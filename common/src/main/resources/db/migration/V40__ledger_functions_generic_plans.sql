-- The ledger functions keep one plan per statement: no planning per call (issue 13, docs/benchmarks.md session 13).
--
-- PL/pgSQL prepares each statement of a function once per connection and asks the plan cache, at every call,
-- whether to plan it again for the call's parameter values (a custom plan) or reuse one plan for any values (the
-- generic plan). It plans five custom plans, then keeps choosing custom plans while their estimated cost stays
-- below the generic plan's. The ledger's parameters are arrays, and the generic plan prices `= ANY($1)` for an
-- array of unknown length; for the reservation path's small arrays (a hold batch holds 1-3 holds at 2,000 holds/s,
-- a charge settles one item) each custom plan is cheaper, so every call planned every statement again. Measured
-- with one pgbench client calling ledger_hold_many (docs/benchmarks.md session 13): 2 holds a call, three
-- interleaved pairs, 559-781 µs of Postgres CPU per call planning each time, 380-424 µs with the generic plans;
-- 8 holds a call: the same either way (the plan cache already chose the generic plans there, as it does for the
-- cost worker's batches of hundreds).
--
-- So every ledger function (the same set as V39's) runs with plan_cache_mode = force_generic_plan: one plan per
-- statement and connection, made at its first call. Safe for the same reason as V39's enable_seqscan = off, which
-- these plans obey too: every statement reads by key or through the due-hold index, so the plan does not depend
-- on the values. Like V39's setting it is the function's own, restored when it returns, and a later CREATE OR
-- REPLACE must restate it (ReservationLookupTest checks both on every ledger function).
DO $$
DECLARE
    f REGPROCEDURE;
    n INTEGER := 0;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
             WHERE p.pronamespace = 'public'::regnamespace AND l.lanname = 'plpgsql'
               AND (p.proname LIKE 'ledger\_%' OR p.proname = 'charge_post')
             ORDER BY 1 LOOP
        EXECUTE format('ALTER FUNCTION %s SET plan_cache_mode = force_generic_plan', f);
        n := n + 1;
    END LOOP;
    IF n < 13 THEN
        RAISE EXCEPTION 'V40 found % ledger functions, expected at least 13', n;
    END IF;
END $$;

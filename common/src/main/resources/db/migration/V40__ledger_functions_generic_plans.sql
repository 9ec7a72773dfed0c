-- The reservation path's ledger functions keep one plan per statement: no planning per call (issue 13,
-- docs/benchmarks.md session 13).
--
-- PL/pgSQL prepares each statement of a function once per connection and asks the plan cache, at every call,
-- whether to plan it again for the call's parameter values (a custom plan) or reuse one plan for any values (the
-- generic plan). It plans five custom plans, then keeps choosing custom plans while their estimated cost stays
-- below the generic plan's. The parameters are arrays, and the generic plan prices `= ANY($1)` for an array of
-- unknown length; for the reservation path's small arrays (a hold batch holds 1-3 holds at 2,000 holds/s, a
-- charge posts one item) each custom plan looked cheaper, so every call planned every statement again. Measured
-- with one pgbench client calling ledger_hold_many, three interleaved pairs: 2 holds a call, 559-781 µs of
-- Postgres CPU per call planning each time against 380-424 µs with the generic plans; 8 holds a call, the same
-- either way (the plan cache chose the generic plans itself).
--
-- So the functions of holds, releases, settlements, hold expiry and charges run with plan_cache_mode =
-- force_generic_plan (set on the function, restored when it returns; charge_post's setting also covers the posting
-- functions it calls). Safe for the same reason as V39's enable_seqscan = off, which these plans obey too: every
-- statement reads by key or through the due-hold index. The burn's posting functions (ledger_post,
-- ledger_post_limited, ledger_post_settling) and the wallet triggers are left to the plan cache: for a burn of 50
-- postings the generic plans cost 1-9 % more CPU per call (two interleaved pairs on the bench database), and their
-- batches are planned generically anyway once they are large. A later CREATE OR REPLACE of any function below must
-- restate the setting (ReservationLookupTest checks it, with V39's).
ALTER FUNCTION ledger_hold(text, text, numeric, text, jsonb, integer) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_hold_many(text[], text[], numeric[], text[], jsonb[], integer[])
    SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_release(text, text) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_release_many(text[], text[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_settle(text[], text[], numeric[], text[], text[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_expire_wallet_holds(text[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION ledger_expire_holds(integer) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION charge_post(text, text, numeric, text, text, jsonb, text, text[], text[], numeric[], text[], text[],
                           integer[], bigint[], text[], bigint[], boolean[], text[], text[], numeric[], text[], text[])
    SET plan_cache_mode = force_generic_plan;

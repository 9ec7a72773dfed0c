-- Incremental rollups, customer time zones, aggregation.updated and grant.expiring.

-- A customer's IANA time zone: its daily rollups are its local days (23 or 25 hours on daylight-saving days).
-- The API accepts only zones whose offsets from UTC are whole hours (so a local day is a run of UTC hours); the
-- column itself takes any name Postgres knows, and a name it does not know would fail the customer's days only.
ALTER TABLE customers ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64);

-- Dirty (customer, UTC hour) buckets: one row per writing statement and bucket, appended by the statement
-- triggers below in the writer's own transaction (no extra round trip, no lock on a shared row: there is no
-- unique key, so concurrent writers never wait on each other here). An aggregation run deletes the rows it can
-- see and recomputes exactly those hours, then their days. A writer that commits after the run's delete is seen
-- by the next run; since a mark and its rows commit together, a run never takes a mark without seeing its rows.
CREATE TABLE rollup_dirty (
    customer_id TEXT NOT NULL,
    hour        TIMESTAMPTZ NOT NULL
);

-- usage_events: stored (INSERT) or re-priced / re-rated (UPDATE). customer_id and event_time are never updated,
-- so the new rows name every bucket an update changes.
CREATE FUNCTION rollup_mark_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (customer_id, hour)
    SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') FROM changed_rows WHERE event_time IS NOT NULL;
    RETURN NULL;
END $$;

-- charges and refunds roll up at created_at (rollup_source, V20).
CREATE FUNCTION rollup_mark_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (customer_id, hour)
    SELECT DISTINCT customer_id, date_trunc('hour', created_at, 'UTC') FROM changed_rows;
    RETURN NULL;
END $$;

CREATE TRIGGER usage_events_rollup_insert AFTER INSERT ON usage_events
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_usage();
CREATE TRIGGER usage_events_rollup_update AFTER UPDATE ON usage_events
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_usage();
CREATE TRIGGER charges_rollup_insert AFTER INSERT ON charges
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_money();
CREATE TRIGGER refunds_rollup_insert AFTER INSERT ON refunds
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_money();

-- The hours the previous (watermark) mechanism would still have looked at: whatever changed since the last
-- committed scheduled run, less its 5-minute overlap (everything on a database that never rolled up).
INSERT INTO rollup_dirty (customer_id, hour)
SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') FROM rollup_source
WHERE changed_at >= coalesce((SELECT max(to_time) FROM aggregation_jobs
                              WHERE status IN ('SUCCEEDED', 'PARTIAL') AND trigger = 'SCHEDULE'), '-infinity')
                    - interval '5 minutes';

-- A customer whose time zone changed: the next run deletes its daily rows and rebuilds every day from the hourly
-- rows in the new zone (the hourly rows do not depend on the zone).
CREATE TABLE rollup_rezoned (
    customer_id TEXT NOT NULL
);

CREATE FUNCTION rollup_mark_rezoned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_rezoned (customer_id) VALUES (NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER customers_rezoned AFTER UPDATE OF time_zone ON customers
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION rollup_mark_rezoned();

-- aggregation.updated: the totals last announced for a closed period (aggregation.completed or .updated). A run
-- that recomputes a closed period announces it again only when its totals differ from these, so once per change.
-- NULL for periods closed before this migration (their next recomputation announces them once).
ALTER TABLE aggregation_closed_periods ADD COLUMN totals JSONB;

-- grant.expiring is announced once per grant: the row is the proof it was decided (written in the same
-- transaction as the delivery rows; a second instance's INSERT ... ON CONFLICT DO NOTHING finds it).
CREATE TABLE grant_expiring_notices (
    customer_id  TEXT NOT NULL,
    grant_id     TEXT NOT NULL,
    announced_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, grant_id)
);

-- What a run recomputed: (customer, hour) buckets, the figure an incremental run keeps proportional to what changed.
ALTER TABLE aggregation_jobs ADD COLUMN hours_recomputed BIGINT;

-- Customer days in any IANA zone (issue 14): one definition of a local day, used by the rollup, the audit, the
-- webhooks and the usage API, and the age of a dirty mark (audit check rollup_dirty_too_old).

-- The start of the local day holding instant t in zone tz: date_trunc('day', t, tz), except where a zone falls
-- back across midnight (America/Havana, Atlantic/Azores ... every autumn): Postgres resolves the ambiguous
-- midnight to its later instant, so date_trunc would put the hour between the two midnights before its own day
-- start. That hour stays in the day before, so days tile time: start <= t < local_day_end(start).
-- STABLE and a single SELECT, so Postgres inlines it into the calling statement.
CREATE FUNCTION local_day_start(t TIMESTAMPTZ, tz TEXT) RETURNS TIMESTAMPTZ
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN date_trunc('day', t, tz) <= t THEN date_trunc('day', t, tz)
                ELSE date_trunc('day', t - interval '1 day', tz) END
$$;

-- The end of the local day that starts at day_start: the next local date's midnight (resolved as Postgres
-- resolves local times: a midnight skipped by a spring-forward is the transition instant, an ambiguous one its
-- later instant). 23 or 25 hours on most daylight-saving days, 23.5 or 24.5 on Lord Howe's; not "start + 1 day
-- local", which is an hour off where a zone springs forward at midnight (Asia/Beirut, America/Santiago ...).
CREATE FUNCTION local_day_end(day_start TIMESTAMPTZ, tz TEXT) RETURNS TIMESTAMPTZ
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ((day_start AT TIME ZONE tz)::date + 1)::timestamp AT TIME ZONE tz
$$;

COMMENT ON COLUMN customers.time_zone IS 'IANA name known to the JVM and to Postgres (pg_timezone_names); any offset';

-- When a dirty mark was written: the audit reports marks no run consumed for too long (the job is not running).
ALTER TABLE rollup_dirty ADD COLUMN marked_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- Days stored before these functions may differ from them on a zone's midnight switch days (the hour between two
-- midnights, a day after a midnight spring-forward): the next run rebuilds every zoned customer's days once, as
-- after a change of zone. Customers in UTC are unaffected.
INSERT INTO rollup_rezoned (customer_id) SELECT id FROM customers WHERE time_zone <> 'UTC';

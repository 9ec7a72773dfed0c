-- Rollup token counters hold sums of BIGINT event counters, which can pass the BIGINT range (two events of
-- 9223372036854775807 tokens did, and failed every later rollup of every customer). NUMERIC(38,0) holds the sum of
-- more rows of maximal BIGINT counters than Postgres can store in one table, so these sums cannot overflow.
-- event_count and unpriced_count count rows and stay BIGINT.
ALTER TABLE usage_rollups
    ALTER COLUMN input_tokens TYPE NUMERIC(38,0),
    ALTER COLUMN cached_input_tokens TYPE NUMERIC(38,0),
    ALTER COLUMN cache_write_tokens TYPE NUMERIC(38,0),
    ALTER COLUMN output_tokens TYPE NUMERIC(38,0);

-- A rollup bucket (one customer's hour or day) whose recomputation failed with a data error, e.g. a cost sum past
-- NUMERIC(38,18). Every later run retries every row here until the bucket is rolled up, then deletes the row;
-- the other buckets of a run are rolled up regardless.
CREATE TABLE aggregation_failed_buckets (
    customer_id      TEXT NOT NULL,
    period           TEXT NOT NULL CHECK (period IN ('HOURLY', 'DAILY')),
    period_start     TIMESTAMPTZ NOT NULL,
    sql_state        TEXT NOT NULL,
    error            TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 1,
    first_job_id     UUID NOT NULL,
    last_job_id      UUID NOT NULL,
    first_failed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_failed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, period, period_start)
);

-- PARTIAL: the run committed every bucket it could and left failed_buckets of them in aggregation_failed_buckets.
ALTER TABLE aggregation_jobs DROP CONSTRAINT aggregation_jobs_status_check;
ALTER TABLE aggregation_jobs ADD CONSTRAINT aggregation_jobs_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'));
ALTER TABLE aggregation_jobs ADD COLUMN failed_buckets INTEGER;

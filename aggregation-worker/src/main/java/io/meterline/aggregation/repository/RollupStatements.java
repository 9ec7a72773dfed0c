package io.meterline.aggregation.repository;

/**
 * The SQL text of a recomputation, kept apart from the code that runs it. Hourly rows are (customer, UTC hour)
 * buckets of rollup_source (usage events, charges, refunds; migration V20). Daily rows are the customer's local
 * days, defined once in SQL by {@code local_day_start} / {@code local_day_end} (V29) so the rollup, the audit,
 * the webhooks and the API always agree on them, whatever the zone.
 */
public final class RollupStatements {

    static final String INSERT = """
            INSERT INTO usage_rollups (customer_id, period, period_start, event_type, feature_id, provider, model,
                event_count, unpriced_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                quantity, cost_usd, credits, updated_at)""";

    /** A recomputed period replaces what was stored for it. */
    static final String REPLACE = """
            ON CONFLICT (customer_id, period, period_start, event_type, feature_id, provider, model) DO UPDATE SET
                event_count = excluded.event_count, unpriced_count = excluded.unpriced_count,
                input_tokens = excluded.input_tokens, cached_input_tokens = excluded.cached_input_tokens,
                cache_write_tokens = excluded.cache_write_tokens, output_tokens = excluded.output_tokens,
                quantity = excluded.quantity, cost_usd = excluded.cost_usd, credits = excluded.credits,
                updated_at = excluded.updated_at""";

    /** The summed columns of raw rows {@code u}, after the group columns; the same for an hour and a local day. */
    private static final String RAW_SUMS = """
            count(*), count(*) FILTER (WHERE u.status = 'UNPRICED'),
            sum(u.input_tokens), sum(u.cached_input_tokens), sum(u.cache_write_tokens), sum(u.output_tokens),
            coalesce(sum(u.quantity), 0), coalesce(sum(u.cost_usd), 0), coalesce(sum(u.credits), 0)""";

    static final String HOURLY = """
            WITH touched AS (%3$s),
            hourly AS (
                %1$s
                SELECT u.customer_id, 'HOURLY', t.hour, u.event_type, u.feature_id,
                       coalesce(u.provider, ''), coalesce(u.model, ''), %4$s, now()
                FROM touched t
                JOIN rollup_source u ON u.customer_id = t.customer_id
                     AND u.event_time >= t.hour AND u.event_time < t.hour + interval '1 hour'
                GROUP BY u.customer_id, t.hour, u.event_type, u.feature_id, coalesce(u.provider, ''), coalesce(u.model, '')
                %2$s
                RETURNING 1)
            SELECT count(*) AS hourly_rows, (SELECT count(*) FROM touched) AS hours FROM hourly""";

    /**
     * The local days (customer_id, day, tz) that the hours of {@code %s} (customer_id, hour) overlap, in each
     * customer's zone (UTC for a customer without a row): one day for an hour of a whole-hour zone, and two for
     * the hour around a :30 or :45 midnight. Given a day start as an hour, its own day.
     */
    public static final String DAYS_OF_HOURS = """
            SELECT DISTINCT t.customer_id, d.day, z.tz FROM (%s) t
            CROSS JOIN LATERAL (SELECT coalesce(max(c.time_zone), 'UTC') AS tz FROM customers c
                                WHERE c.id = t.customer_id) z
            CROSS JOIN LATERAL (VALUES (local_day_start(t.hour, z.tz)),
                (local_day_start(t.hour + interval '1 hour' - interval '1 microsecond', z.tz))) d(day)""";

    /**
     * Days are rebuilt after their hours, each as the sum of two parts: the hourly rows of the whole UTC hours
     * inside it (already recomputed, or failed and left as they were), and the raw rows of its partial hours at
     * either end, [day start, first whole hour) and [last whole hour, day end), summed as the hourly statement
     * sums them. A day of a whole-hour zone has no partial hour (both edge ranges are empty); a day of Asia/Kolkata
     * (+5:30) reads 23 hourly rows and two half hours of raw rows; so any local day equals its raw sums, at the
     * cost of at most one extra hour of raw rows.
     */
    static final String DAILY = """
            WITH days AS (%3$s),
            open AS (
                SELECT d.customer_id, d.day, local_day_end(d.day, d.tz) AS day_end
                FROM days d WHERE NOT EXISTS (SELECT 1 FROM aggregation_failed_buckets f
                    WHERE f.customer_id = d.customer_id AND f.period = 'DAILY' AND f.period_start = d.day)),
            bounds AS (
                SELECT o.customer_id, o.day, o.day_end,
                       CASE WHEN date_trunc('hour', o.day, 'UTC') = o.day THEN o.day
                            ELSE date_trunc('hour', o.day, 'UTC') + interval '1 hour' END AS first_hour,
                       date_trunc('hour', o.day_end, 'UTC') AS last_hour
                FROM open o),
            edges AS (
                SELECT customer_id, day, day AS lo, first_hour AS hi FROM bounds WHERE first_hour > day
                UNION ALL
                SELECT customer_id, day, last_hour, day_end FROM bounds WHERE day_end > last_hour),
            parts AS (
                SELECT h.customer_id, d.day, h.event_type, h.feature_id, h.provider, h.model, h.event_count,
                       h.unpriced_count, h.input_tokens, h.cached_input_tokens, h.cache_write_tokens, h.output_tokens,
                       h.quantity, h.cost_usd, h.credits
                FROM bounds d
                JOIN usage_rollups h ON h.customer_id = d.customer_id AND h.period = 'HOURLY'
                     AND h.period_start >= d.first_hour AND h.period_start < d.last_hour
                UNION ALL
                SELECT u.customer_id, d.day, u.event_type, u.feature_id, coalesce(u.provider, ''),
                       coalesce(u.model, ''), %4$s
                FROM edges d
                JOIN rollup_source u ON u.customer_id = d.customer_id AND u.event_time >= d.lo AND u.event_time < d.hi
                GROUP BY u.customer_id, d.day, u.event_type, u.feature_id, coalesce(u.provider, ''), coalesce(u.model, '')),
            daily AS (
                %1$s
                SELECT customer_id, 'DAILY', day, event_type, feature_id, provider, model,
                       sum(event_count), sum(unpriced_count), sum(input_tokens), sum(cached_input_tokens),
                       sum(cache_write_tokens), sum(output_tokens), sum(quantity), sum(cost_usd), sum(credits), now()
                FROM parts
                GROUP BY customer_id, day, event_type, feature_id, provider, model
                %2$s
                RETURNING 1)
            SELECT count(*) AS daily_rows FROM daily""";

    /** The local days (start instants) of the given hours, in their customers' zones, ordered. */
    static final String DAYS_OF = "SELECT customer_id, day AS hour FROM (" + DAYS_OF_HOURS + ") days ORDER BY 1, 2";

    private RollupStatements() {
    }

    /** The hourly statement over the hours {@code touched} selects. */
    static String hourly(String touched) {
        return HOURLY.formatted(INSERT, REPLACE, touched, RAW_SUMS);
    }

    /** The daily statement over the days of the hours {@code hours} selects. */
    static String daily(String hours) {
        return DAILY.formatted(INSERT, REPLACE, DAYS_OF_HOURS.formatted(hours), RAW_SUMS);
    }
}

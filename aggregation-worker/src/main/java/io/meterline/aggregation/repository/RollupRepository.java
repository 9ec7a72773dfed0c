package io.meterline.aggregation.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Recomputes rollups from their source of truth: usage_events, and the direct charges and refunds, through the view
 * rollup_source (migration V20; event_type CHARGE / REFUND, credits = amount / -amount, at their created_at). Each
 * statement rebuilds whole periods (an hour of one customer, then the day around it) and upserts them, so running it
 * twice, or for a period that gets a late event, gives the same rows as running it once after the last event:
 * idempotent by construction.
 *
 * <p>An incremental run recomputes exactly the hours marked in rollup_dirty (V27: statement triggers on
 * usage_events, charges and refunds append one row per statement and bucket in the writer's transaction) and the
 * days holding them; a backfill recomputes every hour of an event-time range. Days are the customer's local days.
 *
 * <p>Every statement leaves out the buckets listed in aggregation_failed_buckets, so one known-bad bucket never
 * fails the set-based path; a retry takes its bucket off that list in the same savepoint before recomputing it.
 */
@ApplicationScoped
public class RollupRepository {

    /** Which rows select the hours a set-based recomputation covers. */
    public enum Source {
        /** Exactly the hours given as two parallel arrays ($1 customers, $2 hour starts): an incremental run. */
        GIVEN("SELECT DISTINCT customer_id, hour FROM unnest($1::text[], $2::timestamptz[]) AS given(customer_id, hour)"),
        /** Hours holding any row with event_time in [from, to): a backfill. */
        IN_RANGE("""
                SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') AS hour FROM rollup_source
                WHERE event_time >= $1 AND event_time < $2""");

        final String hours;

        Source(String hours) {
            this.hours = hours;
        }
    }

    /** One customer's hour (start, UTC) to recompute. */
    public record Hour(String customerId, OffsetDateTime hour) {
    }

    /** Rows written by one recomputation. */
    public record Written(long hours, long hourlyRows, long dailyRows) {
        public static final Written NONE = new Written(0, 0, 0);

        public long total() {
            return hourlyRows + dailyRows;
        }

        public Written plus(Written other) {
            return new Written(hours + other.hours, hourlyRows + other.hourlyRows, dailyRows + other.dailyRows);
        }
    }

    private static final String INSERT = """
            INSERT INTO usage_rollups (customer_id, period, period_start, event_type, feature_id, provider, model,
                event_count, unpriced_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                quantity, cost_usd, credits, updated_at)""";

    /** A recomputed period replaces what was stored for it. */
    private static final String REPLACE = """
            ON CONFLICT (customer_id, period, period_start, event_type, feature_id, provider, model) DO UPDATE SET
                event_count = excluded.event_count, unpriced_count = excluded.unpriced_count,
                input_tokens = excluded.input_tokens, cached_input_tokens = excluded.cached_input_tokens,
                cache_write_tokens = excluded.cache_write_tokens, output_tokens = excluded.output_tokens,
                quantity = excluded.quantity, cost_usd = excluded.cost_usd, credits = excluded.credits,
                updated_at = excluded.updated_at""";

    private static final String HOURLY = """
            WITH touched AS (%3$s),
            hourly AS (
                %1$s
                SELECT u.customer_id, 'HOURLY', t.hour, u.event_type, u.feature_id,
                       coalesce(u.provider, ''), coalesce(u.model, ''),
                       count(*), count(*) FILTER (WHERE u.status = 'UNPRICED'),
                       sum(u.input_tokens), sum(u.cached_input_tokens), sum(u.cache_write_tokens), sum(u.output_tokens),
                       coalesce(sum(u.quantity), 0), coalesce(sum(u.cost_usd), 0), coalesce(sum(u.credits), 0), now()
                FROM touched t
                JOIN rollup_source u ON u.customer_id = t.customer_id
                     AND u.event_time >= t.hour AND u.event_time < t.hour + interval '1 hour'
                GROUP BY u.customer_id, t.hour, u.event_type, u.feature_id, coalesce(u.provider, ''), coalesce(u.model, '')
                %2$s
                RETURNING 1)
            SELECT count(*) AS hourly_rows, (SELECT count(*) FROM touched) AS hours FROM hourly""";

    /**
     * Days, in each customer's time zone (customers.time_zone, UTC when the customer is unknown), are rebuilt from
     * their hourly rows, already recomputed (or failed and left as they were). A local day is [local midnight,
     * next local midnight): 23 or 25 hourly rows on daylight-saving days; zones are whole-hour offsets, so a local
     * day is always a run of whole UTC hours.
     */
    private static final String DAILY = """
            WITH days AS (
                SELECT DISTINCT t.customer_id, date_trunc('day', t.hour, z.tz) AS day, z.tz FROM (%3$s) t
                CROSS JOIN LATERAL (SELECT coalesce(max(c.time_zone), 'UTC') AS tz FROM customers c
                                    WHERE c.id = t.customer_id) z),
            open AS (
                SELECT * FROM days d WHERE NOT EXISTS (SELECT 1 FROM aggregation_failed_buckets f
                    WHERE f.customer_id = d.customer_id AND f.period = 'DAILY' AND f.period_start = d.day)),
            daily AS (
                %1$s
                SELECT h.customer_id, 'DAILY', d.day, h.event_type, h.feature_id, h.provider, h.model,
                       sum(h.event_count), sum(h.unpriced_count), sum(h.input_tokens), sum(h.cached_input_tokens),
                       sum(h.cache_write_tokens), sum(h.output_tokens), sum(h.quantity), sum(h.cost_usd), sum(h.credits), now()
                FROM open d
                JOIN usage_rollups h ON h.customer_id = d.customer_id AND h.period = 'HOURLY'
                     AND h.period_start >= d.day AND h.period_start < ((d.day AT TIME ZONE d.tz) + interval '1 day') AT TIME ZONE d.tz
                GROUP BY h.customer_id, d.day, h.event_type, h.feature_id, h.provider, h.model
                %2$s
                RETURNING 1)
            SELECT count(*) AS daily_rows FROM daily""";

    /** The local days (start instants) of the given hours, in their customers' zones, ordered. */
    private static final String DAYS_OF = """
            SELECT DISTINCT t.customer_id, date_trunc('day', t.hour, z.tz) AS hour FROM (%s) t
            CROSS JOIN LATERAL (SELECT coalesce(max(c.time_zone), 'UTC') AS tz FROM customers c
                                WHERE c.id = t.customer_id) z
            ORDER BY 1, 2""";

    /** Takes every dirty mark this statement sees (writers that commit later are the next run's). */
    private static final String CLAIM_DIRTY = """
            WITH taken AS (DELETE FROM rollup_dirty RETURNING customer_id, hour)
            SELECT DISTINCT customer_id, hour FROM taken ORDER BY 1, 2""";

    /**
     * Takes the customers whose zone changed, deletes their daily rows (days of the old zone) and answers every
     * hour they have an hourly row for, whose days are then rebuilt in the new zone.
     */
    private static final String CLAIM_REZONED = """
            WITH taken AS (DELETE FROM rollup_rezoned RETURNING customer_id),
            gone AS (DELETE FROM usage_rollups WHERE period = 'DAILY' AND customer_id IN (SELECT customer_id FROM taken))
            SELECT DISTINCT customer_id, period_start AS hour FROM usage_rollups
            WHERE period = 'HOURLY' AND customer_id IN (SELECT customer_id FROM taken) ORDER BY 1, 2""";

    /**
     * The set-based path: recomputes every hour (and its day) the source selects in [from, to), in two statements.
     * A data error in any bucket fails the whole call.
     */
    public Uni<Written> recompute(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        Tuple window = Tuple.of(from, to);
        return tx.preparedQuery(HOURLY.formatted(INSERT, REPLACE, touched(Source.IN_RANGE.hours))).execute(window)
                .map(rows -> rows.iterator().next())
                .flatMap(hourly -> tx.preparedQuery(DAILY.formatted(INSERT, REPLACE, Source.IN_RANGE.hours))
                        .execute(window).map(rows -> new Written(hourly.getLong("hours"), hourly.getLong("hourly_rows"),
                                rows.iterator().next().getLong("daily_rows"))));
    }

    /**
     * The set-based path of an incremental run: recomputes exactly {@code hours}, then the days of {@code hours}
     * and of {@code dayHours} (hours whose day is rebuilt without recomputing the hour). A data error in any
     * bucket fails the whole call.
     */
    public Uni<Written> recompute(SqlConnection tx, List<Hour> hours, List<Hour> dayHours) {
        List<Hour> all = new ArrayList<>(hours);
        all.addAll(dayHours);
        return recomputeHours(tx, hours).flatMap(hourly -> recomputeDays(tx, all).map(hourly::plus));
    }

    /** Takes the dirty hours (rollup_dirty); the caller's transaction makes the take final or undoes it. */
    public Uni<List<Hour>> claimDirty(SqlConnection tx) {
        return tx.query(CLAIM_DIRTY).execute().map(RollupRepository::hours);
    }

    /** Takes the re-zoned customers, drops their daily rows, and answers their hours (see CLAIM_REZONED). */
    public Uni<List<Hour>> claimRezoned(SqlConnection tx) {
        return tx.query(CLAIM_REZONED).execute().map(RollupRepository::hours);
    }

    /** The customers' local days of the given hours, as (customer, day start). */
    public Uni<List<Hour>> daysOf(SqlConnection tx, List<Hour> hours) {
        return tx.preparedQuery(DAYS_OF.formatted(Source.GIVEN.hours)).execute(given(hours))
                .map(RollupRepository::hours);
    }

    /** The hours {@link #recompute} would touch, ordered by customer and hour: the input of the per-bucket path. */
    public Uni<List<Hour>> touched(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        return tx.preparedQuery("SELECT customer_id, hour FROM (" + touched(Source.IN_RANGE.hours)
                + ") touched ORDER BY 1, 2").execute(Tuple.of(from, to)).map(RollupRepository::hours);
    }

    private static List<Hour> hours(RowSet<Row> rows) {
        List<Hour> hours = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> hours.add(new Hour(row.getString("customer_id"), row.getOffsetDateTime("hour"))));
        return hours;
    }

    /** Recomputes exactly the given hours, not their days. */
    public Uni<Written> recomputeHours(SqlConnection tx, List<Hour> hours) {
        if (hours.isEmpty()) {
            return Uni.createFrom().item(Written.NONE);
        }
        return tx.preparedQuery(HOURLY.formatted(INSERT, REPLACE, touched(Source.GIVEN.hours))).execute(given(hours))
                .map(rows -> rows.iterator().next())
                .map(row -> new Written(row.getLong("hours"), row.getLong("hourly_rows"), 0));
    }

    /** Recomputes the (local) days holding the given hours from their hourly rows. */
    public Uni<Written> recomputeDays(SqlConnection tx, List<Hour> hours) {
        if (hours.isEmpty()) {
            return Uni.createFrom().item(Written.NONE);
        }
        return tx.preparedQuery(DAILY.formatted(INSERT, REPLACE, Source.GIVEN.hours)).execute(given(hours))
                .map(rows -> new Written(0, 0, rows.iterator().next().getLong("daily_rows")));
    }

    /** The hours of {@code hours} that are not failed HOURLY buckets (failed DAILY buckets are left out by DAILY). */
    private static String touched(String hours) {
        return hours
                + "\nEXCEPT SELECT customer_id, period_start FROM aggregation_failed_buckets WHERE period = 'HOURLY'";
    }

    private static Tuple given(List<Hour> hours) {
        String[] customers = new String[hours.size()];
        OffsetDateTime[] starts = new OffsetDateTime[hours.size()];
        for (int i = 0; i < hours.size(); i++) {
            customers[i] = hours.get(i).customerId();
            starts[i] = hours.get(i).hour();
        }
        return Tuple.of(customers, starts);
    }
}

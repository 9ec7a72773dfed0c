package io.meterline.aggregation.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
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
 * <p>Every statement leaves out the buckets listed in aggregation_failed_buckets, so one known-bad bucket never
 * fails the set-based path; a retry takes its bucket off that list in the same savepoint before recomputing it.
 */
@ApplicationScoped
public class RollupRepository {

    /** Which usage rows select the hours a run recomputes. */
    public enum Source {
        /** Hours holding a row that changed (usage stored or re-priced, a charge, a refund) in [from, to). */
        CHANGED("""
                SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') AS hour FROM rollup_source
                WHERE changed_at >= $1 AND changed_at < $2"""),
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

    /** Hours given as two parallel arrays ($1 customers, $2 hour starts). */
    private static final String GIVEN =
            "SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS given(customer_id, hour)";

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

    /** Days (in UTC) are rebuilt from their hourly rows, already recomputed (or failed and left as they were). */
    private static final String DAILY = """
            WITH days AS (SELECT DISTINCT customer_id, date_trunc('day', hour, 'UTC') AS day FROM (%3$s) touched
                EXCEPT SELECT customer_id, period_start FROM aggregation_failed_buckets WHERE period = 'DAILY'),
            daily AS (
                %1$s
                SELECT h.customer_id, 'DAILY', d.day, h.event_type, h.feature_id, h.provider, h.model,
                       sum(h.event_count), sum(h.unpriced_count), sum(h.input_tokens), sum(h.cached_input_tokens),
                       sum(h.cache_write_tokens), sum(h.output_tokens), sum(h.quantity), sum(h.cost_usd), sum(h.credits), now()
                FROM days d
                JOIN usage_rollups h ON h.customer_id = d.customer_id AND h.period = 'HOURLY'
                     AND h.period_start >= d.day AND h.period_start < d.day + interval '1 day'
                GROUP BY h.customer_id, d.day, h.event_type, h.feature_id, h.provider, h.model
                %2$s
                RETURNING 1)
            SELECT count(*) AS daily_rows FROM daily""";

    /**
     * The set-based path: recomputes every hour (and its day) the source selects in [from, to), in two statements.
     * A data error in any bucket fails the whole call.
     */
    public Uni<Written> recompute(SqlConnection tx, Source source, OffsetDateTime from, OffsetDateTime to) {
        Tuple window = Tuple.of(from, to);
        return tx.preparedQuery(HOURLY.formatted(INSERT, REPLACE, touched(source.hours))).execute(window)
                .map(rows -> rows.iterator().next())
                .flatMap(hourly -> tx.preparedQuery(DAILY.formatted(INSERT, REPLACE, source.hours)).execute(window)
                        .map(rows -> new Written(hourly.getLong("hours"), hourly.getLong("hourly_rows"),
                                rows.iterator().next().getLong("daily_rows"))));
    }

    /** The hours {@link #recompute} would touch, ordered by customer and hour: the input of the per-bucket path. */
    public Uni<List<Hour>> touched(SqlConnection tx, Source source, OffsetDateTime from, OffsetDateTime to) {
        return tx.preparedQuery("SELECT customer_id, hour FROM (" + touched(source.hours) + ") touched ORDER BY 1, 2")
                .execute(Tuple.of(from, to)).map(rows -> {
                    List<Hour> hours = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> hours.add(
                            new Hour(row.getString("customer_id"), row.getOffsetDateTime("hour"))));
                    return hours;
                });
    }

    /** Recomputes exactly the given hours, not their days. */
    public Uni<Written> recomputeHours(SqlConnection tx, List<Hour> hours) {
        return tx.preparedQuery(HOURLY.formatted(INSERT, REPLACE, touched(GIVEN))).execute(given(hours))
                .map(rows -> rows.iterator().next())
                .map(row -> new Written(row.getLong("hours"), row.getLong("hourly_rows"), 0));
    }

    /** Recomputes the days holding the given hours from their hourly rows. */
    public Uni<Written> recomputeDays(SqlConnection tx, List<Hour> hours) {
        return tx.preparedQuery(DAILY.formatted(INSERT, REPLACE, GIVEN)).execute(given(hours))
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

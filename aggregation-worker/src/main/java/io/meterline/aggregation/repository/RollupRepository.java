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
 * <p>An incremental run recomputes exactly the hours marked in rollup_dirty (taken by {@link DirtyMarkRepository})
 * and the local days they overlap; a backfill recomputes every hour of an event-time range. Days are the
 * customer's local days in any zone: their whole UTC hours from hourly rows, their partial edge hours (a +5:30
 * zone's) from raw rows ({@link RollupStatements#DAILY}).
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

    /**
     * The set-based path: recomputes every hour (and its day) the source selects in [from, to), in two statements.
     * A data error in any bucket fails the whole call.
     */
    public Uni<Written> recompute(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        Tuple window = Tuple.of(from, to);
        return tx.preparedQuery(RollupStatements.hourly(touched(Source.IN_RANGE.hours))).execute(window)
                .map(rows -> rows.iterator().next())
                .flatMap(hourly -> tx.preparedQuery(RollupStatements.daily(Source.IN_RANGE.hours))
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

    /** The customers' local days of the given hours, as (customer, day start). */
    public Uni<List<Hour>> daysOf(SqlConnection tx, List<Hour> hours) {
        return tx.preparedQuery(RollupStatements.DAYS_OF.formatted(Source.GIVEN.hours)).execute(given(hours))
                .map(RollupRepository::hours);
    }

    /** The hours {@link #recompute} would touch, ordered by customer and hour: the input of the per-bucket path. */
    public Uni<List<Hour>> touched(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        return tx.preparedQuery("SELECT customer_id, hour FROM (" + touched(Source.IN_RANGE.hours)
                + ") touched ORDER BY 1, 2").execute(Tuple.of(from, to)).map(RollupRepository::hours);
    }

    static List<Hour> hours(RowSet<Row> rows) {
        List<Hour> hours = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> hours.add(new Hour(row.getString("customer_id"), row.getOffsetDateTime("hour"))));
        return hours;
    }

    /** Recomputes exactly the given hours, not their days. */
    public Uni<Written> recomputeHours(SqlConnection tx, List<Hour> hours) {
        if (hours.isEmpty()) {
            return Uni.createFrom().item(Written.NONE);
        }
        return tx.preparedQuery(RollupStatements.hourly(touched(Source.GIVEN.hours))).execute(given(hours))
                .map(rows -> rows.iterator().next())
                .map(row -> new Written(row.getLong("hours"), row.getLong("hourly_rows"), 0));
    }

    /** Recomputes the (local) days holding the given hours from their hourly rows. */
    public Uni<Written> recomputeDays(SqlConnection tx, List<Hour> hours) {
        if (hours.isEmpty()) {
            return Uni.createFrom().item(Written.NONE);
        }
        return tx.preparedQuery(RollupStatements.daily(Source.GIVEN.hours)).execute(given(hours))
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

package io.meterline.aggregation.webhooks;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.webhook.WebhookEvent;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces {@code aggregation.completed} for each (customer, hour or local day) that closed in an incremental run's
 * window: its end plus the grace falls in [from, to), from being no earlier than {@code to - lookback}. Runs in the
 * run's transaction, after the rollups were recomputed, so the totals announced are the ones stored and nothing is
 * announced by a run that rolls back. aggregation_closed_periods makes it once per period whatever the runs'
 * overlaps or instances. A period with no rollup rows when it closes is not announced; rows that arrive after the
 * close change the rollup and are announced by {@link UpdatedPeriods} (aggregation.updated); the totals announced
 * here are stored with the period's row, the baseline of that comparison. A period whose
 * bucket is listed as failing is left out, so wrong totals are never announced.
 */
@ApplicationScoped
public class ClosedPeriods {

    /**
     * Candidates are found by start time (index usage_rollups_period_start_idx) in a range wide enough for a
     * 25-hour local day, then kept when their end plus the grace falls in [lo, hi).
     */
    private static final String CLOSE = """
            WITH bounds AS (
                SELECT greatest($1::timestamptz, $2::timestamptz - $3 * interval '1 millisecond') AS lo, $2::timestamptz AS hi,
                       $4 * interval '1 millisecond' AS grace),
            candidates AS (
                SELECT r.customer_id, r.period, r.period_start, tz.name AS time_zone, %1$s AS period_end, %2$s
                FROM bounds b
                JOIN usage_rollups r ON r.period IN ('HOURLY', 'DAILY')
                     AND r.period_start >= b.lo - interval '25 hours' - b.grace
                     AND r.period_start < b.hi - interval '1 hour' - b.grace
                %3$s
                WHERE NOT EXISTS (SELECT 1 FROM aggregation_failed_buckets f WHERE f.customer_id = r.customer_id
                                  AND f.period = r.period AND f.period_start = r.period_start)
                GROUP BY r.customer_id, r.period, r.period_start, tz.name),
            closing AS (
                SELECT c.* FROM candidates c, bounds b
                WHERE c.period_end + b.grace >= b.lo AND c.period_end + b.grace < b.hi),
            closed AS (
                INSERT INTO aggregation_closed_periods (customer_id, period, period_start, totals)
                SELECT customer_id, period, period_start, totals FROM closing
                ON CONFLICT DO NOTHING
                RETURNING customer_id, period, period_start)
            SELECT c.* FROM closing c JOIN closed USING (customer_id, period, period_start)
            ORDER BY c.customer_id, c.period, c.period_start""".formatted(PeriodTotals.PERIOD_END, PeriodTotals.SUMS,
            PeriodTotals.ZONE);

    private final Duration grace;
    private final Duration lookback;

    public ClosedPeriods(WebhooksConfig config) {
        this.grace = config.completed().grace();
        this.lookback = config.completed().lookback();
    }

    /** Marks the periods closed in [from, to) and enqueues their announcements; answers how many closed. */
    public Uni<Integer> announce(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        return tx.preparedQuery(CLOSE).execute(Tuple.of(from, to, lookback.toMillis(), grace.toMillis()))
                .flatMap(rows -> {
                    List<WebhookEvent> events = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        events.add(event(row));
                    }
                    return WebhookOutbox.enqueueAll(tx, events).replaceWith(events.size());
                });
    }

    private WebhookEvent event(Row row) {
        OffsetDateTime end = row.getOffsetDateTime("period_end");
        return WebhookEvent.of(row.getString("customer_id"), WebhookEventTypes.AGGREGATION_COMPLETED,
                end.plus(grace).toInstant(), PeriodTotals.data(row));
    }
}

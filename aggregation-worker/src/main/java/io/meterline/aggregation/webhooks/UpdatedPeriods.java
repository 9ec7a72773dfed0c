package io.meterline.aggregation.webhooks;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.meterline.aggregation.repository.RollupRepository.Hour;
import io.meterline.aggregation.repository.RollupStatements;
import io.meterline.common.webhook.WebhookEvent;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces {@code aggregation.updated} for each closed period (already announced by aggregation.completed, so in
 * aggregation_closed_periods) that an incremental run recomputed with different totals: late usage, re-priced or
 * re-rated usage, a charge or a refund in a closed hour, and so in the local days it overlaps.
 *
 * <p>Once per change: the totals last announced are stored with the period (aggregation_closed_periods.totals)
 * and replaced in the same statement that finds the difference, in the run's transaction (which holds the
 * rollup's advisory lock), so a repeated run, a second instance, or a recomputation that changes nothing sends
 * nothing. A period whose bucket is listed as failing is left out (its totals are not trustworthy).
 */
@ApplicationScoped
public class UpdatedPeriods {

    private static final String UPDATE = """
            WITH given AS (
                SELECT DISTINCT customer_id, hour FROM unnest($1::text[], $2::timestamptz[]) AS g(customer_id, hour)),
            periods AS (
                SELECT customer_id, 'HOURLY' AS period, hour AS period_start FROM given
                UNION
                SELECT customer_id, 'DAILY', day FROM (%4$s) days),
            totals AS (
                SELECT r.customer_id, r.period, r.period_start, tz.name AS time_zone, %1$s AS period_end, %2$s
                FROM periods p
                JOIN aggregation_closed_periods c USING (customer_id, period, period_start)
                JOIN usage_rollups r USING (customer_id, period, period_start)
                %3$s
                WHERE NOT EXISTS (SELECT 1 FROM aggregation_failed_buckets f WHERE f.customer_id = r.customer_id
                                  AND f.period = r.period AND f.period_start = r.period_start)
                GROUP BY r.customer_id, r.period, r.period_start, tz.name),
            changed AS (
                UPDATE aggregation_closed_periods a SET totals = t.totals FROM totals t
                WHERE a.customer_id = t.customer_id AND a.period = t.period AND a.period_start = t.period_start
                  AND a.totals IS DISTINCT FROM t.totals
                RETURNING a.customer_id, a.period, a.period_start)
            SELECT t.*, clock_timestamp() AS occurred_at FROM totals t JOIN changed USING (customer_id, period, period_start)
            ORDER BY t.customer_id, t.period, t.period_start""".formatted(PeriodTotals.PERIOD_END, PeriodTotals.SUMS,
            PeriodTotals.ZONE, RollupStatements.DAYS_OF_HOURS.formatted("SELECT customer_id, hour FROM given"));

    /** Finds the closed periods of {@code hours} (and their days) whose totals changed and enqueues them. */
    public Uni<Integer> announce(SqlConnection tx, List<Hour> hours) {
        if (hours.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String[] customers = new String[hours.size()];
        OffsetDateTime[] starts = new OffsetDateTime[hours.size()];
        for (int i = 0; i < hours.size(); i++) {
            customers[i] = hours.get(i).customerId();
            starts[i] = hours.get(i).hour();
        }
        return tx.preparedQuery(UPDATE).execute(Tuple.of(customers, starts)).flatMap(rows -> {
            List<WebhookEvent> events = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                events.add(WebhookEvent.of(row.getString("customer_id"), WebhookEventTypes.AGGREGATION_UPDATED,
                        row.getOffsetDateTime("occurred_at").toInstant(), PeriodTotals.data(row)));
            }
            return WebhookOutbox.enqueueAll(tx, events).replaceWith(events.size());
        });
    }
}

package io.meterline.aggregation.webhooks;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.webhook.WebhookEvent;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces {@code aggregation.completed} for each (customer, hour or UTC day) that closed in an incremental run's
 * window: its end plus the grace falls in [from, to), from being no earlier than {@code to - lookback}. Runs in the
 * run's transaction, after the rollups were recomputed, so the totals announced are the ones stored and nothing is
 * announced by a run that rolls back. aggregation_closed_periods makes it once per period whatever the runs'
 * overlaps or instances. A period with no rollup rows when it closes is not announced; rows that arrive after the
 * close change the rollup but not this announcement (that is aggregation.updated, not sent yet). A period whose
 * bucket is listed as failing is left out, so wrong totals are never announced.
 */
@ApplicationScoped
public class ClosedPeriods {

    private static final String CLOSE = """
            WITH bounds AS (
                SELECT greatest($1::timestamptz, $2::timestamptz - $3 * interval '1 millisecond') AS lo, $2::timestamptz AS hi,
                       $4 * interval '1 millisecond' AS grace),
            candidates AS (
                SELECT r.customer_id, r.period, r.period_start, r.period_start + p.length AS period_end,
                       sum(r.event_count) AS event_count, sum(r.unpriced_count) AS unpriced_count,
                       sum(r.input_tokens) AS input_tokens, sum(r.cached_input_tokens) AS cached_input_tokens,
                       sum(r.cache_write_tokens) AS cache_write_tokens, sum(r.output_tokens) AS output_tokens,
                       sum(r.cost_usd) AS cost_usd, sum(r.credits) AS credits
                FROM bounds b
                CROSS JOIN (VALUES ('HOURLY', interval '1 hour'), ('DAILY', interval '1 day')) AS p(period, length)
                JOIN usage_rollups r ON r.period = p.period
                     AND r.period_start >= b.lo - p.length - b.grace AND r.period_start < b.hi - p.length - b.grace
                WHERE NOT EXISTS (SELECT 1 FROM aggregation_failed_buckets f WHERE f.customer_id = r.customer_id
                                  AND f.period = r.period AND f.period_start = r.period_start)
                GROUP BY r.customer_id, r.period, r.period_start, p.length),
            closed AS (
                INSERT INTO aggregation_closed_periods (customer_id, period, period_start)
                SELECT customer_id, period, period_start FROM candidates
                ON CONFLICT DO NOTHING
                RETURNING customer_id, period, period_start)
            SELECT c.* FROM candidates c JOIN closed USING (customer_id, period, period_start)
            ORDER BY c.customer_id, c.period, c.period_start""";

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
        OffsetDateTime start = row.getOffsetDateTime("period_start").withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = row.getOffsetDateTime("period_end").withOffsetSameInstant(ZoneOffset.UTC);
        JsonObject data = new JsonObject()
                .put("customer_id", row.getString("customer_id"))
                .put("period", "HOURLY".equals(row.getString("period")) ? "hourly" : "daily")
                .put("period_start", start.toInstant().toString())
                .put("period_end", end.toInstant().toString())
                .put("event_count", row.getBigDecimal("event_count").toBigIntegerExact())
                .put("unpriced_count", row.getBigDecimal("unpriced_count").toBigIntegerExact())
                .put("input_tokens", row.getBigDecimal("input_tokens").toBigIntegerExact())
                .put("cached_input_tokens", row.getBigDecimal("cached_input_tokens").toBigIntegerExact())
                .put("cache_write_tokens", row.getBigDecimal("cache_write_tokens").toBigIntegerExact())
                .put("output_tokens", row.getBigDecimal("output_tokens").toBigIntegerExact())
                .put("cost_usd", row.getBigDecimal("cost_usd").toPlainString())
                .put("credits", row.getBigDecimal("credits").toPlainString());
        return WebhookEvent.of(row.getString("customer_id"), WebhookEventTypes.AGGREGATION_COMPLETED,
                end.plus(grace).toInstant(), data);
    }
}

package io.meterline.aggregation.webhooks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The totals of one customer's closed period, as aggregation.completed and aggregation.updated carry them: one
 * SQL form (summed over the period's usage_rollups rows {@code r}, with the customer's zone {@code tz}) and one
 * payload, so the two events can never disagree on what a total is. The same sums, as JSONB, are stored in
 * aggregation_closed_periods.totals: a recomputation is a change exactly when they differ.
 */
final class PeriodTotals {

    /** The end of period {@code r}: an hour later, or the next local day's start in the customer's zone (V29). */
    static final String PERIOD_END = """
            CASE WHEN r.period = 'HOURLY' THEN r.period_start + interval '1 hour'
                 ELSE local_day_end(r.period_start, tz.name) END""";

    /** The customer's zone as {@code tz.name} (UTC for a customer without a row); joined LATERAL on r. */
    static final String ZONE = """
            CROSS JOIN LATERAL (SELECT coalesce(max(cu.time_zone), 'UTC') AS name FROM customers cu
                                WHERE cu.id = r.customer_id) tz""";

    /** Summed columns of the period's rows, for a GROUP BY customer, period, period_start, tz.name. */
    static final String SUMS = """
            sum(r.event_count) AS event_count, sum(r.unpriced_count) AS unpriced_count,
            sum(r.input_tokens) AS input_tokens, sum(r.cached_input_tokens) AS cached_input_tokens,
            sum(r.cache_write_tokens) AS cache_write_tokens, sum(r.output_tokens) AS output_tokens,
            sum(r.cost_usd) AS cost_usd, sum(r.credits) AS credits,
            jsonb_build_object('event_count', sum(r.event_count), 'unpriced_count', sum(r.unpriced_count),
                'input_tokens', sum(r.input_tokens), 'cached_input_tokens', sum(r.cached_input_tokens),
                'cache_write_tokens', sum(r.cache_write_tokens), 'output_tokens', sum(r.output_tokens),
                'cost_usd', sum(r.cost_usd), 'credits', sum(r.credits)) AS totals""";

    private PeriodTotals() {
    }

    /** The event's data: customer, period (hourly/daily), its bounds, the daily period's zone, and the totals. */
    static JsonObject data(Row row) {
        OffsetDateTime start = row.getOffsetDateTime("period_start").withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = row.getOffsetDateTime("period_end").withOffsetSameInstant(ZoneOffset.UTC);
        boolean hourly = "HOURLY".equals(row.getString("period"));
        JsonObject data = new JsonObject()
                .put("customer_id", row.getString("customer_id"))
                .put("period", hourly ? "hourly" : "daily")
                .put("period_start", start.toInstant().toString())
                .put("period_end", end.toInstant().toString());
        if (!hourly) {
            data.put("time_zone", row.getString("time_zone"));
        }
        return data
                .put("event_count", row.getBigDecimal("event_count").toBigIntegerExact())
                .put("unpriced_count", row.getBigDecimal("unpriced_count").toBigIntegerExact())
                .put("input_tokens", row.getBigDecimal("input_tokens").toBigIntegerExact())
                .put("cached_input_tokens", row.getBigDecimal("cached_input_tokens").toBigIntegerExact())
                .put("cache_write_tokens", row.getBigDecimal("cache_write_tokens").toBigIntegerExact())
                .put("output_tokens", row.getBigDecimal("output_tokens").toBigIntegerExact())
                .put("cost_usd", row.getBigDecimal("cost_usd").toPlainString())
                .put("credits", row.getBigDecimal("credits").toPlainString());
    }
}

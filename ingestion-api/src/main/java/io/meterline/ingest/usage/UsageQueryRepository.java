package io.meterline.ingest.usage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.meterline.ingest.events.EventRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Read-only queries over usage_events (admin inspection) and usage_rollups (customer usage). */
@ApplicationScoped
public class UsageQueryRepository {

    /** The dimension a rollup query groups by; SQL fragments come only from this enum, never from input. */
    public enum Grouping {
        NONE("''::text", "''::text"), FEATURE("feature_id", "''::text"), MODEL("provider", "model"),
        EVENT_TYPE("event_type", "''::text");

        final String first;
        final String second;

        Grouping(String first, String second) {
            this.first = first;
            this.second = second;
        }
    }

    /**
     * One group of one period; {@code first}/{@code second} are the grouping's values ('' when unused). Token sums
     * are NUMERIC in usage_rollups and may pass the long range, so they are exact BigIntegers.
     */
    public record BucketRow(Instant periodStart, String first, String second, long eventCount, long unpricedCount,
            BigInteger inputTokens, BigInteger cachedInputTokens, BigInteger cacheWriteTokens, BigInteger outputTokens,
            BigDecimal quantity, BigDecimal credits) {
    }

    /** The keyset position of an event in newest-first order. */
    public record EventKey(Instant eventTime, String customerId, String dedupKey) {
    }

    /**
     * Events newest first (event_time, then customer and dedup key), each filter applying when not null. REJECTED
     * rows (no event_time: the worker could not read the event) are listed under /v1/admin/dead-letters instead.
     */
    public Uni<List<EventRow>> events(SqlClient sql, String customerId, String status, Instant from, Instant to,
            EventKey after, int limit) {
        return sql.preparedQuery("""
                SELECT * FROM usage_events
                WHERE event_time IS NOT NULL AND ($1::text IS NULL OR customer_id = $1) AND ($2::text IS NULL OR status = $2)
                  AND ($3::timestamptz IS NULL OR event_time >= $3) AND ($4::timestamptz IS NULL OR event_time < $4)
                  AND ($5::timestamptz IS NULL OR (event_time, customer_id, dedup_key) < ($5, $6, $7))
                ORDER BY event_time DESC, customer_id DESC, dedup_key DESC
                LIMIT $8
                """).execute(Tuple.from(Arrays.asList(customerId, status, utc(from), utc(to),
                        after == null ? null : utc(after.eventTime()), after == null ? null : after.customerId(),
                        after == null ? null : after.dedupKey(), limit)))
                .map(rows -> {
                    List<EventRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(EventRow.from(row)));
                    return list;
                });
    }

    /** A customer's rollups of one period in [from, to), summed per period and group, in keyset order. */
    public Uni<List<BucketRow>> buckets(SqlClient sql, String customerId, String period, Instant from, Instant to,
            Grouping grouping, BucketRow after, int limit) {
        String keys = "(period_start, " + grouping.first + ", " + grouping.second + ")";
        return sql.preparedQuery("SELECT period_start, " + grouping.first + " AS first, " + grouping.second
                + " AS second, " + """
                sum(event_count)::bigint AS event_count, sum(unpriced_count)::bigint AS unpriced_count,
                       sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
                       sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens,
                       sum(quantity) AS quantity, sum(credits) AS credits
                FROM usage_rollups
                WHERE customer_id = $1 AND period = $2 AND period_start >= $3 AND period_start < $4
                  AND ($5::timestamptz IS NULL OR\s""" + keys + " > ($5, $6::text, $7::text))\n"
                + "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LIMIT $8")
                .execute(Tuple.from(Arrays.asList(customerId, period, utc(from), utc(to),
                        after == null ? null : utc(after.periodStart()), after == null ? null : after.first(),
                        after == null ? null : after.second(), limit)))
                .map(rows -> {
                    List<BucketRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(new BucketRow(row.getOffsetDateTime("period_start").toInstant(),
                            row.getString("first"), row.getString("second"), row.getLong("event_count"),
                            row.getLong("unpriced_count"), integer(row, "input_tokens"),
                            integer(row, "cached_input_tokens"), integer(row, "cache_write_tokens"),
                            integer(row, "output_tokens"), row.getBigDecimal("quantity"), row.getBigDecimal("credits"))));
                    return list;
                });
    }

    /** The customer's time zone (its daily rollups' days); UTC for an unknown customer. */
    public Uni<String> timeZone(SqlClient sql, String customerId) {
        return sql.preparedQuery("SELECT coalesce(max(time_zone), 'UTC') AS time_zone FROM customers WHERE id = $1")
                .execute(Tuple.of(customerId)).map(rows -> rows.iterator().next().getString("time_zone"));
    }

    /** A NUMERIC(38,0) sum, exactly. */
    private static BigInteger integer(Row row, String column) {
        return row.getBigDecimal(column).toBigIntegerExact();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

package io.meterline.aggregation.repository;

import java.time.OffsetDateTime;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Recomputes rollups from usage_events, the source of truth. Each statement rebuilds whole periods
 * (an hour of one customer, then the day around it) and upserts them, so running it twice, or for a period
 * that gets a late event, gives the same rows as running it once after the last event: idempotent by construction.
 */
@ApplicationScoped
public class RollupRepository {

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

    /** Hours (per customer) holding a usage row that changed in [from, to). */
    private static final String CHANGED = """
            SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') AS hour FROM usage_events
            WHERE coalesce(priced_at, processed_at) >= $1 AND coalesce(priced_at, processed_at) < $2""";

    /** Hours (per customer) holding any usage row with event_time in [from, to): a backfill. */
    private static final String IN_RANGE = """
            SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') AS hour FROM usage_events
            WHERE event_time >= $1 AND event_time < $2""";

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
                JOIN usage_events u ON u.customer_id = t.customer_id
                     AND u.event_time >= t.hour AND u.event_time < t.hour + interval '1 hour'
                GROUP BY u.customer_id, t.hour, u.event_type, u.feature_id, coalesce(u.provider, ''), coalesce(u.model, '')
                %2$s
                RETURNING 1)
            SELECT count(*) AS hourly_rows, (SELECT count(*) FROM touched) AS hours FROM hourly""";

    /** Days are rebuilt from the (already recomputed) hourly rows of the touched days, in UTC. */
    private static final String DAILY = """
            WITH days AS (SELECT DISTINCT customer_id, date_trunc('day', hour, 'UTC') AS day FROM (%3$s) touched),
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

    /** Rows written by one recomputation. */
    public record Written(long hours, long hourlyRows, long dailyRows) {
        public long total() {
            return hourlyRows + dailyRows;
        }
    }

    /** Recomputes every hour (and its day) holding a usage row changed in [from, to). */
    public Uni<Written> recomputeChanged(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        return recompute(tx, CHANGED, from, to);
    }

    /** Recomputes every hour (and its day) holding a usage row whose event_time is in [from, to). */
    public Uni<Written> recomputeRange(SqlConnection tx, OffsetDateTime from, OffsetDateTime to) {
        return recompute(tx, IN_RANGE, from, to);
    }

    private Uni<Written> recompute(SqlConnection tx, String touched, OffsetDateTime from, OffsetDateTime to) {
        Tuple window = Tuple.of(from, to);
        return tx.preparedQuery(HOURLY.formatted(INSERT, REPLACE, touched)).execute(window)
                .map(rows -> rows.iterator().next())
                .flatMap(hourly -> tx.preparedQuery(DAILY.formatted(INSERT, REPLACE, touched)).execute(window)
                        .map(rows -> new Written(hourly.getLong("hours"), hourly.getLong("hourly_rows"),
                                rows.iterator().next().getLong("daily_rows"))));
    }
}

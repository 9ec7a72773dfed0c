package io.meterline.ingest.stats;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The read-only SQL of the stats: one statement, set-based, answering long-form figures {@code (period_start,
 * metric, value)} that {@link StatsService} arranges. Ledger figures are by the ledger rows' created_at (when the
 * credits moved), usage cost by the usage rows' pricing time (the same transaction as their BURN row).
 *
 * <p>Metrics: {@code granted:<source>} (TOP_UP rows are PURCHASE, positive ADJUSTMENT rows ADJUSTMENT, GRANT rows
 * the source of their grant, found by their key {@code grant:<grant_id>}), the signed sums of the other ledger
 * types ({@code burn, charge, refund, expire, void, rerate, adjusted} for negative adjustments), {@code net} (all
 * rows), {@code active} (customers with a BURN or CHARGE row), {@code cost_usd}; and, without a period, {@code
 * later} (the sum of every row at or after {@code to}) and {@code balance} (the wallets' balances now), from which
 * the outstanding balance at each period end follows: balance − later − the nets of the periods after it.
 */
@ApplicationScoped
public class StatsRepository {

    /** One figure; periodStart null for the whole range (later, balance, credits_per_usd). */
    public record Figure(Instant periodStart, String metric, BigDecimal value) {
    }

    private static final String FIGURES = """
            WITH moved AS MATERIALIZED (
                SELECT date_trunc($3, t.created_at, 'UTC') AS period_start, t.customer_id, t.type, t.amount,
                       CASE WHEN t.type = 'TOP_UP' THEN 'granted:PURCHASE'
                            WHEN t.type = 'GRANT' THEN 'granted:' || coalesce(g.source, 'ADJUSTMENT')
                            WHEN t.type = 'ADJUSTMENT' AND t.amount > 0 THEN 'granted:ADJUSTMENT'
                            WHEN t.type = 'ADJUSTMENT' THEN 'adjusted'
                            ELSE lower(t.type) END AS metric
                FROM wallet_transactions t
                LEFT JOIN credit_grants g ON t.type = 'GRANT' AND g.customer_id = t.customer_id
                                         AND g.grant_id = substr(t.idempotency_key, 7)
                WHERE t.created_at >= $1 AND t.created_at < $2 AND ($4::text IS NULL OR t.customer_id = $4)
            )
            SELECT period_start, metric, sum(amount) AS value FROM moved GROUP BY 1, 2
            UNION ALL
            SELECT period_start, 'net', sum(amount) FROM moved GROUP BY 1
            UNION ALL
            SELECT period_start, 'active', count(DISTINCT customer_id) FROM moved
            WHERE type IN ('BURN', 'CHARGE') GROUP BY 1
            UNION ALL
            SELECT date_trunc($3, coalesce(priced_at, processed_at), 'UTC'), 'cost_usd', sum(cost_usd)
            FROM usage_events
            WHERE status = 'PRICED' AND coalesce(priced_at, processed_at) >= $1
              AND coalesce(priced_at, processed_at) < $2 AND ($4::text IS NULL OR customer_id = $4)
            GROUP BY 1
            UNION ALL
            SELECT NULL, 'later', coalesce(sum(amount), 0) FROM wallet_transactions
            WHERE created_at >= $2 AND ($4::text IS NULL OR customer_id = $4)
            UNION ALL
            SELECT NULL, 'balance', coalesce(sum(balance), 0) FROM wallets WHERE $4::text IS NULL OR customer_id = $4
            UNION ALL
            SELECT NULL, 'credits_per_usd', credits_per_usd FROM billing_settings
            """;

    /** The figures of [from, to) by UTC {@code unit} ("day" or "month"), for one customer or (null) all. */
    public Uni<List<Figure>> figures(SqlClient sql, Instant from, Instant to, String unit, String customerId) {
        return sql.preparedQuery(FIGURES).execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                unit, customerId)).map(rows -> {
                    List<Figure> figures = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> figures.add(new Figure(row.getOffsetDateTime("period_start") == null ? null
                            : row.getOffsetDateTime("period_start").toInstant(), row.getString("metric"),
                            row.getBigDecimal("value"))));
                    return figures;
                });
    }

    /** Whether the customer exists. */
    public Uni<Boolean> customerExists(SqlClient sql, String customerId) {
        return sql.preparedQuery("SELECT 1 FROM customers WHERE id = $1").execute(Tuple.of(customerId))
                .map(rows -> rows.rowCount() == 1);
    }
}

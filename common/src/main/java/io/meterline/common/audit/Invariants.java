package io.meterline.common.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The billing invariants as queries over the whole database (or one customer's part of it): what the audit
 * ({@code GET /v1/admin/audit}, {@code ./scripts/audit}) reports and what every integration test asserts after
 * its scenario. Each query lists the violating places in a CTE {@code v(example)}; {@link #check} counts them all
 * and keeps the first few. Read-only; every query scans what it checks: an operator's tool, not a hot path.
 */
public final class Invariants {

    /** Parameters of every check: $1 customer ids (text[]) or null (all), $2 settle interval (text), $3 examples. */
    private record Check(String name, String invariant, String violations) {
    }

    private static final String CUSTOMER = "($1::text[] IS NULL OR customer_id = ANY($1))";
    /** The same filter on a query whose rollup table is aliased h (its customer_id would be ambiguous). */
    private static final String CUSTOMER_OF_H = "($1::text[] IS NULL OR h.customer_id = ANY($1))";

    private static final List<Check> CHECKS = List.of(
            new Check("ledger_chain",
                    "read in seq order, each ledger row's balance_before is the previous row's balance_after "
                            + "(0 for the first) and seq runs 1, 2, 3, ... per wallet",
                    """
                    SELECT customer_id || ' seq ' || seq AS example FROM (
                        SELECT customer_id, seq, balance_before,
                               lag(balance_after) OVER w AS prev_after, lag(seq) OVER w AS prev_seq
                        FROM wallet_transactions WHERE %1$s
                        WINDOW w AS (PARTITION BY customer_id ORDER BY seq)) t
                    WHERE balance_before <> coalesce(prev_after, 0) OR seq <> coalesce(prev_seq, 0) + 1
                    """),
            new Check("ledger_balance",
                    "each wallet's balance and ledger_seq are its last ledger row's balance_after and seq",
                    """
                    SELECT w.customer_id || ' balance ' || w.balance || ' ledger ' || coalesce(l.balance_after, 0)
                        AS example
                    FROM wallets w
                    LEFT JOIN LATERAL (SELECT balance_after, seq FROM wallet_transactions t
                                       WHERE t.customer_id = w.customer_id ORDER BY seq DESC LIMIT 1) l ON true
                    WHERE ($1::text[] IS NULL OR w.customer_id = ANY($1))
                      AND (w.balance <> coalesce(l.balance_after, 0) OR w.ledger_seq <> coalesce(l.seq, 0))
                    """),
            new Check("grants_match_balance",
                    "each wallet's balance is the sum of its grants' remaining amounts minus its overdraft, and its "
                            + "overdraft is minus the sum of its overdraft allocations",
                    """
                    SELECT w.customer_id || ' balance ' || w.balance || ' grants ' || coalesce(g.remaining, 0)
                        || ' overdraft ' || w.overdraft || ' allocated ' || coalesce(-o.amount, 0) AS example
                    FROM wallets w
                    LEFT JOIN (SELECT customer_id, sum(remaining) AS remaining FROM credit_grants WHERE %1$s
                               GROUP BY customer_id) g ON g.customer_id = w.customer_id
                    LEFT JOIN (SELECT customer_id, sum(amount) AS amount FROM ledger_allocations
                               WHERE grant_id IS NULL AND %1$s GROUP BY customer_id) o ON o.customer_id = w.customer_id
                    WHERE ($1::text[] IS NULL OR w.customer_id = ANY($1))
                      AND (w.balance <> coalesce(g.remaining, 0) - w.overdraft OR w.overdraft <> coalesce(-o.amount, 0))
                    """),
            new Check("allocations_match_rows",
                    "each ledger row's allocations to grants and the overdraft sum to its amount",
                    """
                    SELECT t.customer_id || ' ledger id ' || t.id || ' amount ' || t.amount || ' allocated '
                        || coalesce(a.amount, 0) AS example
                    FROM wallet_transactions t
                    LEFT JOIN (SELECT tx_id, sum(amount) AS amount FROM ledger_allocations WHERE %1$s
                               GROUP BY tx_id) a ON a.tx_id = t.id
                    WHERE ($1::text[] IS NULL OR t.customer_id = ANY($1)) AND t.amount <> coalesce(a.amount, 0)
                    """),
            new Check("grant_remaining_matches_allocations",
                    "each grant's remaining amount is the sum of its allocations, and every allocation names a grant "
                            + "of its own wallet (or the overdraft)",
                    """
                    SELECT coalesce(g.customer_id, a.customer_id) || ' grant ' || coalesce(g.grant_id, a.grant_id)
                        || ' remaining ' || coalesce(g.remaining::text, 'none') || ' allocated '
                        || coalesce(a.amount, 0) AS example
                    FROM (SELECT customer_id, grant_id, remaining FROM credit_grants WHERE %1$s) g
                    FULL JOIN (SELECT customer_id, grant_id, sum(amount) AS amount FROM ledger_allocations
                               WHERE grant_id IS NOT NULL AND %1$s GROUP BY customer_id, grant_id) a
                           ON a.customer_id = g.customer_id AND a.grant_id = g.grant_id
                    WHERE g.remaining IS DISTINCT FROM coalesce(a.amount, 0)
                    """),
            new Check("expired_grants_at_zero",
                    "a grant that is EXPIRED, VOIDED or not yet posted (PENDING) holds nothing, and no grant "
                            + "holds anything longer than the settle interval after its expires_at",
                    """
                    SELECT customer_id || ' grant ' || grant_id || ' ' || state || ' remaining ' || remaining
                        AS example
                    FROM credit_grants
                    WHERE %1$s AND remaining <> 0
                      AND (state <> 'ACTIVE' OR expires_at + $2::text::interval < now())
                    """),
            new Check("plan_periods_match_grants",
                    "each subscription period has its PLAN grant of the period's credits plus carried, effective at "
                            + "the period's start; a subscription's periods follow one another from starts_at without "
                            + "gap or overlap, and its next_period_start is the last one's end",
                    """
                    SELECT p.customer_id || ' subscription ' || p.subscription_id || ' period ' || p.period_start
                        || ' grant ' || coalesce(g.source || ' ' || g.amount, 'none') AS example
                    FROM (SELECT *, lag(period_end) OVER (PARTITION BY subscription_id ORDER BY period_start) AS prev_end
                          FROM subscription_periods WHERE %1$s) p
                    JOIN subscriptions s ON s.id = p.subscription_id
                    LEFT JOIN credit_grants g ON g.customer_id = p.customer_id AND g.grant_id = p.grant_id
                    WHERE g.grant_id IS NULL OR g.source <> 'PLAN' OR g.amount <> p.credits + p.carried
                       OR g.effective_at <> p.period_start OR p.period_start <> coalesce(p.prev_end, s.starts_at)
                    UNION ALL
                    SELECT s.customer_id || ' subscription ' || s.id || ' next period ' || s.next_period_start
                    FROM subscriptions s
                    LEFT JOIN LATERAL (SELECT max(period_end) AS last_end FROM subscription_periods p
                                       WHERE p.subscription_id = s.id) l ON true
                    WHERE ($1::text[] IS NULL OR s.customer_id = ANY($1)) AND s.next_period_start <> coalesce(l.last_end, s.starts_at)
                    """),
            new Check("holds_match_reservations",
                    "each wallet's held credits are the sum of the estimates of its OPEN reservations",
                    """
                    SELECT w.customer_id || ' held ' || w.held || ' open ' || coalesce(r.estimate, 0) AS example
                    FROM wallets w
                    LEFT JOIN (SELECT customer_id, sum(estimate) AS estimate FROM reservations
                               WHERE status = 'OPEN' AND %1$s GROUP BY customer_id) r ON r.customer_id = w.customer_id
                    WHERE ($1::text[] IS NULL OR w.customer_id = ANY($1)) AND w.held <> coalesce(r.estimate, 0)
                    """),
            new Check("burn_matches_usage",
                    "each BURN row's amount is minus the sum of the credits its usage rows were first charged "
                            + "(original_credits once re-rated), and its event_count their number",
                    """
                    SELECT t.customer_id || ' ledger id ' || t.id || ' amount ' || t.amount || ' usage '
                        || coalesce(-u.credits, 0) AS example
                    FROM wallet_transactions t
                    LEFT JOIN (SELECT customer_id, ledger_tx_id, sum(coalesce(original_credits, credits)) AS credits,
                                      count(*) AS n
                               FROM usage_events WHERE status = 'PRICED' AND ledger_tx_id IS NOT NULL AND %1$s
                               GROUP BY customer_id, ledger_tx_id) u
                           ON u.customer_id = t.customer_id AND u.ledger_tx_id = t.id
                    WHERE t.type = 'BURN' AND ($1::text[] IS NULL OR t.customer_id = ANY($1))
                      AND (u.credits IS NULL OR -t.amount <> u.credits OR t.event_count <> u.n)
                    """),
            new Check("rerate_matches_items",
                    "each RERATE row's amount is the sum of old minus new credits of the re-rated events linked to "
                            + "it, and its event_count their number; every event of a finished job is settled",
                    """
                    SELECT t.customer_id || ' ledger id ' || t.id || ' amount ' || t.amount || ' items '
                        || coalesce(i.diff, 0) AS example
                    FROM wallet_transactions t
                    LEFT JOIN (SELECT customer_id, ledger_tx_id, sum(old_credits - new_credits) AS diff, count(*) AS n
                               FROM rerate_items WHERE ledger_tx_id IS NOT NULL AND %1$s
                               GROUP BY customer_id, ledger_tx_id) i
                           ON i.customer_id = t.customer_id AND i.ledger_tx_id = t.id
                    WHERE t.type = 'RERATE' AND ($1::text[] IS NULL OR t.customer_id = ANY($1))
                      AND (i.diff IS NULL OR t.amount <> i.diff OR t.event_count <> i.n)
                    UNION ALL
                    SELECT i.customer_id || ' ' || i.dedup_key || ' job ' || i.job_id || ' not settled'
                    FROM rerate_items i JOIN rerate_jobs j ON j.id = i.job_id
                    WHERE j.status = 'SUCCEEDED' AND i.ledger_tx_id IS NULL
                      AND ($1::text[] IS NULL OR i.customer_id = ANY($1))
                    """),
            new Check("rerated_usage_matches_items",
                    "a re-rated usage row's credits are its original credits plus the differences of its settled "
                            + "re-rating items (rows with an item still being settled are skipped)",
                    """
                    SELECT u.customer_id || ' ' || u.dedup_key || ' credits ' || u.credits || ' original '
                        || coalesce(u.original_credits, u.credits) || ' re-rated by ' || coalesce(d.diff, 0) AS example
                    FROM usage_events u
                    LEFT JOIN (SELECT customer_id, dedup_key, sum(new_credits - old_credits) AS diff,
                                      bool_and(ledger_tx_id IS NOT NULL) AS settled
                               FROM rerate_items WHERE %1$s GROUP BY customer_id, dedup_key) d
                           ON d.customer_id = u.customer_id AND d.dedup_key = u.dedup_key
                    WHERE u.status = 'PRICED' AND ($1::text[] IS NULL OR u.customer_id = ANY($1))
                      AND (u.original_credits IS NOT NULL OR d.diff IS NOT NULL) AND coalesce(d.settled, true)
                      AND u.credits <> coalesce(u.original_credits, u.credits) + coalesce(d.diff, 0)
                    """),
            new Check("priced_has_burn",
                    "every PRICED usage row is charged by a BURN row of its own wallet",
                    """
                    SELECT u.customer_id || ' ' || u.dedup_key AS example FROM usage_events u
                    WHERE u.status = 'PRICED' AND ($1::text[] IS NULL OR u.customer_id = ANY($1))
                      AND NOT EXISTS (SELECT 1 FROM wallet_transactions t WHERE t.id = u.ledger_tx_id
                                      AND t.customer_id = u.customer_id AND t.type = 'BURN')
                    """),
            new Check("duplicates_point_at_stored",
                    "each event recorded as a reused idempotency key (usage_duplicates, never billed) names a stored "
                            + "usage row of its customer with the same key and another event id, and has no "
                            + "usage row of its own",
                    """
                    SELECT d.customer_id || ' ' || d.event_id AS example FROM usage_duplicates d
                    WHERE ($1::text[] IS NULL OR d.customer_id = ANY($1))
                      AND (NOT EXISTS (SELECT 1 FROM usage_events u WHERE u.customer_id = d.customer_id
                                         AND u.dedup_key = d.dedup_key AND u.event_id = d.duplicate_of
                                         AND u.event_id <> d.event_id)
                           OR EXISTS (SELECT 1 FROM usage_events u WHERE u.customer_id = d.customer_id
                                        AND u.event_id = d.event_id))
                    """),
            new Check("charge_refund_ledger",
                    "each charge has its CHARGE ledger row (minus its amount) and each refund its REFUND row (its "
                            + "amount), on its own wallet, and every CHARGE and REFUND row belongs to one of them",
                    """
                    WITH item AS (
                        SELECT customer_id, ledger_tx_id, 'CHARGE' AS type, -amount AS amount,
                               'charge ' || request_id AS name FROM charges WHERE %1$s
                        UNION ALL
                        SELECT customer_id, ledger_tx_id, 'REFUND', amount, 'refund ' || refund_id FROM refunds WHERE %1$s
                    ), posted AS (
                        SELECT customer_id, id, type, amount FROM wallet_transactions
                        WHERE type IN ('CHARGE', 'REFUND') AND %1$s
                    )
                    SELECT coalesce(i.customer_id, p.customer_id) || ' '
                        || coalesce(i.name, 'ledger id ' || p.id || ' without its ' || lower(p.type)) AS example
                    FROM item i FULL JOIN posted p ON p.id = i.ledger_tx_id
                    WHERE p.id IS NULL OR i.ledger_tx_id IS NULL OR p.customer_id <> i.customer_id
                       OR p.type <> i.type OR p.amount <> i.amount
                    """),
            new Check("refunds_within_original",
                    "the refunds of a charge or of a usage event add up to at most what it cost, and a refunded "
                            + "event is PRICED",
                    """
                    SELECT r.customer_id || coalesce(' charge ' || r.charge_request_id, ' event ' || r.event_dedup_key)
                        || ' refunded ' || sum(r.amount) || ' of ' || coalesce(min(c.amount), min(u.credits), 0)
                        AS example
                    FROM refunds r
                    LEFT JOIN charges c ON c.customer_id = r.customer_id AND c.request_id = r.charge_request_id
                    LEFT JOIN usage_events u ON u.customer_id = r.customer_id AND u.dedup_key = r.event_dedup_key
                                            AND u.status = 'PRICED'
                    WHERE ($1::text[] IS NULL OR r.customer_id = ANY($1))
                    GROUP BY r.customer_id, r.charge_request_id, r.event_dedup_key
                    HAVING sum(r.amount) > coalesce(min(c.amount), min(u.credits), 0)
                    """),
            new Check("rollup_hourly",
                    "each hourly rollup whose raw rows settled equals the raw sums of its bucket, and every settled "
                            + "bucket has its rollup (raw rows: rollup_source, usage plus charges and refunds)",
                    """
                    WITH raw AS (
                        SELECT customer_id, date_trunc('hour', event_time, 'UTC') AS hour, event_type, feature_id,
                               coalesce(provider, '') AS provider, coalesce(model, '') AS model,
                               count(*) AS event_count, count(*) FILTER (WHERE status = 'UNPRICED') AS unpriced_count,
                               sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
                               sum(cache_write_tokens) AS cache_write_tokens, sum(output_tokens) AS output_tokens,
                               coalesce(sum(quantity), 0) AS quantity, coalesce(sum(cost_usd), 0) AS cost_usd,
                               coalesce(sum(credits), 0) AS credits, max(changed_at) AS changed
                        FROM rollup_source WHERE %1$s AND status IN ('PRICED', 'UNPRICED')
                        GROUP BY 1, 2, 3, 4, 5, 6
                    ), roll AS (
                        SELECT customer_id, period_start AS hour, event_type, feature_id, provider, model, event_count,
                               unpriced_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                               quantity, cost_usd, credits, updated_at
                        FROM usage_rollups WHERE period = 'HOURLY' AND %1$s
                    ), hours AS (
                        SELECT coalesce(c.customer_id, r.customer_id) AS customer_id, coalesce(c.hour, r.hour) AS hour,
                               c.changed, r.computed
                        FROM (SELECT customer_id, hour, max(changed) AS changed FROM raw GROUP BY 1, 2) c
                        FULL JOIN (SELECT customer_id, hour, max(updated_at) AS computed FROM roll GROUP BY 1, 2) r
                               ON r.customer_id = c.customer_id AND r.hour = c.hour
                    ), settled AS (
                        SELECT customer_id, hour FROM hours
                        WHERE CASE WHEN computed IS NULL
                                   THEN changed + $2::text::interval < (SELECT max(to_time) FROM aggregation_jobs
                                                                 WHERE status = 'SUCCEEDED' AND trigger = 'SCHEDULE')
                                   ELSE changed IS NULL OR changed + $2::text::interval < computed END
                    )
                    SELECT coalesce(a.customer_id, b.customer_id) || ' ' || coalesce(a.hour, b.hour) || ' '
                        || coalesce(a.event_type, b.event_type) || '/' || coalesce(a.feature_id, b.feature_id) || '/'
                        || coalesce(a.provider, b.provider) || '/' || coalesce(a.model, b.model) AS example
                    FROM raw a
                    FULL JOIN roll b ON b.customer_id = a.customer_id AND b.hour = a.hour AND b.event_type = a.event_type
                         AND b.feature_id = a.feature_id AND b.provider = a.provider AND b.model = a.model
                    JOIN settled s ON s.customer_id = coalesce(a.customer_id, b.customer_id)
                                  AND s.hour = coalesce(a.hour, b.hour)
                    WHERE (a.event_count, a.unpriced_count, a.input_tokens, a.cached_input_tokens, a.cache_write_tokens,
                           a.output_tokens, a.quantity, a.cost_usd, a.credits)
                          IS DISTINCT FROM
                          (b.event_count, b.unpriced_count, b.input_tokens, b.cached_input_tokens, b.cache_write_tokens,
                           b.output_tokens, b.quantity, b.cost_usd, b.credits)
                    """),
            new Check("top_up_once_per_crossing",
                    "between two auto top-up requests of a wallet a TOP_UP or GRANT row was posted, and a wallet's "
                            + "top_up_requested_id names one of its requests",
                    """
                    SELECT r.customer_id || ' request ' || r.request_id AS example FROM (
                        SELECT customer_id, request_id, ledger_seq, lag(ledger_seq) OVER w AS prev_seq
                        FROM top_up_requests WHERE %1$s
                        WINDOW w AS (PARTITION BY customer_id ORDER BY ledger_seq, created_at)) r
                    WHERE r.prev_seq IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM wallet_transactions t
                        WHERE t.customer_id = r.customer_id AND t.type IN ('TOP_UP', 'GRANT') AND t.amount > 0
                          AND t.seq > r.prev_seq AND t.seq <= r.ledger_seq)
                    UNION ALL
                    SELECT w.customer_id || ' requested ' || w.top_up_requested_id FROM wallets w
                    WHERE ($1::text[] IS NULL OR w.customer_id = ANY($1)) AND w.top_up_requested_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM top_up_requests r WHERE r.customer_id = w.customer_id
                                                                      AND r.request_id = w.top_up_requested_id)
                    """),
            new Check("rollup_daily",
                    "each daily rollup whose raw rows settled equals the raw sums of its local day (the customer's "
                            + "time_zone, any offset: local_day_start, V29), and every settled day has its rollup",
                    """
                    WITH raw AS (
                        SELECT h.customer_id, local_day_start(h.event_time, coalesce(c.time_zone, 'UTC')) AS day,
                               h.event_type, h.feature_id, coalesce(h.provider, '') AS provider,
                               coalesce(h.model, '') AS model, count(*) AS event_count,
                               count(*) FILTER (WHERE h.status = 'UNPRICED') AS unpriced_count,
                               sum(h.input_tokens) AS input_tokens, sum(h.cached_input_tokens) AS cached_input_tokens,
                               sum(h.cache_write_tokens) AS cache_write_tokens, sum(h.output_tokens) AS output_tokens,
                               coalesce(sum(h.quantity), 0) AS quantity, coalesce(sum(h.cost_usd), 0) AS cost_usd,
                               coalesce(sum(h.credits), 0) AS credits, max(h.changed_at) AS changed
                        FROM rollup_source h LEFT JOIN customers c ON c.id = h.customer_id
                        WHERE %2$s AND h.status IN ('PRICED', 'UNPRICED')
                        GROUP BY 1, 2, 3, 4, 5, 6
                    ), roll AS (
                        SELECT customer_id, period_start AS day, event_type, feature_id, provider, model, event_count,
                               unpriced_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
                               quantity, cost_usd, credits, updated_at
                        FROM usage_rollups WHERE period = 'DAILY' AND %1$s
                    ), days AS (
                        SELECT coalesce(c.customer_id, r.customer_id) AS customer_id, coalesce(c.day, r.day) AS day,
                               c.changed, r.computed
                        FROM (SELECT customer_id, day, max(changed) AS changed FROM raw GROUP BY 1, 2) c
                        FULL JOIN (SELECT customer_id, day, max(updated_at) AS computed FROM roll GROUP BY 1, 2) r
                               ON r.customer_id = c.customer_id AND r.day = c.day
                    ), settled AS (
                        SELECT customer_id, day FROM days
                        WHERE CASE WHEN computed IS NULL
                                   THEN changed + $2::text::interval < (SELECT max(to_time) FROM aggregation_jobs
                                                                 WHERE status = 'SUCCEEDED' AND trigger = 'SCHEDULE')
                                   ELSE changed IS NULL OR changed + $2::text::interval < computed END
                    )
                    SELECT coalesce(a.customer_id, b.customer_id) || ' ' || coalesce(a.day, b.day) || ' '
                        || coalesce(a.event_type, b.event_type) || '/' || coalesce(a.feature_id, b.feature_id) AS example
                    FROM raw a
                    FULL JOIN roll b ON b.customer_id = a.customer_id AND b.day = a.day AND b.event_type = a.event_type
                         AND b.feature_id = a.feature_id AND b.provider = a.provider AND b.model = a.model
                    JOIN settled s ON s.customer_id = coalesce(a.customer_id, b.customer_id)
                                  AND s.day = coalesce(a.day, b.day)
                    WHERE (a.event_count, a.unpriced_count, a.input_tokens, a.cached_input_tokens, a.cache_write_tokens,
                           a.output_tokens, a.quantity, a.cost_usd, a.credits)
                          IS DISTINCT FROM
                          (b.event_count, b.unpriced_count, b.input_tokens, b.cached_input_tokens, b.cache_write_tokens,
                           b.output_tokens, b.quantity, b.cost_usd, b.credits)
                    """));

    private Invariants() {
    }

    /**
     * Runs every check, one after the other (each is a scan; running them at once would not be faster).
     * {@code customerId} null checks every customer; {@code settle} is how long after its raw rows last changed
     * a rollup must agree with them.
     */
    public static Uni<List<AuditCheck>> check(SqlClient pool, String customerId, Duration settle, int examples) {
        return check(pool, customerId == null ? null : List.of(customerId), settle, examples);
    }

    /**
     * The same checks over several customers at once (each check is still one query, whatever their number);
     * {@code customerIds} null checks every customer. Every example names its customer.
     */
    public static Uni<List<AuditCheck>> check(SqlClient pool, List<String> customerIds, Duration settle,
            int examples) {
        String[] customers = customerIds == null ? null : customerIds.toArray(String[]::new);
        Tuple params = Tuple.of(customers, settle.toSeconds() + " seconds", examples);
        return Multi.createFrom().iterable(CHECKS)
                .onItem().transformToUniAndConcatenate(check -> pool.preparedQuery(sql(check)).execute(params)
                        .map(rows -> toCheck(check, rows.iterator().next())))
                .collect().asList();
    }

    private static String sql(Check check) {
        return "WITH v AS (" + check.violations().formatted(CUSTOMER, CUSTOMER_OF_H) + """
                ) SELECT (SELECT count(*) FROM v) AS n, $2::text::interval AS settle,
                         (SELECT array_agg(example) FROM (SELECT example FROM v ORDER BY example LIMIT $3) e) AS examples
                """;
    }

    private static AuditCheck toCheck(Check check, Row row) {
        String[] examples = row.getArrayOfStrings("examples");
        return new AuditCheck(check.name(), check.invariant(), row.getLong("n"),
                examples == null ? List.of() : new ArrayList<>(List.of(examples)));
    }
}

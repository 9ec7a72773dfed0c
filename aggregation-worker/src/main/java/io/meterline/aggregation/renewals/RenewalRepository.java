package io.meterline.aggregation.renewals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The renewal job's SQL. Money never moves here: a period's grant is inserted PENDING and then posted through the
 * ledger by {@link RenewalJob}. Locks follow the ledger's order: the wallet first, then the subscription, then
 * the previous grant.
 */
@ApplicationScoped
public class RenewalRepository {

    private static final String DUE = """
            SELECT id FROM subscriptions
            WHERE status = 'ACTIVE' AND next_period_start <= $1 AND (cancel_at IS NULL OR next_period_start < cancel_at)
            ORDER BY next_period_start, id LIMIT $2
            """;

    /** Cancelled subscriptions whose last period has been issued and whose cancel_at has passed. */
    private static final String END_CANCELLED = """
            UPDATE subscriptions SET status = 'ENDED', ended_at = now()
            WHERE status = 'ACTIVE' AND cancel_at <= $1 AND next_period_start >= cancel_at
            """;

    private static final String COLUMNS = "id, customer_id, plan_id, anchor_day, next_period_start, cancel_at, status";

    private static final String FIND = "SELECT " + COLUMNS + " FROM subscriptions WHERE id = $1";

    private static final String LOCK_WALLET = "SELECT customer_id FROM wallets WHERE customer_id = $1 FOR NO KEY UPDATE";

    private static final String LOCK = FIND + " FOR UPDATE";

    private static final String VERSIONS = """
            SELECT plan_id, version, monthly_credits, rollover, rollover_max, grant_priority, created_at
            FROM plans WHERE plan_id = $1 ORDER BY version
            """;

    /** The PLAN grant of the latest period before $2, with what its EXPIRE row took if it has one. */
    private static final String PREVIOUS = """
            SELECT g.customer_id, g.grant_id, g.state, g.amount, g.remaining, g.expires_at,
                   (SELECT -t.amount FROM wallet_transactions t
                    WHERE t.customer_id = g.customer_id AND t.idempotency_key = 'expire:' || g.grant_id) AS expired
            FROM subscription_periods p
            JOIN credit_grants g ON g.customer_id = p.customer_id AND g.grant_id = p.grant_id
            WHERE p.subscription_id = $1 AND p.period_start < $2
            ORDER BY p.period_start DESC LIMIT 1
            FOR UPDATE OF g
            """;

    private static final String INSERT_PERIOD = """
            INSERT INTO subscription_periods (subscription_id, period_start, period_end, customer_id, plan_id,
                                              plan_version, credits, carried, grant_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::numeric, $8::text::numeric, $9)
            ON CONFLICT DO NOTHING
            """;

    private static final String INSERT_GRANT = """
            INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, effective_at, expires_at,
                                       metadata, state)
            VALUES ($1, $2, 'PLAN', $3, $4::text::numeric, $5, $6, $7::text::jsonb, 'PENDING')
            """;

    private static final String ADVANCE = "UPDATE subscriptions SET next_period_start = $2 WHERE id = $1";

    public Uni<List<UUID>> due(SqlClient sql, Instant now, int limit) {
        return sql.preparedQuery(DUE).execute(Tuple.of(utc(now), limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> ids.add(row.getUUID("id")));
            return ids;
        });
    }

    public Uni<Integer> endCancelled(SqlClient sql, Instant now) {
        return sql.preparedQuery(END_CANCELLED).execute(Tuple.of(utc(now))).map(RowSet::rowCount);
    }

    public Uni<SubscriptionState> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(FIND).execute(Tuple.of(id)).map(RenewalRepository::subscription);
    }

    /**
     * Locks the customer's wallet (the ledger's lock, first) and then the subscription, and reads it again: another
     * instance that issued the period first has committed by then, so its period is no longer due. Null when the
     * wallet does not exist.
     */
    public Uni<SubscriptionState> lock(SqlClient tx, String customerId, UUID id) {
        return tx.preparedQuery(LOCK_WALLET).execute(Tuple.of(customerId))
                .flatMap(wallet -> wallet.rowCount() == 0 ? Uni.createFrom().<SubscriptionState>nullItem()
                        : tx.preparedQuery(LOCK).execute(Tuple.of(id)).map(RenewalRepository::subscription));
    }

    public Uni<List<PlanVersion>> versions(SqlClient sql, String planId) {
        return sql.preparedQuery(VERSIONS).execute(Tuple.of(planId)).map(rows -> {
            List<PlanVersion> out = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> out.add(new PlanVersion(row.getString("plan_id"), row.getInteger("version"),
                    row.getBigDecimal("monthly_credits"), row.getString("rollover"), row.getBigDecimal("rollover_max"),
                    row.getInteger("grant_priority"), row.getOffsetDateTime("created_at").toInstant())));
            return out;
        });
    }

    /** The previous period's grant (null for the first period), locked; the caller holds the wallet lock. */
    public Uni<PreviousGrant> previous(SqlClient sql, UUID id, Instant periodStart) {
        return sql.preparedQuery(PREVIOUS).execute(Tuple.of(id, utc(periodStart))).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new PreviousGrant(row.getString("customer_id"), row.getString("grant_id"), row.getString("state"),
                    row.getBigDecimal("amount"), row.getBigDecimal("remaining"), row.getBigDecimal("expired"),
                    row.getOffsetDateTime("expires_at").toInstant());
        });
    }

    /** Inserts the period row; false when it exists already (the exactly-once guard). */
    public Uni<Boolean> insertPeriod(SqlClient tx, Renewal r) {
        return tx.preparedQuery(INSERT_PERIOD).execute(Tuple.from(Arrays.<Object>asList(r.subscriptionId(),
                utc(r.periodStart()), utc(r.periodEnd()), r.customerId(), r.planId(), r.planVersion(),
                r.credits().toPlainString(), r.carried().toPlainString(), r.grantId())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The period's grant, PENDING until the ledger's GRANT row activates it. */
    public Uni<Void> insertGrant(SqlClient tx, Renewal r) {
        String metadata = new JsonObject().put("subscription_id", r.subscriptionId().toString())
                .put("plan_id", r.planId()).put("plan_version", r.planVersion())
                .put("period_start", r.periodStart().toString()).put("period_end", r.periodEnd().toString())
                .put("credits", r.credits().toPlainString()).put("carried", r.carried().toPlainString()).encode();
        return tx.preparedQuery(INSERT_GRANT).execute(Tuple.from(Arrays.<Object>asList(r.customerId(), r.grantId(),
                r.grantPriority(), r.granted().toPlainString(), utc(r.periodStart()), utc(r.periodEnd()), metadata)))
                .replaceWithVoid();
    }

    public Uni<Void> advance(SqlClient tx, UUID id, Instant nextPeriodStart) {
        return tx.preparedQuery(ADVANCE).execute(Tuple.of(id, utc(nextPeriodStart))).replaceWithVoid();
    }

    private static SubscriptionState subscription(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        OffsetDateTime cancelAt = row.getOffsetDateTime("cancel_at");
        return new SubscriptionState(row.getUUID("id"), row.getString("customer_id"), row.getString("plan_id"),
                row.getInteger("anchor_day"), row.getOffsetDateTime("next_period_start").toInstant(),
                cancelAt == null ? null : cancelAt.toInstant(), row.getString("status"));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}

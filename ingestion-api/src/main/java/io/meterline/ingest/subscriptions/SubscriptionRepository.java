package io.meterline.ingest.subscriptions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code subscriptions} (and reads of {@code subscription_periods}, which only the renewal job writes). No
 * money here: the period grants are issued by the aggregation worker's renewal job through the ledger.
 */
@ApplicationScoped
public class SubscriptionRepository {

    private static final String COLUMNS = """
            s.id, s.customer_id, s.plan_id, s.anchor_day, s.starts_at, s.next_period_start, s.cancel_at, s.status,
            s.created_at, s.canceled_at, s.ended_at,
            (SELECT coalesce(sum(p.credits), 0) FROM subscription_periods p WHERE p.subscription_id = s.id)
                AS credits_granted,
            (SELECT count(*) FROM subscription_periods p WHERE p.subscription_id = s.id) AS periods_issued""";

    /** The live subscription, else the newest ended one. */
    private static final String CURRENT = "SELECT " + COLUMNS + """
             FROM subscriptions s WHERE s.customer_id = $1 ORDER BY s.status = 'ACTIVE' DESC, s.created_at DESC LIMIT 1
            """;

    private static final String LOCK_LIVE = """
            SELECT id FROM subscriptions WHERE customer_id = $1 AND status = 'ACTIVE' FOR UPDATE
            """;

    private static final String FIND = "SELECT " + COLUMNS + " FROM subscriptions s WHERE s.id = $1";

    /** A cancelled subscription past its end that the renewal job has not marked yet: ended now. */
    private static final String END_PAST = """
            UPDATE subscriptions SET status = 'ENDED', ended_at = now()
            WHERE customer_id = $1 AND status = 'ACTIVE' AND cancel_at <= now() AND next_period_start >= cancel_at
            """;

    private static final String INSERT = """
            INSERT INTO subscriptions (id, customer_id, plan_id, anchor_day, starts_at, next_period_start, status)
            VALUES ($1, $2, $3, $4, $5, $5, 'ACTIVE')
            """;

    private static final String CANCEL = """
            UPDATE subscriptions SET cancel_at = $2, canceled_at = now(),
                                     status = CASE WHEN $3 THEN 'ENDED' ELSE status END,
                                     ended_at = CASE WHEN $3 THEN now() END
            WHERE id = $1 AND cancel_at IS NULL
            """;

    private static final String PERIOD = """
            SELECT period_start, period_end, plan_version, credits, carried, grant_id FROM subscription_periods
            WHERE subscription_id = $1 AND period_start = $2
            """;

    public Uni<SubscriptionRow> current(SqlClient sql, String customerId) {
        return sql.preparedQuery(CURRENT).execute(Tuple.of(customerId)).map(SubscriptionRepository::first);
    }

    public Uni<SubscriptionRow> find(SqlClient sql, UUID id) {
        return sql.preparedQuery(FIND).execute(Tuple.of(id)).map(SubscriptionRepository::first);
    }

    /** The id of the live subscription, locked; null when there is none. */
    public Uni<UUID> lockLive(SqlClient tx, String customerId) {
        return tx.preparedQuery(LOCK_LIVE).execute(Tuple.of(customerId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getUUID("id"));
    }

    public Uni<Void> endPast(SqlClient tx, String customerId) {
        return tx.preparedQuery(END_PAST).execute(Tuple.of(customerId)).replaceWithVoid();
    }

    /** Inserts a live subscription; a second live one fails on the partial unique index (23505). */
    public Uni<Void> insert(SqlClient tx, UUID id, String customerId, String planId, int anchorDay, Instant startsAt) {
        return tx.preparedQuery(INSERT).execute(Tuple.of(id, customerId, planId, anchorDay, utc(startsAt)))
                .replaceWithVoid();
    }

    /** Sets cancel_at (once); {@code ended}: the subscription never started, so it ends at once. */
    public Uni<Void> cancel(SqlClient tx, UUID id, Instant cancelAt, boolean ended) {
        return tx.preparedQuery(CANCEL).execute(Tuple.of(id, utc(cancelAt), ended)).replaceWithVoid();
    }

    /** The issued period starting at {@code start}, or null when the renewal job has not issued it. */
    public Uni<PeriodRow> period(SqlClient sql, UUID id, Instant start) {
        return sql.preparedQuery(PERIOD).execute(Tuple.of(id, utc(start)))
                .map(rows -> rows.rowCount() == 0 ? null : PeriodRow.from(rows.iterator().next()));
    }

    private static SubscriptionRow first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : SubscriptionRow.from(rows.iterator().next());
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}

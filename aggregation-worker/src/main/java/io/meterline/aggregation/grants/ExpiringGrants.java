package io.meterline.aggregation.grants;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.common.money.Money;
import io.meterline.common.webhook.WebhookEvent;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces {@code grant.expiring} for each ACTIVE grant with something left that expires within
 * {@link AggregationConfig#grantsExpiringNotice()}, once per grant.
 *
 * <p>Exactly once with any number of instances: the marker row (grant_expiring_notices, primary key customer and
 * grant) and the delivery rows are written in one transaction. A second instance's INSERT ... ON CONFLICT DO
 * NOTHING waits for the first one's row and then inserts nothing, so it announces nothing; a crash before the
 * commit leaves neither, and the next run announces. No lock is taken on credit_grants (whose rows the ledger
 * locks in its own order), so this never waits on a burn. remaining is as of the announcement.
 */
@ApplicationScoped
public class ExpiringGrants {

    private static final String MARK = """
            WITH due AS (
                SELECT g.customer_id, g.grant_id, g.amount, g.remaining, g.expires_at FROM credit_grants g
                WHERE g.state = 'ACTIVE' AND g.expires_at > now() AND g.expires_at <= now() + $1 * interval '1 millisecond'
                  AND g.remaining > 0
                  AND NOT EXISTS (SELECT 1 FROM grant_expiring_notices n
                                  WHERE n.customer_id = g.customer_id AND n.grant_id = g.grant_id)
                ORDER BY g.expires_at LIMIT $2),
            marked AS (
                INSERT INTO grant_expiring_notices (customer_id, grant_id) SELECT customer_id, grant_id FROM due
                ON CONFLICT DO NOTHING
                RETURNING customer_id, grant_id)
            SELECT d.*, now() AS announced_at FROM due d JOIN marked USING (customer_id, grant_id)
            ORDER BY d.expires_at, d.customer_id, d.grant_id""";

    private final Pool pool;
    private final Duration notice;
    private final int limit;

    public ExpiringGrants(Pool pool, AggregationConfig config) {
        this.pool = pool;
        this.notice = config.grantsExpiringNotice();
        this.limit = config.grantsExpiringPerRun();
    }

    /** One pass (at most grants-expiring-per-run grants; the rest wait for the next run); answers how many. */
    public Uni<Integer> announce() {
        return pool.withTransaction(tx -> announce(tx));
    }

    private Uni<Integer> announce(SqlClient tx) {
        return tx.preparedQuery(MARK).execute(Tuple.of(notice.toMillis(), limit)).flatMap(rows -> {
            List<WebhookEvent> events = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                events.add(WebhookEvent.of(row.getString("customer_id"), WebhookEventTypes.GRANT_EXPIRING,
                        row.getOffsetDateTime("announced_at").toInstant(), data(row)));
            }
            return WebhookOutbox.enqueueAll(tx, events).replaceWith(events.size());
        });
    }

    private static JsonObject data(Row row) {
        BigDecimal amount = row.getBigDecimal("amount");
        BigDecimal remaining = row.getBigDecimal("remaining");
        OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        return new JsonObject().put("customer_id", row.getString("customer_id"))
                .put("grant_id", row.getString("grant_id"))
                .put("amount", Money.toWire(amount)).put("remaining", Money.toWire(remaining))
                .put("expires_at", expires.toInstant().toString());
    }
}

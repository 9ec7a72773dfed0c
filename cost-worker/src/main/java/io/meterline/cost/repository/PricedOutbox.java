package io.meterline.cost.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.event.UsageEventV1;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * usage_priced_outbox: the re-priced rows whose usage-priced records are not known to be acknowledged yet. A
 * re-pricing page writes its rows here in its own transaction ({@link UnpricedRepository#markPriced}) and
 * deletes them once Kafka acknowledged the page ({@link #done}); what is left is taken up again by
 * {@link #lockStale}, in primary-key order, FOR UPDATE SKIP LOCKED so that two instances share the work.
 */
@ApplicationScoped
public class PricedOutbox {

    private static final String LOCK_STALE = """
            SELECT u.customer_id, u.dedup_key, u.event_id, u.event_type, u.feature_id, u.provider, u.model,
                   u.input_tokens, u.cached_input_tokens, u.cache_write_tokens, u.output_tokens, u.quantity, u.unit,
                   u.event_time, u.user_id, u.team_id, u.batch_id, u.received_at,
                   u.status, u.cost_usd, u.credits, u.rate_ids, u.ledger_tx_id,
                   t.balance_before, t.balance_after, t.created_at, w.low_balance_threshold
            FROM usage_priced_outbox o
            JOIN usage_events u ON u.customer_id = o.customer_id AND u.dedup_key = o.dedup_key
            LEFT JOIN wallet_transactions t ON t.id = u.ledger_tx_id
            LEFT JOIN wallets w ON w.customer_id = u.customer_id
            WHERE o.created_at < now() - make_interval(secs => $1 / 1000.0)
            ORDER BY o.customer_id, o.dedup_key
            LIMIT $2
            FOR UPDATE OF o SKIP LOCKED
            """;

    private static final String DELETE = """
            DELETE FROM usage_priced_outbox o USING UNNEST($1::text[], $2::text[]) AS k(customer_id, dedup_key)
            WHERE o.customer_id = k.customer_id AND o.dedup_key = k.dedup_key
            """;

    /** A re-priced row to publish again: the event it came from and what is stored for it. */
    public record Pending(UsageEventV1 event, StoredUsage stored) {
    }

    /** Locks up to {@code limit} entries older than {@code grace}, with their rows, in the caller's transaction. */
    public Uni<List<Pending>> lockStale(SqlConnection conn, Duration grace, int limit) {
        return conn.preparedQuery(LOCK_STALE).execute(Tuple.of(grace.toMillis(), limit)).map(rows -> {
            List<Pending> pending = new ArrayList<>(rows.size());
            for (Row row : rows) {
                pending.add(new Pending(UnpricedRepository.toEvent(row), UsageRepository.toStored(row)));
            }
            return pending;
        });
    }

    /** Deletes the entries of these rows (their records are acknowledged), through the pool or a transaction. */
    public Uni<Void> done(SqlClient client, List<UsageEventV1> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple keys = Tuple.of(events.stream().map(UsageEventV1::customerId).toArray(String[]::new),
                events.stream().map(UsageEventV1::dedupKey).toArray(String[]::new));
        return client.preparedQuery(DELETE).execute(keys).replaceWithVoid();
    }
}

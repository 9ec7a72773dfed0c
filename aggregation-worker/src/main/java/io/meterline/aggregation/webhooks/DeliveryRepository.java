package io.meterline.aggregation.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sender's SQL on webhook_deliveries, webhook_attempts and webhook_endpoints: claim due deliveries, then record
 * how each attempt ended. Both are single statements, each its own transaction.
 */
@ApplicationScoped
public class DeliveryRepository {

    /**
     * Claims up to $1 due deliveries of enabled endpoints: counts the attempt and pushes next_attempt_at $2 ms
     * ahead, which is the attempt's lease. SKIP LOCKED gives concurrent claimers disjoint rows, and a row claimed
     * and committed by one is no longer due for the other (its next_attempt_at is re-read under the lock), so two
     * senders never make the same attempt. A previous secret signs alongside the current one until it expires.
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM webhook_deliveries d
                JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
                WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at
                LIMIT $1
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now()
            FROM due, webhook_endpoints e
            WHERE d.id = due.id AND e.id = d.endpoint_id
            RETURNING d.id, d.endpoint_id, d.message_id, d.body, d.attempts, d.attempts - d.attempts_base AS round,
                      e.url, e.secret,
                      CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret""";

    /**
     * Records attempt $2 of delivery $1 and, if the delivery is still at that attempt (its lease was not lost),
     * its new state and its endpoint's health: a success clears the failure count, a failure adds one (failing
     * from $9 in a row), a 410 disables the endpoint.
     */
    private static final String RECORD = """
            WITH attempt AS (
                INSERT INTO webhook_attempts (delivery_id, attempt, outcome, status_code, latency_ms, response_excerpt, error)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING),
            delivery AS (
                UPDATE webhook_deliveries
                SET status = $8, next_attempt_at = CASE WHEN $8 = 'PENDING' THEN now() + $10 * interval '1 millisecond' END,
                    last_status_code = $4, last_error = $7, updated_at = now(),
                    finished_at = CASE WHEN $8 = 'PENDING' THEN NULL ELSE now() END
                WHERE id = $1 AND attempts = $2 AND status = 'PENDING'
                RETURNING endpoint_id)
            UPDATE webhook_endpoints e
            SET consecutive_failures = CASE $3 WHEN 'DELIVERED' THEN 0 WHEN 'DRY_RUN' THEN e.consecutive_failures
                                             ELSE e.consecutive_failures + 1 END,
                failing_since = CASE WHEN $3 = 'DELIVERED' THEN NULL
                                     WHEN $3 <> 'DRY_RUN' AND e.consecutive_failures + 1 >= $9
                                          THEN coalesce(e.failing_since, now())
                                     ELSE e.failing_since END,
                enabled = CASE WHEN $3 = 'GONE' THEN FALSE ELSE e.enabled END,
                disabled_reason = CASE WHEN $3 = 'GONE' THEN 'GONE' ELSE e.disabled_reason END,
                updated_at = now()
            FROM delivery WHERE e.id = delivery.endpoint_id""";

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Claimed>> claim(int limit, long leaseMillis) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, leaseMillis)).map(rows -> {
            List<Claimed> claimed = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                List<String> secrets = new ArrayList<>(2);
                secrets.add(row.getString("secret"));
                if (row.getString("previous_secret") != null) {
                    secrets.add(row.getString("previous_secret"));
                }
                claimed.add(new Claimed(row.getUUID("id"), row.getUUID("endpoint_id"), row.getString("message_id"),
                        row.getString("body"), row.getInteger("attempts"), row.getInteger("round"),
                        row.getString("url"), List.copyOf(secrets)));
            }
            return claimed;
        });
    }

    /**
     * Records the attempt; {@code status} is the delivery's new status (PENDING to retry after
     * {@code nextInMillis}).
     */
    public Uni<Void> record(UUID deliveryId, int attempt, Answer answer, String status, int failingAfter,
            long nextInMillis) {
        return pool.preparedQuery(RECORD).execute(Tuple.from(new Object[] { deliveryId, attempt,
                answer.outcome().name(), answer.statusCode(), (int) Math.min(Integer.MAX_VALUE, answer.latencyMillis()),
                storable(answer.excerpt()), storable(answer.error()), status, failingAfter, nextInMillis }))
                .replaceWithVoid();
    }

    /** Postgres text cannot hold NUL; an answer may. */
    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}

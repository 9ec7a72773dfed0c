package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.meterline.common.ledger.LedgerEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code refunds}, and the row locks that make "the refunds of an item never exceed its cost" hold under
 * concurrency: a refund locks its charge or usage row ({@code FOR UPDATE}) and only then, in a later statement (so
 * with a snapshot taken after the lock was granted), reads what was refunded already.
 *
 * <p>Lock order of every refund: the item's row, then the wallet (in ledger_post) - the order in which the cost
 * worker's re-pricing and any re-rating touch usage rows and wallets, so they cannot deadlock with a refund.
 */
@ApplicationScoped
public class RefundRepository {

    private static final String LOCK_CHARGE = """
            SELECT request_id, amount, feature_id, ledger_tx_id FROM charges
            WHERE customer_id = $1 AND request_id = $2 FOR UPDATE""";

    /** The usage rows of an event id: by primary key when its dedup key is the id, else by the partial index (V11). */
    private static final String EVENT_KEYS = """
            SELECT dedup_key FROM usage_events WHERE customer_id = $1 AND dedup_key = $2::uuid::text AND event_id = $2
            UNION ALL
            SELECT dedup_key FROM usage_events WHERE customer_id = $1 AND event_id = $2 AND dedup_key <> event_id::text""";

    private static final String LOCK_EVENT = """
            SELECT dedup_key, event_id, status, credits, feature_id, ledger_tx_id FROM usage_events
            WHERE customer_id = $1 AND dedup_key = ANY ($2::text[]) FOR UPDATE""";

    private static final String REFUNDED = """
            SELECT coalesce(sum(amount), 0) AS refunded FROM refunds
            WHERE customer_id = $1 AND (charge_request_id = $2 OR event_dedup_key = $3)""";

    private static final String INSERT = """
            INSERT INTO refunds (customer_id, refund_id, charge_request_id, event_id, event_dedup_key, amount, reason,
                                 feature_id, original_ledger_tx_id, ledger_tx_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (customer_id, refund_id) DO NOTHING""";

    private static final String FIND = """
            SELECT r.refund_id, r.charge_request_id, r.event_id, r.amount AS refund_amount, r.reason, r.feature_id,
                   r.original_ledger_tx_id, r.created_at AS refunded_at,
                   t.id, t.customer_id, t.seq, t.type, t.amount, t.balance_before, t.balance_after, t.idempotency_key,
                   t.description, t.event_count, t.created_at
            FROM refunds r JOIN wallet_transactions t ON t.id = r.ledger_tx_id
            WHERE r.customer_id = $1 AND r.refund_id = $2""";

    /** The customer's charge, locked until the transaction ends; null when there is none. */
    public Uni<RefundTarget> lockCharge(SqlClient tx, String customerId, String requestId) {
        return tx.preparedQuery(LOCK_CHARGE).execute(Tuple.of(customerId, requestId)).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new RefundTarget(row.getString("request_id"), null, null, "PRICED", row.getBigDecimal("amount"),
                    row.getString("feature_id"), row.getLong("ledger_tx_id"));
        });
    }

    /**
     * The customer's usage rows with this event id (normally one; two if the client reused the id with another
     * idempotency key), each locked until the transaction ends.
     */
    public Uni<List<RefundTarget>> lockEvent(SqlClient tx, String customerId, UUID eventId) {
        return tx.preparedQuery(EVENT_KEYS).execute(Tuple.of(customerId, eventId)).flatMap(keys -> {
            List<String> dedupKeys = new ArrayList<>();
            keys.forEach(row -> dedupKeys.add(row.getString("dedup_key")));
            if (dedupKeys.isEmpty()) {
                return Uni.createFrom().item(List.<RefundTarget>of());
            }
            return tx.preparedQuery(LOCK_EVENT).execute(Tuple.of(customerId, dedupKeys.toArray(String[]::new)))
                    .map(rows -> {
                        List<RefundTarget> targets = new ArrayList<>();
                        rows.forEach(row -> targets.add(new RefundTarget(null, row.getUUID("event_id"),
                                row.getString("dedup_key"), row.getString("status"), row.getBigDecimal("credits"),
                                row.getString("feature_id"), row.getLong("ledger_tx_id"))));
                        return targets;
                    });
        });
    }

    /** What the target's refunds add up to; call after locking the target. */
    public Uni<BigDecimal> refunded(SqlClient tx, String customerId, RefundTarget target) {
        return tx.preparedQuery(REFUNDED).execute(Tuple.of(customerId, target.chargeRequestId(), target.dedupKey()))
                .map(rows -> rows.iterator().next().getBigDecimal("refunded"));
    }

    /** Inserts the refund unless its refund_id is taken; true when inserted. */
    public Uni<Boolean> insert(SqlClient tx, String customerId, String refundId, RefundTarget target,
            BigDecimal amount, String reason, long ledgerTxId) {
        return tx.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(customerId, refundId,
                target.chargeRequestId(), target.eventId(), target.dedupKey(), amount, reason, target.featureId(),
                target.originalLedgerTxId(), ledgerTxId))).map(rows -> rows.rowCount() == 1);
    }

    /** The customer's refund, or null. */
    public Uni<RefundRow> find(SqlClient sql, String customerId, String refundId) {
        return sql.preparedQuery(FIND).execute(Tuple.of(customerId, refundId))
                .map(rows -> rows.rowCount() == 0 ? null : toRow(rows.iterator().next()));
    }

    private static RefundRow toRow(Row row) {
        LedgerEntry ledger = LedgerEntry.from(row);
        return new RefundRow(ledger.customerId(), row.getString("refund_id"), row.getString("charge_request_id"),
                row.getUUID("event_id"), row.getBigDecimal("refund_amount"), row.getString("reason"),
                row.getString("feature_id"), row.getLong("original_ledger_tx_id"),
                row.getOffsetDateTime("refunded_at").toInstant(), ledger);
    }
}

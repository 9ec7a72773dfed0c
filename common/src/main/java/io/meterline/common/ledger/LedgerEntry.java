package io.meterline.common.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** A written ledger row, with its wallet's low-balance threshold at the time of writing. */
public record LedgerEntry(long id, String customerId, long seq, String type, BigDecimal amount,
        BigDecimal balanceBefore, BigDecimal balanceAfter, String idempotencyKey, String description, int eventCount,
        Instant createdAt, BigDecimal lowBalanceThreshold) {

    /** From a row of {@code ledger_post} or of {@code wallet_transactions} (threshold then absent, null). */
    public static LedgerEntry from(Row row) {
        int threshold = row.getColumnIndex("low_balance_threshold");
        return new LedgerEntry(row.getLong("id"), row.getString("customer_id"), row.getLong("seq"),
                row.getString("type"), row.getBigDecimal("amount"), row.getBigDecimal("balance_before"),
                row.getBigDecimal("balance_after"), row.getString("idempotency_key"), row.getString("description"),
                row.getInteger("event_count"), row.getOffsetDateTime("created_at").toInstant(),
                threshold < 0 ? null : row.getBigDecimal(threshold));
    }
}

package io.meterline.ingest.repository;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** A row of the append-only ledger {@code wallet_transactions}; {@code amount} is signed. */
public record LedgerRow(long id, String customerId, String type, BigDecimal amount, BigDecimal balanceBefore,
        BigDecimal balanceAfter, String idempotencyKey, String description, int eventCount, Instant createdAt) {

    static LedgerRow from(Row row) {
        return new LedgerRow(row.getLong("id"), row.getString("customer_id"), row.getString("type"),
                row.getBigDecimal("amount"), row.getBigDecimal("balance_before"), row.getBigDecimal("balance_after"),
                row.getString("idempotency_key"), row.getString("description"), row.getInteger("event_count"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}

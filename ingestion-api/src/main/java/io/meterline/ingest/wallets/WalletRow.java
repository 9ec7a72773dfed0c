package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code wallets}. */
public record WalletRow(String customerId, BigDecimal balance, BigDecimal lowBalanceThreshold, Instant updatedAt) {

    public static WalletRow from(Row row) {
        return new WalletRow(row.getString("customer_id"), row.getBigDecimal("balance"),
                row.getBigDecimal("low_balance_threshold"), row.getOffsetDateTime("updated_at").toInstant());
    }
}

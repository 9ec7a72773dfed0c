package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code wallets}; overdraft is zero when the query did not read it. */
public record WalletRow(String customerId, BigDecimal balance, BigDecimal lowBalanceThreshold, Instant updatedAt,
        BigDecimal overdraft) {

    public static WalletRow from(Row row) {
        int overdraft = row.getColumnIndex("overdraft");
        return new WalletRow(row.getString("customer_id"), row.getBigDecimal("balance"),
                row.getBigDecimal("low_balance_threshold"), row.getOffsetDateTime("updated_at").toInstant(),
                overdraft < 0 ? BigDecimal.ZERO : row.getBigDecimal(overdraft));
    }
}

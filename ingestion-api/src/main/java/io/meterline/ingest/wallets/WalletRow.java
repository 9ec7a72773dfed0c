package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A row of {@code wallets}; overdraft is zero, and auto top-up off, when the query did not read them.
 * {@code autoTopUpThreshold} and {@code autoTopUpTarget} are both null (off) or both set (V25).
 */
public record WalletRow(String customerId, BigDecimal balance, BigDecimal lowBalanceThreshold, Instant updatedAt,
        BigDecimal overdraft, BigDecimal autoTopUpThreshold, BigDecimal autoTopUpTarget, String topUpRequestedId) {

    public static WalletRow from(Row row) {
        int overdraft = row.getColumnIndex("overdraft");
        boolean topUp = row.getColumnIndex("auto_top_up_threshold") >= 0;
        return new WalletRow(row.getString("customer_id"), row.getBigDecimal("balance"),
                row.getBigDecimal("low_balance_threshold"), row.getOffsetDateTime("updated_at").toInstant(),
                overdraft < 0 ? BigDecimal.ZERO : row.getBigDecimal(overdraft),
                topUp ? row.getBigDecimal("auto_top_up_threshold") : null,
                topUp ? row.getBigDecimal("auto_top_up_target") : null,
                topUp ? row.getString("top_up_requested_id") : null);
    }
}

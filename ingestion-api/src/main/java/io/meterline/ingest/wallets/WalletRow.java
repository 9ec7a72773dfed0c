package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A row of {@code wallets}; overdraft and held are zero, spend_mode SOFT and auto top-up off when the query did not
 * read them. held is the live figure ({@link WalletRepository#LIVE_HELD}): holds past their expiry no longer count.
 * {@code autoTopUpThreshold} and {@code autoTopUpTarget} are both null (off) or both set (V25).
 */
public record WalletRow(String customerId, BigDecimal balance, BigDecimal lowBalanceThreshold, Instant updatedAt,
        BigDecimal overdraft, String spendMode, BigDecimal held, BigDecimal autoTopUpThreshold,
        BigDecimal autoTopUpTarget, String topUpRequestedId) {

    public static WalletRow from(Row row) {
        int overdraft = row.getColumnIndex("overdraft");
        int spendMode = row.getColumnIndex("spend_mode");
        int held = row.getColumnIndex("held");
        boolean topUp = row.getColumnIndex("auto_top_up_threshold") >= 0;
        return new WalletRow(row.getString("customer_id"), row.getBigDecimal("balance"),
                row.getBigDecimal("low_balance_threshold"), row.getOffsetDateTime("updated_at").toInstant(),
                overdraft < 0 ? BigDecimal.ZERO : row.getBigDecimal(overdraft),
                spendMode < 0 ? "SOFT" : row.getString(spendMode), held < 0 ? BigDecimal.ZERO : row.getBigDecimal(held),
                topUp ? row.getBigDecimal("auto_top_up_threshold") : null,
                topUp ? row.getBigDecimal("auto_top_up_target") : null,
                topUp ? row.getString("top_up_requested_id") : null);
    }

    /** balance − held: what a HARD wallet may still hold or charge. */
    public BigDecimal available() {
        return balance.subtract(held);
    }
}

package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A wallet as the admin API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WalletView(
        @Schema(examples = "acme-corp") String customerId,
        @Schema(examples = "250.000000000000") BigDecimal balance,
        @Schema(examples = "100.000000000000") BigDecimal lowBalanceThreshold,
        @Schema(description = "DEPLETED when balance <= 0, LOW when balance <= low_balance_threshold, else OK")
        String status,
        Instant updatedAt,
        @Schema(description = "Credits spent beyond the grants (the negative part of the balance); repaid first by "
                + "the next credit", examples = "0.000000000000") BigDecimal overdraft,
        @Schema(description = "SOFT: usage and charges may take the balance below zero; HARD: holds and charges "
                + "beyond available are refused (402)", examples = "SOFT") String spendMode,
        @Schema(description = "Credits held by open reservations", examples = "0.000000000000") BigDecimal held,
        @Schema(description = "balance - held; below zero when usage overdrew the wallet",
                examples = "250.000000000000") BigDecimal available,
        @Schema(description = "null: off") AutoTopUpView autoTopUp) {

    public static WalletView of(WalletRow w) {
        return new WalletView(w.customerId(), w.balance(), w.lowBalanceThreshold(),
                WalletStatus.of(w.balance(), w.lowBalanceThreshold()).name(), w.updatedAt(), w.overdraft(),
                w.spendMode(), w.held(), w.available(),
                AutoTopUpView.of(w));
    }
}

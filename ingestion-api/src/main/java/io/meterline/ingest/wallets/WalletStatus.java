package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import io.meterline.common.money.BalanceLevel;

/**
 * How a wallet stands, as the API shows it: DEPLETED at or below zero, LOW at or below its threshold, otherwise OK.
 * The comparison is {@link BalanceLevel}'s, the one the cost worker's alerts use.
 */
public enum WalletStatus {
    OK, LOW, DEPLETED;

    public static WalletStatus of(BigDecimal balance, BigDecimal lowBalanceThreshold) {
        return switch (BalanceLevel.of(balance, lowBalanceThreshold)) {
            case OK -> OK;
            case LOW -> LOW;
            case DEPLETED -> DEPLETED;
        };
    }
}

package io.meterline.ingest.service;

import java.math.BigDecimal;

/** How a wallet stands: DEPLETED at or below zero, LOW at or below its threshold, otherwise OK. */
public enum WalletStatus {
    OK, LOW, DEPLETED;

    public static WalletStatus of(BigDecimal balance, BigDecimal lowBalanceThreshold) {
        if (balance.signum() <= 0) {
            return DEPLETED;
        }
        return balance.compareTo(lowBalanceThreshold) <= 0 ? LOW : OK;
    }
}

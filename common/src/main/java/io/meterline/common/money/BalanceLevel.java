package io.meterline.common.money;

import java.math.BigDecimal;

/**
 * Where a wallet balance stands against its two lines, the one comparison behind the wallet status the API shows
 * and the alerts the cost worker sends: DEPLETED at or below zero, LOW at or below the low-balance threshold,
 * otherwise OK. A balance exactly on a line is on the lower side of it. With a threshold of zero or less, LOW never
 * applies (zero already means DEPLETED).
 */
public enum BalanceLevel {
    OK, LOW, DEPLETED;

    public static BalanceLevel of(BigDecimal balance, BigDecimal lowBalanceThreshold) {
        if (balance.signum() <= 0) {
            return DEPLETED;
        }
        return balance.compareTo(lowBalanceThreshold) <= 0 ? LOW : OK;
    }

    /** Whether this level is below {@code other} (DEPLETED is below LOW, LOW below OK). */
    public boolean isBelow(BalanceLevel other) {
        return ordinal() > other.ordinal();
    }
}

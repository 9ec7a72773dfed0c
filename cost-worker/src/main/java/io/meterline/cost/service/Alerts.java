package io.meterline.cost.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.event.WalletAlertV1;

/**
 * Derives wallet alerts from one BURN ledger row, with no state of its own: a crossing is a balance_before at or
 * above a line and a balance_after below it. The lines are the wallet's low-balance threshold (when above zero)
 * and zero. One burn per wallet per batch means at most one alert of each type per burn.
 */
public final class Alerts {

    private Alerts() {
    }

    public static List<WalletAlertV1> crossings(String customerId, long ledgerTxId, BigDecimal before,
            BigDecimal after, BigDecimal threshold, Instant occurredAt) {
        List<WalletAlertV1> alerts = new ArrayList<>(2);
        if (threshold.signum() > 0 && crosses(before, after, threshold)) {
            alerts.add(alert(WalletAlertV1.LOW_BALANCE, customerId, ledgerTxId, before, after, threshold, occurredAt));
        }
        if (crosses(before, after, BigDecimal.ZERO)) {
            alerts.add(alert(WalletAlertV1.NEGATIVE_BALANCE, customerId, ledgerTxId, before, after, threshold,
                    occurredAt));
        }
        return alerts;
    }

    private static boolean crosses(BigDecimal before, BigDecimal after, BigDecimal line) {
        return before.compareTo(line) >= 0 && after.compareTo(line) < 0;
    }

    private static WalletAlertV1 alert(String type, String customerId, long ledgerTxId, BigDecimal before,
            BigDecimal after, BigDecimal threshold, Instant occurredAt) {
        return new WalletAlertV1(WalletAlertV1.SCHEMA_VERSION, ledgerTxId + ":" + type, type, customerId, before,
                after, threshold, ledgerTxId, occurredAt);
    }
}

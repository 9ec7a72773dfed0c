package io.meterline.cost.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.event.WalletAlertV1;
import io.meterline.common.money.BalanceLevel;

/**
 * Derives wallet alerts from one BURN ledger row, with no state of its own. An alert is a change of the wallet's
 * {@link BalanceLevel} for the worse, the same comparison as the wallet status the API shows: LOW_BALANCE when the
 * balance goes from above the low-balance threshold (when that is above zero) to at or below it, NEGATIVE_BALANCE
 * when it goes from above zero to at or below zero (DEPLETED). One burn per wallet per batch means at most one
 * alert of each type per burn; a burn crossing both lines sends both.
 */
public final class Alerts {

    private Alerts() {
    }

    public static List<WalletAlertV1> crossings(String customerId, long ledgerTxId, BigDecimal before,
            BigDecimal after, BigDecimal threshold, Instant occurredAt) {
        BalanceLevel from = BalanceLevel.of(before, threshold);
        BalanceLevel to = BalanceLevel.of(after, threshold);
        List<WalletAlertV1> alerts = new ArrayList<>(2);
        if (threshold.signum() > 0 && from == BalanceLevel.OK && to.isBelow(BalanceLevel.OK)) {
            alerts.add(alert(WalletAlertV1.LOW_BALANCE, customerId, ledgerTxId, before, after, threshold, occurredAt));
        }
        if (from != BalanceLevel.DEPLETED && to == BalanceLevel.DEPLETED) {
            alerts.add(alert(WalletAlertV1.NEGATIVE_BALANCE, customerId, ledgerTxId, before, after, threshold,
                    occurredAt));
        }
        return alerts;
    }

    private static WalletAlertV1 alert(String type, String customerId, long ledgerTxId, BigDecimal before,
            BigDecimal after, BigDecimal threshold, Instant occurredAt) {
        return new WalletAlertV1(WalletAlertV1.SCHEMA_VERSION, ledgerTxId + ":" + type, type, customerId, before,
                after, threshold, ledgerTxId, occurredAt);
    }
}

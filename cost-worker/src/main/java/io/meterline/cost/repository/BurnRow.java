package io.meterline.cost.repository;

import java.math.BigDecimal;
import java.time.Instant;

/** A BURN ledger row as written (or read back), with the wallet's threshold for alert derivation. */
public record BurnRow(String customerId, long ledgerTxId, BigDecimal balanceBefore, BigDecimal balanceAfter,
        BigDecimal threshold, Instant createdAt) {
}

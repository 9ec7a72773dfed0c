package io.meterline.cost.repository;

import java.math.BigDecimal;

/** What one transaction burns from one wallet: the sum of its new priced rows, under a pre-allocated ledger id. */
public record WalletBurn(String customerId, long ledgerTxId, BigDecimal credits, int eventCount) {
}

package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.meterline.common.ledger.LedgerEntry;

/** A row of {@code refunds} with its REFUND ledger row; exactly one of chargeRequestId and eventId is set. */
public record RefundRow(String customerId, String refundId, String chargeRequestId, UUID eventId, BigDecimal amount,
        String reason, String featureId, long originalLedgerTxId, Instant createdAt, LedgerEntry ledger) {
}

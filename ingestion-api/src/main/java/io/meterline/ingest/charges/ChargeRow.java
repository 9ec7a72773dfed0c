package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;

import io.meterline.common.ledger.LedgerEntry;

/** A row of {@code charges} with its CHARGE ledger row and the sum of its refunds. metadata is JSON text or null. */
public record ChargeRow(String customerId, String requestId, BigDecimal amount, String featureId, String description,
        String metadata, Instant createdAt, BigDecimal refunded, LedgerEntry ledger) {
}

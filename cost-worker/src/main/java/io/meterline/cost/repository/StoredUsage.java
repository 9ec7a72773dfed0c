package io.meterline.cost.repository;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A usage_events row that was already stored when its record was (re)delivered, with its BURN row if any;
 * {@code eventId} is the stored event's, which differs from the delivered one's when an idempotency key was reused.
 */
public record StoredUsage(String customerId, String dedupKey, UUID eventId, String status, BigDecimal costUsd,
        BigDecimal credits, long[] rateIds, BurnRow burn) {

    public String key() {
        return UsageKeys.of(customerId, dedupKey);
    }
}

package io.meterline.cost.repository;

import java.math.BigDecimal;

/** A usage_events row that was already stored when its record was (re)delivered, with its BURN row if any. */
public record StoredUsage(String customerId, String dedupKey, String status, BigDecimal costUsd, BigDecimal credits,
        long[] rateIds, BurnRow burn) {

    public String key() {
        return UsageKeys.of(customerId, dedupKey);
    }
}

package io.meterline.aggregation.renewals;

import java.math.BigDecimal;
import java.time.Instant;

/** One version of a plan, as the renewal reads it ({@code rolloverMax} only for CAPPED). */
public record PlanVersion(String planId, int version, BigDecimal monthlyCredits, String rollover,
        BigDecimal rolloverMax, int grantPriority, Instant createdAt) {
}

package io.meterline.aggregation.renewals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One period grant, issued or (dry run) to be issued: {@code credits} of the plan version plus {@code carried}
 * from the previous period make the grant {@code grantId} of {@code granted}, spendable in [periodStart,
 * periodEnd).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Renewal(String customerId, UUID subscriptionId, String planId, int planVersion, Instant periodStart,
        Instant periodEnd, BigDecimal credits, BigDecimal carried, BigDecimal granted, int grantPriority,
        String grantId) {

    /** The deterministic grant id of a period: a second guard against granting it twice (credit_grants' key). */
    public static String grantId(UUID subscriptionId, Instant periodStart) {
        return "plan:" + subscriptionId + ":" + periodStart;
    }
}

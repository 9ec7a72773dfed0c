package io.meterline.ingest.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.ingest.plans.PlanView;

/** A customer's subscription as the admin API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubscriptionView(
        UUID subscriptionId,
        String customerId,
        @Schema(description = "ACTIVE (also while cancelled but not yet at cancel_at) or ENDED",
                enumeration = {"ACTIVE", "ENDED"}) String status,
        @Schema(description = "The plan's current version (a change applies from the next period)") PlanView plan,
        int anchorDay,
        Instant startsAt,
        @Schema(description = "The period containing now; null before starts_at and after the end")
        CurrentPeriod currentPeriod,
        @Schema(description = "When the next period starts and its grant is issued; null when none will be")
        Instant nextRenewal,
        @Schema(description = "Sum of the monthly credits of every issued period (carried credits not counted again)")
        BigDecimal creditsGranted,
        long periodsIssued,
        @Schema(description = "Set by a cancellation: the end of the period it fell in; no period starts at or after")
        Instant cancelAt,
        Instant createdAt,
        Instant canceledAt,
        Instant endedAt) {

    /** The current period and, once the renewal job has issued it, its grant. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CurrentPeriod(Instant start, Instant end, boolean issued, Integer planVersion, BigDecimal credits,
            BigDecimal carried, String grantId) {
    }
}

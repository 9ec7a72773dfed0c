package io.meterline.ingest.stats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One period's figures, in credits unless named _usd. Flows are positive in the direction named (burned: credits
 * taken by usage); {@code rerated} and the others may be negative only when corrections outweigh them. For every
 * period: outstanding_balance = the previous period's (or the balance at {@code from}) + granted_total − burned −
 * charged + refunded − expired − voided − rerated − adjusted_down.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PeriodStatsView(
        @Schema(description = "Start of the UTC day or month, or from when later") Instant periodStart,
        @Schema(description = "End (exclusive) of the UTC day or month, or to when earlier") Instant periodEnd,
        @Schema(description = "Credits granted by source: PURCHASE (top-ups too), PROMOTIONAL, PLAN, ADJUSTMENT")
        Map<String, BigDecimal> granted,
        BigDecimal grantedTotal,
        @Schema(description = "Metered usage (BURN rows)") BigDecimal burned,
        @Schema(description = "Direct charges (CHARGE rows)") BigDecimal charged,
        BigDecimal refunded,
        BigDecimal expired,
        BigDecimal voided,
        @Schema(description = "Credits taken (or, negative, given back) by re-rating") BigDecimal rerated,
        @Schema(description = "Negative adjustments") BigDecimal adjustedDown,
        @Schema(description = "Sum of every wallet's balance at period_end") BigDecimal outstandingBalance,
        @Schema(description = "Customers with usage or charges in the period") long customersActive,
        RevenueView revenue) {
}

package io.meterline.ingest.stats;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a period earned: the providers' USD cost of its usage against the credits billed for usage and charges,
 * net of refunds, converted at the current credits_per_usd (one rounding, to 18 places, of the period's total).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RevenueView(
        @Schema(description = "Sum of the priced usage rows' cost_usd") BigDecimal usageCostUsd,
        @Schema(description = "burned + rerated + charged - refunded") BigDecimal creditsBilled,
        @Schema(description = "credits_billed / credits_per_usd") BigDecimal billedUsd,
        @Schema(description = "billed_usd - usage_cost_usd") BigDecimal marginUsd) {
}

package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A customer's own balance, for the SDK's pre-flight check. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalanceView(
        @Schema(examples = "250.000000000000") BigDecimal balance,
        @Schema(examples = "credits") String currency,
        @Schema(description = "True when the balance is at or below the wallet's low-balance threshold, or <= 0")
        boolean lowBalance,
        @Schema(description = "With estimate: balance >= estimate. Without: balance > 0") boolean canSpend,
        @Schema(description = "The estimate asked about, if any") BigDecimal estimate) {
}

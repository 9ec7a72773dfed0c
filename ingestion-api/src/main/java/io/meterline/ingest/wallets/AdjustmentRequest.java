package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST .../wallet/adjustments: a signed correction with a reason. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdjustmentRequest(
        @Schema(required = true, description = "Signed, non-zero credits; negative takes credits away", examples = "-25.5")
        BigDecimal amount,
        @Schema(required = true, examples = "Refund of duplicated charge, ticket 1234") String reason,
        @Schema(required = true, examples = "adj-ticket-1234") String idempotencyKey) {
}

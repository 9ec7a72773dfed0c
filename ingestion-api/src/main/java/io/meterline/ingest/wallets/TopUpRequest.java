package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST .../wallet/top-ups. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TopUpRequest(
        @Schema(required = true, description = "Credits to add: a positive decimal, as a string or a number",
                examples = "500.00") BigDecimal amount,
        @Schema(required = true, description = "Makes retries safe: the same key is credited once", examples = "invoice-2025-0042")
        String idempotencyKey,
        @Schema(examples = "Invoice 2025-0042 paid") String description) {
}

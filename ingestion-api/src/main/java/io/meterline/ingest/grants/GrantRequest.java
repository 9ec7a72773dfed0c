package io.meterline.ingest.grants;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/admin/customers/{id}/grants. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GrantRequest(
        @Schema(required = true, description = "Makes retries safe: 1..128 of A-Z a-z 0-9 . _ -, starting with a "
                + "letter or digit", examples = "promo-2026-spring") String grantId,
        @Schema(required = true, description = "Credits granted: a positive decimal, as a string or a number",
                examples = "1000") BigDecimal amount,
        @Schema(required = true, enumeration = {"PURCHASE", "PROMOTIONAL", "PLAN", "ADJUSTMENT"}) String source,
        @Schema(description = "Lower burns first; 0..1000000, default 100", examples = "10") Integer priority,
        @Schema(description = "When the credits become spendable (default now)", examples = "2026-04-01T00:00:00Z")
        Instant effectiveAt,
        @Schema(description = "When the unused remainder expires (after effective_at, in the future; default never)",
                examples = "2026-06-30T23:59:59Z") Instant expiresAt,
        @Schema(description = "JSON object, at most 4 KB serialized") JsonNode metadata) {
}

package io.meterline.ingest.grants;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A credit grant as the admin API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GrantView(
        String customerId,
        @Schema(description = "Given by the admin API; '<type>:<key>' for the implicit grant of a top-up "
                + "(top_up:invoice-1) or other credit, 'opening:v19' for a balance from before grants")
        String grantId,
        @Schema(enumeration = {"PURCHASE", "PROMOTIONAL", "PLAN", "ADJUSTMENT"}) String source,
        @Schema(description = "Lower burns first") int priority,
        @Schema(examples = "1000.000000000000") BigDecimal amount,
        @Schema(description = "What is left to spend (0 until the grant is posted)", examples = "750.000000000000")
        BigDecimal remaining,
        @Schema(description = "PENDING (effective_at not reached), ACTIVE, EXPIRED or VOIDED",
                enumeration = {"PENDING", "ACTIVE", "EXPIRED", "VOIDED"}) String state,
        Instant effectiveAt,
        Instant expiresAt,
        @Schema(description = "As given", implementation = Object.class) @JsonRawValue String metadata,
        Instant createdAt,
        Instant closedAt) {

    static GrantView of(GrantRow g) {
        return new GrantView(g.customerId(), g.grantId(), g.source(), g.priority(), g.amount(), g.remaining(),
                g.state(), g.effectiveAt(), g.expiresAt(), g.metadata(), g.createdAt(), g.closedAt());
    }
}

package io.meterline.ingest.plans;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/admin/plans: creates the plan, or a new version of it when anything differs. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanRequest(
        @Schema(required = true, description = "1..128 of A-Z a-z 0-9 . _ -, starting with a letter or digit",
                examples = "pro-monthly") String planId,
        @Schema(required = true, description = "Display name, 1..200 characters", examples = "Pro") String name,
        @Schema(required = true, description = "Credits granted each period: a positive decimal", examples = "10000")
        BigDecimal monthlyCredits,
        @Schema(required = true, enumeration = {"NONE", "CAPPED", "FULL"}, description = "What happens to a period's "
                + "unused credits at its end: NONE expire, CAPPED up to rollover_max carried into the next period, "
                + "FULL all carried") String rollover,
        @Schema(description = "Required with CAPPED (a decimal >= 0), refused otherwise", examples = "5000")
        BigDecimal rolloverMax,
        @Schema(description = "Priority of the period grants (lower burns first); 0..1000000, default 100",
                examples = "50") Integer grantPriority) {
}

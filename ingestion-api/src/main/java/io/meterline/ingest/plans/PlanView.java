package io.meterline.ingest.plans;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One version of a plan as the admin API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlanView(
        String planId,
        @Schema(description = "1, 2, ...: a period uses the newest version created at or before its start") int version,
        String name,
        @Schema(examples = "10000.000000000000") BigDecimal monthlyCredits,
        @Schema(enumeration = {"NONE", "CAPPED", "FULL"}) String rollover,
        @Schema(description = "Only for CAPPED") BigDecimal rolloverMax,
        int grantPriority,
        Instant createdAt) {

    public static PlanView of(PlanRow p) {
        return new PlanView(p.planId(), p.version(), p.name(), p.monthlyCredits(), p.rollover(), p.rolloverMax(),
                p.grantPriority(), p.createdAt());
    }
}

package io.meterline.ingest.audit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.common.audit.AuditCheck;

/** The audit's answer: zero {@code violations} means every invariant holds for the scope audited. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditReport(Instant checkedAt, String customerId, long violations, List<AuditCheck> checks) {

    static AuditReport of(Instant checkedAt, String customerId, List<AuditCheck> checks) {
        return new AuditReport(checkedAt, customerId, checks.stream().mapToLong(AuditCheck::violations).sum(), checks);
    }
}

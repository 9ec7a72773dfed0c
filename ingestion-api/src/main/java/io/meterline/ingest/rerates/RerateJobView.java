package io.meterline.ingest.rerates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A re-rating job: what it covers, how far it got and what it changed. credits_difference = new_credits -
 * old_credits over the changed events (positive: the customers owe more; the RERATE ledger rows carry its negation).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RerateJobView(
        UUID id,
        @Schema(description = "QUEUED, RUNNING (pricing chunks, then settling wallets) or SUCCEEDED") String status,
        List<RerateJobRow.Scope> scopes,
        @Schema(description = "The corrected rate versions stored with the job") List<Long> rateIds,
        @Schema(description = "The versions they replaced (kept, no longer applied)") List<Long> supersededRateIds,
        @Schema(description = "PRICED usage rows of the scopes looked at so far") long rowsExamined,
        @Schema(description = "Rows whose price changed (one item and one usage-priced record each)") long rowsChanged,
        @Schema(description = "PRICED rows the corrected rates cannot price: left as they were") long rowsUnpriceable,
        @Schema(description = "Wallets with their RERATE ledger row") int walletsSettled,
        BigDecimal oldCredits, BigDecimal newCredits, BigDecimal creditsDifference,
        Instant createdAt, Instant startedAt, Instant scannedAt, Instant finishedAt) {

    static RerateJobView of(RerateJobRow row) {
        return new RerateJobView(row.id(), row.status(), row.scopes(), row.rateIds(), row.supersededRateIds(),
                row.rowsExamined(), row.rowsChanged(), row.rowsUnpriceable(), row.walletsSettled(), row.oldCredits(),
                row.newCredits(), row.newCredits().subtract(row.oldCredits()), row.createdAt(), row.startedAt(),
                row.scannedAt(), row.finishedAt());
    }
}

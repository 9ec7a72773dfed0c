package io.meterline.ingest.charges;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/charges (and of the admin form). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChargeRequest(
        @Schema(required = true, description = "The idempotency key: the same request_id is charged once",
                examples = "report-2026-11-0042") String requestId,
        @Schema(required = true, description = "Credits to charge: a positive decimal (at most 10^15), as a string "
                + "or a number", examples = "25.00") BigDecimal amount,
        @Schema(description = "The feature charged for (rollups group by it)", examples = "pdf-report") String featureId,
        @Schema(examples = "Quarterly PDF report") String description,
        @Schema(description = "A JSON object, stored as sent (at most meterline.ingest.max-metadata-bytes)")
        JsonNode metadata,
        @Schema(description = "An OPEN reservation this charge settles: its hold is released and counts as available "
                + "for this charge; an unknown or closed one is ignored", examples = "report-2026-11-0042-hold")
        String reservationId) {
}

package io.meterline.ingest.reservations;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/reservations (and of the admin form). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReservationRequest(
        @Schema(required = true, description = "The idempotency key, and what an event or charge names to settle it",
                examples = "chat-7f3a-turn-12") String reservationId,
        @Schema(required = true, description = "Credits to hold: a positive decimal (at most 10^15), as a string or "
                + "a number", examples = "12.5") BigDecimal estimate,
        @Schema(description = "How long the hold lasts unless settled or released: 1..86400, default 300",
                examples = "300") Integer ttlSeconds,
        @Schema(description = "The feature the hold is for", examples = "chat") String featureId,
        @Schema(description = "A JSON object, stored as sent (at most meterline.ingest.max-metadata-bytes)")
        JsonNode metadata) {
}

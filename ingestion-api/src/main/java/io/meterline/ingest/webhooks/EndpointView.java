package io.meterline.ingest.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An endpoint as admins see it. {@code secret} is present only in the answer that creates it or rotates it;
 * {@code status} is ENABLED, FAILING (enabled, its last attempts failed in a row) or DISABLED (by an admin, or
 * after a 410 Gone: {@code disabled_reason} ADMIN or GONE).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EndpointView(
        UUID id,
        @Schema(description = "Owner; null for a global (operator) endpoint that receives every customer's events")
        String customerId,
        String url,
        String description,
        List<String> eventTypes,
        @Schema(examples = "ENABLED") String status,
        String disabledReason,
        int consecutiveFailures,
        Instant failingSince,
        @Schema(description = "Until then the previous secret still signs alongside the current one")
        Instant previousSecretExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The signing secret: only when created or rotated; store it now")
        String secret) {

    static EndpointView of(EndpointRow row, boolean withSecret) {
        String status = !row.enabled() ? "DISABLED" : row.failingSince() != null ? "FAILING" : "ENABLED";
        Instant previous = row.previousSecretExpiresAt() != null && row.previousSecretExpiresAt().isAfter(Instant.now())
                ? row.previousSecretExpiresAt() : null;
        return new EndpointView(row.id(), row.customerId(), row.url(), row.description(), row.eventTypes(), status,
                row.disabledReason(), row.consecutiveFailures(), row.failingSince(), previous, row.createdAt(),
                row.updatedAt(), withSecret ? row.secret() : null);
    }
}

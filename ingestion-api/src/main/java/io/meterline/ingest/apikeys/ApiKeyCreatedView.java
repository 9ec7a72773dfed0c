package io.meterline.ingest.apikeys;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The answer to issuing a key: the only time the key itself is ever shown. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyCreatedView(
        UUID keyId,
        String customerId,
        @Schema(description = "The key; store it now, it cannot be shown again", examples = "ml_3fK9aQ2xV7...")
        String apiKey,
        @Schema(examples = "ml_3fK9aQ2x") String prefix,
        String name,
        Instant createdAt) {
}

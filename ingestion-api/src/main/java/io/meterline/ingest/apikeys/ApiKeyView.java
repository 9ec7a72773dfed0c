package io.meterline.ingest.apikeys;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A stored key without its secret. last_used_at is recorded at most once a minute. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiKeyView(UUID keyId, String customerId, String prefix, String name, Instant createdAt,
        Instant lastUsedAt, Instant revokedAt) {
}

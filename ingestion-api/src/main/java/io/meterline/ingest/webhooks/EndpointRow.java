package io.meterline.ingest.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored endpoint, secrets included (never shown except the current one right after it is set). */
record EndpointRow(UUID id, String customerId, String url, String description, List<String> eventTypes,
        String secret, Instant previousSecretExpiresAt, boolean enabled, String disabledReason,
        int consecutiveFailures, Instant failingSince, Instant createdAt, Instant updatedAt) {
}

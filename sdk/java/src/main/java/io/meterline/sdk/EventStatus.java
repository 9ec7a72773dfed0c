package io.meterline.sdk;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code GET /v1/events/{id}}: {@code PENDING} (accepted, not yet priced), then {@code PRICED}, {@code UNPRICED} or
 * {@code REJECTED} (with {@code reason}). Money is exact; fields the API did not send are null.
 */
public record EventStatus(UUID eventId, String status, BigDecimal costUsd, BigDecimal credits, String eventType,
                          String featureId, String provider, String model, String timestamp, String receivedAt,
                          String processedAt, String batchId, String reason) {
}

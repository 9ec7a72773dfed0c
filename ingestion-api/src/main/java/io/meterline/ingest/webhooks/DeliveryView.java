package io.meterline.ingest.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A delivery with its attempts. {@code message_id} is the webhook-id header of every attempt; {@code payload} the
 * exact body sent. status: PENDING (next at next_attempt_at), DELIVERED, FAILED, DRY_RUN.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryView(UUID deliveryId, UUID endpointId, String messageId, String eventType, String status,
        int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
        Instant finishedAt, @JsonRawValue String payload, List<AttemptView> attemptLog) {

    /** One attempt as it ended: DELIVERED, FAILED, GONE, REFUSED or DRY_RUN. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AttemptView(int attempt, String outcome, Integer statusCode, Integer latencyMs,
            String responseExcerpt, String error, Instant attemptedAt) {
    }

    DeliveryView withAttempts(List<AttemptView> attempts) {
        return new DeliveryView(deliveryId, endpointId, messageId, eventType, status, this.attempts, nextAttemptAt,
                lastStatusCode, lastError, createdAt, finishedAt, payload, attempts);
    }
}

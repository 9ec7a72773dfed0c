package io.meterline.ingest.webhooks;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The webhook.test delivery queued by POST /v1/admin/webhook-endpoints/{id}/test. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TestSentView(UUID endpointId, UUID deliveryId, String messageId, String eventType) {
}

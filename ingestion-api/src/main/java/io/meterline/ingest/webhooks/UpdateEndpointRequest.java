package io.meterline.ingest.webhooks;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of PATCH /v1/admin/webhook-endpoints/{id}: only the fields present change (the owner never does). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateEndpointRequest(String url, List<String> eventTypes, String description) {
}

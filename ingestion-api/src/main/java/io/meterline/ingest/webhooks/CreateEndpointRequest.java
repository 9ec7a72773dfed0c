package io.meterline.ingest.webhooks;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/admin/webhook-endpoints; without customer_id the endpoint is global (the operator's). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateEndpointRequest(String url, List<String> eventTypes, String customerId, String description) {
}

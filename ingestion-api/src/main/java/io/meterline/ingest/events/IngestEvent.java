package io.meterline.ingest.events;

import java.math.BigDecimal;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One event as a client sends it. The API reads the body as a JSON tree and validates each event on its own
 * ({@code EventValidator}), so a malformed event is reported instead of failing the batch; this record documents
 * the contract (OpenAPI) and is what Java clients and tests write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "IngestEvent", description = "One usage event")
public record IngestEvent(
        @Schema(required = true, description = "UUID chosen by the client; the dedup key unless idempotency_key is set")
        @JsonProperty("event_id") String eventId,
        @Schema(required = true, description = "Must be the customer of the API key")
        @JsonProperty("customer_id") String customerId,
        @Schema(required = true, enumeration = {"TOKEN_USAGE", "API_CALL", "IMAGE_GENERATION", "AUDIO", "CUSTOM"})
        @JsonProperty("event_type") String eventType,
        @Schema(required = true, maxLength = 128) @JsonProperty("feature_id") String featureId,
        @Schema(description = "Required for TOKEN_USAGE, e.g. openai") @JsonProperty("provider") String provider,
        @Schema(description = "Required for TOKEN_USAGE, e.g. gpt-4o-mini") @JsonProperty("model") String model,
        @Schema(description = "Uncached input tokens only; cached reads go to cached_input_tokens")
        @JsonProperty("input_tokens") Long inputTokens,
        @JsonProperty("cached_input_tokens") Long cachedInputTokens,
        @JsonProperty("cache_write_tokens") Long cacheWriteTokens,
        @JsonProperty("output_tokens") Long outputTokens,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                description = "Non-negative decimal (number or string); required for IMAGE_GENERATION, AUDIO, CUSTOM; API_CALL defaults to 1")
        @JsonProperty("quantity") BigDecimal quantity,
        @Schema(description = "What quantity counts; required for CUSTOM") @JsonProperty("unit") String unit,
        @Schema(required = true, description = "RFC 3339; at most 35 days old, at most 5 minutes ahead")
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("user_id") String userId,
        @JsonProperty("team_id") String teamId,
        @Schema(description = "JSON object, at most 4 KB serialized") @JsonProperty("metadata") Map<String, Object> metadata,
        @Schema(maxLength = 255, description = "Dedup key instead of event_id when set")
        @JsonProperty("idempotency_key") String idempotencyKey,
        @Schema(maxLength = 255, description = "An OPEN reservation of the customer this event settles (its cost is "
                + "burned, the whole hold released); unknown or closed ones are ignored")
        @JsonProperty("reservation_id") String reservationId) {

    /** A TOKEN_USAGE event with the required fields only. */
    public static IngestEvent tokens(String eventId, String customerId, String featureId, String provider, String model,
                                     long input, long output, String timestamp) {
        return new IngestEvent(eventId, customerId, "TOKEN_USAGE", featureId, provider, model, input, null, null, output,
                null, null, timestamp, null, null, null, null, null);
    }

    public IngestEvent withIdempotencyKey(String key) {
        return new IngestEvent(eventId, customerId, eventType, featureId, provider, model, inputTokens, cachedInputTokens,
                cacheWriteTokens, outputTokens, quantity, unit, timestamp, userId, teamId, metadata, key, reservationId);
    }

    public IngestEvent withReservationId(String id) {
        return new IngestEvent(eventId, customerId, eventType, featureId, provider, model, inputTokens, cachedInputTokens,
                cacheWriteTokens, outputTokens, quantity, unit, timestamp, userId, teamId, metadata, idempotencyKey, id);
    }
}

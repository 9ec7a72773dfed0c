package io.meterline.common.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Version 1 of a usage event as it travels on the {@code usage-events} topic (key = customer_id).
 * Produced by the ingestion API once the event has been validated; consumed by the cost worker.
 *
 * <p>Compatibility: fields may be added, never renamed or re-typed; a breaking change is a new record
 * ({@code UsageEventV2}) and a new {@code schema_version}.
 *
 * <p>{@code input_tokens} counts uncached input only; cached reads and cache writes have their own counters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageEventV1(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("event_type") EventType eventType,
        @JsonProperty("feature_id") String featureId,
        @JsonProperty("provider") String provider,
        @JsonProperty("model") String model,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("cached_input_tokens") long cachedInputTokens,
        @JsonProperty("cache_write_tokens") long cacheWriteTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("quantity") BigDecimal quantity,
        @JsonProperty("unit") String unit,
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("user_id") String userId,
        @JsonProperty("team_id") String teamId,
        @JsonProperty("metadata") JsonNode metadata,
        @JsonProperty("idempotency_key") String idempotencyKey,
        @JsonProperty("batch_id") UUID batchId,
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("reservation_id") String reservationId) {

    public static final int SCHEMA_VERSION = 1;

    /** An event that names no reservation (the form before spend control). */
    public UsageEventV1(int schemaVersion, UUID eventId, String customerId, EventType eventType, String featureId,
            String provider, String model, long inputTokens, long cachedInputTokens, long cacheWriteTokens,
            long outputTokens, BigDecimal quantity, String unit, Instant timestamp, String userId, String teamId,
            JsonNode metadata, String idempotencyKey, UUID batchId, Instant receivedAt) {
        this(schemaVersion, eventId, customerId, eventType, featureId, provider, model, inputTokens, cachedInputTokens,
                cacheWriteTokens, outputTokens, quantity, unit, timestamp, userId, teamId, metadata, idempotencyKey,
                batchId, receivedAt, null);
    }

    /**
     * The key that makes an event unique for its customer: the idempotency key when the client sent one,
     * otherwise the event id. Redis de-duplication and the Postgres primary key of {@code usage_events}
     * both use (customer_id, dedupKey()), so they can never disagree.
     */
    public String dedupKey() {
        return dedupKey(idempotencyKey, eventId);
    }

    public static String dedupKey(String idempotencyKey, UUID eventId) {
        return idempotencyKey != null ? idempotencyKey : eventId.toString();
    }
}

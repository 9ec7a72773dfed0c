package io.meterline.sdk;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One usage event, as the ingest API reads it (README, "the usage-events record"). {@code eventId} and
 * {@code timestamp} may be left null: {@link MeterlineClient#track} assigns them once, when the event is tracked,
 * so every retry re-sends the same id and timestamp and the API's dedup makes the retry safe.
 *
 * <p>{@code inputTokens} counts uncached input only; cached reads go in {@code cachedInputTokens}, cache writes in
 * {@code cacheWriteTokens}. {@code quantity} is exact and sent as a decimal string. {@code reservationId} names an open
 * reservation the event settles.
 */
public record UsageEvent(UUID eventId, String customerId, EventType eventType, String featureId, String provider,
                         String model, Long inputTokens, Long cachedInputTokens, Long cacheWriteTokens,
                         Long outputTokens, BigDecimal quantity, String unit, Instant timestamp, String userId,
                         String teamId, Map<String, Object> metadata, String idempotencyKey,
                         String reservationId) {

    public UsageEvent {
        metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A TOKEN_USAGE event builder with its provider and model. */
    public static Builder tokens(String featureId, String provider, String model) {
        return builder().eventType(EventType.TOKEN_USAGE).featureId(featureId).provider(provider).model(model);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.eventId = eventId; b.customerId = customerId; b.eventType = eventType; b.featureId = featureId;
        b.provider = provider; b.model = model; b.inputTokens = inputTokens; b.cachedInputTokens = cachedInputTokens;
        b.cacheWriteTokens = cacheWriteTokens; b.outputTokens = outputTokens; b.quantity = quantity; b.unit = unit;
        b.timestamp = timestamp; b.userId = userId; b.teamId = teamId; b.metadata = metadata;
        b.idempotencyKey = idempotencyKey; b.reservationId = reservationId;
        return b;
    }

    /** This event with the id, timestamp and customer it is tracked with (each kept if already set). */
    UsageEvent completed(String defaultCustomerId, Instant now) {
        if (eventId != null && timestamp != null && customerId != null) {
            return this;
        }
        return toBuilder().eventId(eventId != null ? eventId : UUID.randomUUID())
                .timestamp(timestamp != null ? timestamp : now)
                .customerId(customerId != null ? customerId : defaultCustomerId).build();
    }

    public static final class Builder {
        private UUID eventId;
        private String customerId;
        private EventType eventType;
        private String featureId;
        private String provider;
        private String model;
        private Long inputTokens;
        private Long cachedInputTokens;
        private Long cacheWriteTokens;
        private Long outputTokens;
        private BigDecimal quantity;
        private String unit;
        private Instant timestamp;
        private String userId;
        private String teamId;
        private Map<String, Object> metadata;
        private String idempotencyKey;
        private String reservationId;

        public Builder eventId(UUID v) { eventId = v; return this; }
        public Builder customerId(String v) { customerId = v; return this; }
        public Builder eventType(EventType v) { eventType = v; return this; }
        public Builder featureId(String v) { featureId = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder inputTokens(long v) { inputTokens = v; return this; }
        public Builder cachedInputTokens(long v) { cachedInputTokens = v; return this; }
        public Builder cacheWriteTokens(long v) { cacheWriteTokens = v; return this; }
        public Builder outputTokens(long v) { outputTokens = v; return this; }
        public Builder quantity(BigDecimal v) { quantity = v; return this; }
        public Builder quantity(String v) { quantity = new BigDecimal(v); return this; }
        public Builder unit(String v) { unit = v; return this; }
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder teamId(String v) { teamId = v; return this; }
        public Builder metadata(Map<String, Object> v) { metadata = v; return this; }
        public Builder idempotencyKey(String v) { idempotencyKey = v; return this; }
        /** An open reservation this usage settles (its hold is released, the event's cost burned as usual). */
        public Builder reservationId(String v) { reservationId = v; return this; }

        public UsageEvent build() {
            Objects.requireNonNull(eventType, "eventType");
            return new UsageEvent(eventId, customerId, eventType, featureId, provider, model, inputTokens,
                    cachedInputTokens, cacheWriteTokens, outputTokens, quantity, unit, timestamp, userId, teamId,
                    metadata, idempotencyKey, reservationId);
        }
    }
}

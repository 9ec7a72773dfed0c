package io.meterline.ingest.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.meterline.ingest.events.UsageEventRepository.DuplicateEvent;
import io.meterline.ingest.events.UsageEventRepository.StoredEvent;

/**
 * Where one event is in the pipeline. {@code cost_usd} and {@code credits} are decimal strings, present
 * (possibly null) in every answer; the other fields appear once the cost worker has stored the event. A REJECTED
 * event has {@code reason} and, besides its id, only {@code received_at} and {@code processed_at}. A PRICED event has
 * {@code refunded_credits}, what its refunds add up to (its usage row and credits stay as they were). An event whose
 * idempotency key belongs to another event is REJECTED with {@code duplicate_of}, that event's id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventStatusResponse(
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("status") String status,
        @JsonProperty("cost_usd") @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal costUsd,
        @JsonProperty("credits") @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal credits,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("feature_id") String featureId,
        @JsonProperty("provider") String provider,
        @JsonProperty("model") String model,
        @JsonProperty("timestamp") OffsetDateTime timestamp,
        @JsonProperty("received_at") OffsetDateTime receivedAt,
        @JsonProperty("processed_at") OffsetDateTime processedAt,
        @JsonProperty("batch_id") UUID batchId,
        @JsonProperty("reason") String reason,
        @JsonProperty("refunded_credits") BigDecimal refundedCredits,
        @JsonProperty("duplicate_of") UUID duplicateOf) {

    public static final String PENDING = "PENDING";

    public static EventStatusResponse pending(UUID eventId) {
        return new EventStatusResponse(eventId, PENDING, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public static EventStatusResponse stored(StoredEvent e) {
        return new EventStatusResponse(e.eventId(), e.status(), e.costUsd(), e.credits(), e.eventType(), e.featureId(),
                e.provider(), e.model(), e.eventTime(), e.receivedAt(), e.processedAt(), e.batchId(), e.rejectReason(),
                e.refundedCredits(), null);
    }

    /** An event not stored because its idempotency key belongs to another event: REJECTED, not billed. */
    public static EventStatusResponse duplicate(DuplicateEvent d) {
        return new EventStatusResponse(d.eventId(), "REJECTED", null, null, null, null, null, null, null,
                d.receivedAt(), d.recordedAt(), null, "duplicate: idempotency_key already used by event "
                        + d.duplicateOf() + "; not billed again", null, d.duplicateOf());
    }
}

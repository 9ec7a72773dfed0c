package io.meterline.ingest.events;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.money.MoneyJacksonModule;
import io.meterline.common.time.IsoInstant;
import io.meterline.common.validation.UsageEventRules;

/**
 * Turns one JSON event of a batch into a {@link UsageEventV1}, or into the first reason it cannot be accepted.
 * Pure: no I/O, no clock (the caller passes {@code receivedAt}), safe to share between threads.
 *
 * <p>This class only reads JSON types (wrong type: INVALID_TYPE, unparseable: INVALID_FORMAT) and applies the
 * edge's admission policy: the customer must be the API key's, the timestamp within the accepted window, metadata
 * within its size limit. Every rule on the values themselves is {@link UsageEventRules}, the rule set the cost
 * worker applies too, so an event accepted here is never refused there.
 *
 * <p>Rules (documented for clients): unknown fields are ignored; blank optional strings count as absent;
 * counters are whole non-negative JSON numbers, absent = 0; {@code quantity} is a JSON number or a decimal
 * string; it is required for IMAGE_GENERATION, AUDIO and CUSTOM, and defaults to 1 for API_CALL; {@code unit}
 * is required for CUSTOM; {@code provider} and {@code model} for TOKEN_USAGE.
 */
public final class EventValidator {

    /** Longest text of a field this class parses itself (event_id, event_type, timestamp). */
    private static final int MAX_PARSED_TEXT = 64;
    private static final int MAX_QUANTITY_TEXT = 64;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Map<String, EventType> TYPES = new HashMap<>();

    static {
        for (EventType type : EventType.values()) {
            TYPES.put(type.name(), type);
        }
    }

    /** Exactly one of the two is set. */
    public record Checked(UsageEventV1 event, IngestError error) {
    }

    private final Duration maxAge;
    private final Duration maxAhead;
    private final int maxMetadataBytes;

    public EventValidator(Duration maxAge, Duration maxAhead, int maxMetadataBytes) {
        this.maxAge = maxAge;
        this.maxAhead = maxAhead;
        this.maxMetadataBytes = maxMetadataBytes;
    }

    public Checked check(JsonNode node, int index, String customerId, UUID batchId, Instant receivedAt) {
        try {
            return new Checked(toEvent(node, customerId, batchId, receivedAt), null);
        } catch (Reject r) {
            return new Checked(null, new IngestError(index, eventIdAsSent(node), r.code, r.field, r.getMessage()));
        }
    }

    private UsageEventV1 toEvent(JsonNode node, String customerId, UUID batchId, Instant receivedAt) {
        if (node == null || !node.isObject()) {
            throw new Reject(RejectCode.INVALID_TYPE, null, "each event must be a JSON object");
        }
        UUID eventId = uuid(node, "event_id");
        String customer = text(node, "customer_id");
        if (customer == null) {
            throw new Reject(RejectCode.MISSING_FIELD, "customer_id", "is required");
        }
        if (!customer.equals(customerId)) {
            throw new Reject(RejectCode.CUSTOMER_MISMATCH, "customer_id", "does not belong to this API key");
        }
        EventType type = eventType(node);
        String featureId = text(node, "feature_id");
        Instant timestamp = timestamp(node, receivedAt);
        String provider = text(node, "provider");
        String model = text(node, "model");
        long input = count(node, "input_tokens");
        long cachedInput = count(node, "cached_input_tokens");
        long cacheWrite = count(node, "cache_write_tokens");
        long output = count(node, "output_tokens");
        BigDecimal quantity = quantity(node, type);
        String unit = text(node, "unit");
        String userId = text(node, "user_id");
        String teamId = text(node, "team_id");
        JsonNode metadata = metadata(node);
        String idempotencyKey = text(node, "idempotency_key");
        String reservationId = text(node, "reservation_id");
        UsageEventV1 event = new UsageEventV1(UsageEventV1.SCHEMA_VERSION, eventId, customer, type, featureId,
                provider, model, input, cachedInput, cacheWrite, output, quantity, unit, timestamp, userId, teamId,
                metadata, idempotencyKey, batchId, receivedAt, reservationId);
        UsageEventRules.Violation violation = UsageEventRules.check(event);
        if (violation != null) {
            throw new Reject(code(violation.code()), violation.field(), violation.message());
        }
        checkMetadataSize(metadata); // after the rules: a lone surrogate would fail the measuring, not the size
        return event;
    }

    /** The string value, or null when absent, null or blank; INVALID_TYPE when it is no string. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Reject(RejectCode.INVALID_TYPE, field, "must be a string");
        }
        String text = value.textValue();
        return text.isBlank() ? null : text;
    }

    /** A string this class parses itself: required, and short. */
    private static String parsedText(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            throw new Reject(RejectCode.MISSING_FIELD, field, "is required");
        }
        if (text.length() > MAX_PARSED_TEXT) {
            throw new Reject(RejectCode.INVALID_VALUE, field, "must be at most " + MAX_PARSED_TEXT + " characters");
        }
        return text;
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = parsedText(node, field);
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new Reject(RejectCode.INVALID_FORMAT, field, "must be a UUID such as 0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b");
    }

    private static EventType eventType(JsonNode node) {
        String text = parsedText(node, "event_type");
        EventType type = TYPES.get(text);
        if (type == null) {
            throw new Reject(RejectCode.INVALID_VALUE, "event_type",
                    "must be one of TOKEN_USAGE, API_CALL, IMAGE_GENERATION, AUDIO, CUSTOM");
        }
        return type;
    }

    private Instant timestamp(JsonNode node, Instant receivedAt) {
        String text = parsedText(node, "timestamp");
        Instant timestamp;
        try {
            timestamp = IsoInstant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Reject(RejectCode.INVALID_FORMAT, "timestamp",
                    "must be an RFC 3339 date-time with offset, such as 2025-01-31T12:00:00Z");
        }
        if (timestamp.isBefore(receivedAt.minus(maxAge)) || timestamp.isAfter(receivedAt.plus(maxAhead))) {
            throw new Reject(RejectCode.TIMESTAMP_OUT_OF_RANGE, "timestamp",
                    "must lie between " + maxAge.toDays() + " days ago and " + maxAhead.toMinutes() + " minutes ahead");
        }
        return timestamp;
    }

    /** A whole JSON number that fits a long; its bounds are {@link UsageEventRules}'. */
    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            throw new Reject(RejectCode.INVALID_TYPE, field, "must be a number");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Reject(RejectCode.INVALID_VALUE, field,
                    "must be a whole number from 0 to " + UsageEventRules.MAX_TOKENS);
        }
        return value.longValue();
    }

    /** A JSON number or a plain ASCII decimal string; absent is 1 for API_CALL. Bounds: {@link UsageEventRules}. */
    private static BigDecimal quantity(JsonNode node, EventType type) {
        JsonNode value = node.get("quantity");
        if (value == null || value.isNull()) {
            return type == EventType.API_CALL ? BigDecimal.ONE : null;
        }
        if (value.isNumber()) {
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                throw new Reject(RejectCode.INVALID_VALUE, "quantity", "must be a finite number");
            }
            return value.decimalValue();
        }
        if (!value.isTextual()) {
            throw new Reject(RejectCode.INVALID_TYPE, "quantity", "must be a number or a decimal string");
        }
        String text = value.textValue().trim();
        if (text.length() > MAX_QUANTITY_TEXT || !MoneyJacksonModule.isDecimal(text)) {
            throw new Reject(RejectCode.INVALID_FORMAT, "quantity", "must be a decimal number such as \"12.5\"");
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new Reject(RejectCode.INVALID_FORMAT, "quantity", "must be a decimal number such as \"12.5\"");
        }
    }

    private JsonNode metadata(JsonNode node) {
        JsonNode value = node.get("metadata");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new Reject(RejectCode.INVALID_TYPE, "metadata", "must be a JSON object");
        }
        return value;
    }

    private void checkMetadataSize(JsonNode metadata) {
        if (metadata == null) {
            return;
        }
        try {
            PLAIN.writeValue(new CappedCount(maxMetadataBytes), metadata);
        } catch (IOException tooLarge) {
            throw new Reject(RejectCode.METADATA_TOO_LARGE, "metadata",
                    "must serialize to at most " + maxMetadataBytes + " bytes");
        }
    }

    private static RejectCode code(UsageEventRules.Code code) {
        return switch (code) {
            case MISSING_FIELD -> RejectCode.MISSING_FIELD;
            case INVALID_TYPE -> RejectCode.INVALID_TYPE;
            case INVALID_VALUE -> RejectCode.INVALID_VALUE;
        };
    }

    private static String eventIdAsSent(JsonNode node) {
        JsonNode id = node == null ? null : node.get("event_id");
        return id != null && id.isTextual() && id.textValue().length() <= 64 ? id.textValue() : null;
    }

    /** First failure of an event; no stack trace, it is a value, not an error. */
    private static final class Reject extends RuntimeException {
        final RejectCode code;
        final String field;

        Reject(RejectCode code, String field, String message) {
            super(message, null, false, false);
            this.code = code;
            this.field = field;
        }
    }
}

package io.meterline.ingest.service;

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
import io.meterline.common.time.IsoInstant;

/**
 * Turns one JSON event of a batch into a {@link UsageEventV1}, or into the first reason it cannot be accepted.
 * Pure: no I/O, no clock (the caller passes {@code receivedAt}), safe to share between threads.
 *
 * <p>Rules (documented for clients): unknown fields are ignored; blank optional strings count as absent;
 * counters are whole non-negative JSON numbers, absent = 0; {@code quantity} is a JSON number or a decimal
 * string that fits NUMERIC(38,18); it is required for IMAGE_GENERATION, AUDIO and CUSTOM, and defaults to 1
 * for API_CALL; {@code unit} is required for CUSTOM; {@code provider} and {@code model} for TOKEN_USAGE.
 */
public final class EventValidator {

    static final int MAX_FEATURE_ID = 128;
    static final int MAX_LABEL = 128;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final int MAX_QUANTITY_TEXT = 64;
    private static final int QUANTITY_SCALE = 18;
    private static final int QUANTITY_INTEGER_DIGITS = 20;
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
        String customer = text(node, "customer_id", Integer.MAX_VALUE, true);
        if (!customer.equals(customerId)) {
            throw new Reject(RejectCode.CUSTOMER_MISMATCH, "customer_id", "does not belong to this API key");
        }
        EventType type = eventType(node);
        String featureId = text(node, "feature_id", MAX_FEATURE_ID, true);
        Instant timestamp = timestamp(node, receivedAt);
        boolean tokens = type == EventType.TOKEN_USAGE;
        String provider = text(node, "provider", MAX_LABEL, tokens);
        String model = text(node, "model", MAX_LABEL, tokens);
        long input = count(node, "input_tokens");
        long cachedInput = count(node, "cached_input_tokens");
        long cacheWrite = count(node, "cache_write_tokens");
        long output = count(node, "output_tokens");
        BigDecimal quantity = quantity(node, type);
        String unit = text(node, "unit", MAX_LABEL, type == EventType.CUSTOM);
        String userId = text(node, "user_id", MAX_LABEL, false);
        String teamId = text(node, "team_id", MAX_LABEL, false);
        JsonNode metadata = metadata(node);
        String idempotencyKey = text(node, "idempotency_key", MAX_IDEMPOTENCY_KEY, false);
        return new UsageEventV1(UsageEventV1.SCHEMA_VERSION, eventId, customer, type, featureId, provider, model,
                input, cachedInput, cacheWrite, output, quantity, unit, timestamp, userId, teamId, metadata,
                idempotencyKey, batchId, receivedAt);
    }

    private static String text(JsonNode node, String field, int maxLength, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            if (required) {
                throw new Reject(RejectCode.MISSING_FIELD, field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new Reject(RejectCode.INVALID_TYPE, field, "must be a string");
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            throw new Reject(RejectCode.INVALID_VALUE, field, "must be at most " + maxLength + " characters");
        }
        return text;
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = text(node, field, 64, true);
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
        String text = text(node, "event_type", 64, true);
        EventType type = TYPES.get(text);
        if (type == null) {
            throw new Reject(RejectCode.INVALID_VALUE, "event_type",
                    "must be one of TOKEN_USAGE, API_CALL, IMAGE_GENERATION, AUDIO, CUSTOM");
        }
        return type;
    }

    private Instant timestamp(JsonNode node, Instant receivedAt) {
        String text = text(node, "timestamp", 64, true);
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

    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            throw new Reject(RejectCode.INVALID_TYPE, field, "must be a number");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Reject(RejectCode.INVALID_VALUE, field, "must be a whole number below 2^63");
        }
        long count = value.longValue();
        if (count < 0) {
            throw new Reject(RejectCode.INVALID_VALUE, field, "must not be negative");
        }
        return count;
    }

    private static BigDecimal quantity(JsonNode node, EventType type) {
        JsonNode value = node.get("quantity");
        if (value == null || value.isNull()) {
            return switch (type) {
                case TOKEN_USAGE -> null;
                case API_CALL -> BigDecimal.ONE;
                default -> throw new Reject(RejectCode.MISSING_FIELD, "quantity", "is required for " + type);
            };
        }
        BigDecimal quantity;
        if (value.isNumber()) {
            quantity = value.decimalValue();
        } else if (value.isTextual() && value.textValue().length() <= MAX_QUANTITY_TEXT) {
            try {
                quantity = new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw new Reject(RejectCode.INVALID_FORMAT, "quantity", "must be a decimal number such as \"12.5\"");
            }
        } else {
            throw new Reject(RejectCode.INVALID_TYPE, "quantity", "must be a number or a decimal string");
        }
        if (quantity.signum() < 0) {
            throw new Reject(RejectCode.INVALID_VALUE, "quantity", "must not be negative");
        }
        BigDecimal stripped = quantity.stripTrailingZeros();
        if (stripped.scale() > QUANTITY_SCALE || stripped.precision() - stripped.scale() > QUANTITY_INTEGER_DIGITS) {
            throw new Reject(RejectCode.INVALID_VALUE, "quantity",
                    "must have at most " + QUANTITY_INTEGER_DIGITS + " digits before and " + QUANTITY_SCALE + " after the point");
        }
        return quantity;
    }

    private JsonNode metadata(JsonNode node) {
        JsonNode value = node.get("metadata");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new Reject(RejectCode.INVALID_TYPE, "metadata", "must be a JSON object");
        }
        try {
            PLAIN.writeValue(new CappedCount(maxMetadataBytes), value);
        } catch (IOException tooLarge) {
            throw new Reject(RejectCode.METADATA_TOO_LARGE, "metadata",
                    "must serialize to at most " + maxMetadataBytes + " bytes");
        }
        return value;
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

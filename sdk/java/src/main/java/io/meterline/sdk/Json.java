package io.meterline.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The SDK's JSON: events written as the ingest API reads them, answers read leniently. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Json() {
    }

    /** The event's wire form, written once at track time; absent values are omitted. */
    static byte[] write(UsageEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("event_id", e.eventId().toString());
        n.put("customer_id", e.customerId());
        n.put("event_type", e.eventType().name());
        putIf(n, "feature_id", e.featureId());
        putIf(n, "provider", e.provider());
        putIf(n, "model", e.model());
        if (e.inputTokens() != null) n.put("input_tokens", e.inputTokens());
        if (e.cachedInputTokens() != null) n.put("cached_input_tokens", e.cachedInputTokens());
        if (e.cacheWriteTokens() != null) n.put("cache_write_tokens", e.cacheWriteTokens());
        if (e.outputTokens() != null) n.put("output_tokens", e.outputTokens());
        if (e.quantity() != null) n.put("quantity", e.quantity().toPlainString());
        putIf(n, "unit", e.unit());
        n.put("timestamp", e.timestamp().toString());
        putIf(n, "user_id", e.userId());
        putIf(n, "team_id", e.teamId());
        if (e.metadata() != null) n.set("metadata", MAPPER.valueToTree(e.metadata()));
        putIf(n, "idempotency_key", e.idempotencyKey());
        putIf(n, "reservation_id", e.reservationId());
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void putIf(ObjectNode n, String field, String value) {
        if (value != null) n.put(field, value);
    }

    /** The body as JSON, or an empty object when it is not JSON (a proxy's HTML error page, say). */
    static JsonNode read(byte[] body) {
        try {
            JsonNode n = body == null || body.length == 0 ? null : MAPPER.readTree(body);
            return n == null ? MAPPER.createObjectNode() : n;
        } catch (IOException ex) {
            return MAPPER.createObjectNode();
        }
    }

    static JsonNode tree(Object value) {
        if (value instanceof JsonNode n) return n;
        try {
            return value instanceof String s ? MAPPER.readTree(s) : MAPPER.valueToTree(value);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not a JSON document: " + ex.getMessage(), ex);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static BigDecimal decimal(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : new BigDecimal(s);
    }

    static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    static Map<String, Object> map(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isObject() ? null : MAPPER.convertValue(v, MAP);
    }

    static UUID uuid(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : UUID.fromString(s);
    }
}

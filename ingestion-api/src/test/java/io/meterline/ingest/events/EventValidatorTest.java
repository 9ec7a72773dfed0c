package io.meterline.ingest.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meterline.common.JsonCustomizer;
import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;

class EventValidatorTest {

    static final ObjectMapper MAPPER = JsonCustomizer.apply(new ObjectMapper());
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final UUID BATCH = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final String ID = "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
    static final EventValidator VALIDATOR = new EventValidator(Duration.ofDays(35), Duration.ofMinutes(5), 4096);

    static ObjectNode tokens() {
        return (ObjectNode) json("""
                {"event_id": "%s", "customer_id": "acme", "event_type": "TOKEN_USAGE", "feature_id": "chat",
                 "provider": "openai", "model": "gpt-4o", "input_tokens": 10, "output_tokens": 5,
                 "timestamp": "2025-03-01T11:59:00Z"}""".formatted(ID));
    }

    static ObjectNode with(String field, String jsonValue) {
        ObjectNode node = tokens();
        if (jsonValue == null) {
            node.remove(field);
        } else {
            node.set(field, json(jsonValue));
        }
        return node;
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Stream<Arguments> rejected() {
        String bigMetadata = "{\"blob\": \"" + "x".repeat(4100) + "\"}";
        return Stream.of(
                Arguments.of(json("42"), RejectCode.INVALID_TYPE, null),
                Arguments.of(with("event_id", null), RejectCode.MISSING_FIELD, "event_id"),
                Arguments.of(with("event_id", "\"not-a-uuid\""), RejectCode.INVALID_FORMAT, "event_id"),
                Arguments.of(with("event_id", "\"1-1-1-1-1\""), RejectCode.INVALID_FORMAT, "event_id"),
                Arguments.of(with("event_id", "17"), RejectCode.INVALID_TYPE, "event_id"),
                Arguments.of(with("customer_id", null), RejectCode.MISSING_FIELD, "customer_id"),
                Arguments.of(with("customer_id", "\"globex\""), RejectCode.CUSTOMER_MISMATCH, "customer_id"),
                Arguments.of(with("event_type", "\"TOKENS\""), RejectCode.INVALID_VALUE, "event_type"),
                Arguments.of(with("event_type", "\"token_usage\""), RejectCode.INVALID_VALUE, "event_type"),
                Arguments.of(with("feature_id", "\"  \""), RejectCode.MISSING_FIELD, "feature_id"),
                Arguments.of(with("feature_id", "\"" + "f".repeat(129) + "\""), RejectCode.INVALID_VALUE, "feature_id"),
                Arguments.of(with("provider", null), RejectCode.MISSING_FIELD, "provider"),
                Arguments.of(with("model", "null"), RejectCode.MISSING_FIELD, "model"),
                Arguments.of(with("input_tokens", "-1"), RejectCode.INVALID_VALUE, "input_tokens"),
                Arguments.of(with("output_tokens", "1.5"), RejectCode.INVALID_VALUE, "output_tokens"),
                Arguments.of(with("cached_input_tokens", "\"12\""), RejectCode.INVALID_TYPE, "cached_input_tokens"),
                Arguments.of(with("cache_write_tokens", "99999999999999999999"), RejectCode.INVALID_VALUE, "cache_write_tokens"),
                Arguments.of(with("timestamp", null), RejectCode.MISSING_FIELD, "timestamp"),
                Arguments.of(with("timestamp", "\"2025-03-01 11:59:00\""), RejectCode.INVALID_FORMAT, "timestamp"),
                Arguments.of(with("timestamp", "\"2025-03-01T11:59:00\""), RejectCode.INVALID_FORMAT, "timestamp"),
                Arguments.of(with("timestamp", "1740830340"), RejectCode.INVALID_TYPE, "timestamp"),
                Arguments.of(with("timestamp", "\"2025-01-24T11:59:59Z\""), RejectCode.TIMESTAMP_OUT_OF_RANGE, "timestamp"),
                Arguments.of(with("timestamp", "\"2025-03-01T12:05:01Z\""), RejectCode.TIMESTAMP_OUT_OF_RANGE, "timestamp"),
                Arguments.of(with("metadata", "[1, 2]"), RejectCode.INVALID_TYPE, "metadata"),
                Arguments.of(with("metadata", bigMetadata), RejectCode.METADATA_TOO_LARGE, "metadata"),
                Arguments.of(with("idempotency_key", "\"" + "k".repeat(256) + "\""), RejectCode.INVALID_VALUE, "idempotency_key"),
                Arguments.of(with("reservation_id", "\"" + "r".repeat(256) + "\""), RejectCode.INVALID_VALUE, "reservation_id"),
                Arguments.of(with("reservation_id", "\"r\\u0000\""), RejectCode.INVALID_VALUE, "reservation_id"),
                Arguments.of(with("reservation_id", "17"), RejectCode.INVALID_TYPE, "reservation_id"),
                Arguments.of(with("user_id", "7"), RejectCode.INVALID_TYPE, "user_id"),
                Arguments.of(custom("\"-1\""), RejectCode.INVALID_VALUE, "quantity"),
                Arguments.of(custom("\"1,5\""), RejectCode.INVALID_FORMAT, "quantity"),
                Arguments.of(custom("true"), RejectCode.INVALID_TYPE, "quantity"),
                Arguments.of(custom("\"0.0000000000000000001\""), RejectCode.INVALID_VALUE, "quantity"),
                Arguments.of(custom("\"1e25\""), RejectCode.INVALID_VALUE, "quantity"),
                Arguments.of(custom(null), RejectCode.MISSING_FIELD, "quantity"),
                Arguments.of(withType("CUSTOM", "quantity", "3"), RejectCode.MISSING_FIELD, "unit"),
                // the shared rule set (UsageEventRules): strings, counters, quantity and metadata content
                Arguments.of(with("feature_id", "\"chat\\u0000\""), RejectCode.INVALID_VALUE, "feature_id"),
                Arguments.of(with("provider", "\"open\\u0085ai\""), RejectCode.INVALID_VALUE, "provider"),
                Arguments.of(with("model", "\"gpt\\udc00\""), RejectCode.INVALID_VALUE, "model"),
                Arguments.of(with("user_id", "\"u\\u007f\""), RejectCode.INVALID_VALUE, "user_id"),
                Arguments.of(with("team_id", "\"t\\tx\""), RejectCode.INVALID_VALUE, "team_id"),
                Arguments.of(with("idempotency_key", "\"abc\\ud800\""), RejectCode.INVALID_VALUE, "idempotency_key"),
                Arguments.of(custom("3").set("unit", json("\"s\\u0000\"")), RejectCode.INVALID_VALUE, "unit"),
                Arguments.of(with("input_tokens", "9223372036854775807"), RejectCode.INVALID_VALUE, "input_tokens"),
                Arguments.of(with("output_tokens", "1000000000001"), RejectCode.INVALID_VALUE, "output_tokens"),
                Arguments.of(withType("API_CALL", "quantity", "1e17"), RejectCode.INVALID_VALUE, "quantity"),
                Arguments.of(custom("1e999999999"), RejectCode.INVALID_VALUE, "quantity"),
                Arguments.of(custom("\"1000000000000.000000000000000001\""), RejectCode.INVALID_VALUE, "quantity"),
                Arguments.of(custom("\"\uff11\uff12\""), RejectCode.INVALID_FORMAT, "quantity"),
                Arguments.of(custom("\"0x10\""), RejectCode.INVALID_FORMAT, "quantity"),
                Arguments.of(custom("\"NaN\""), RejectCode.INVALID_FORMAT, "quantity"),
                Arguments.of(custom("\"1e9999999999\""), RejectCode.INVALID_FORMAT, "quantity"),
                Arguments.of(custom("\"+5\""), RejectCode.INVALID_FORMAT, "quantity"),
                Arguments.of(with("metadata", "{\"a\": \"x\\u0000\"}"), RejectCode.INVALID_VALUE, "metadata"),
                Arguments.of(with("metadata", "{\"k\\u0001\": 1}"), RejectCode.INVALID_VALUE, "metadata"),
                Arguments.of(with("metadata", "{\"n\": [1e400]}"), RejectCode.INVALID_VALUE, "metadata"),
                Arguments.of(with("metadata", "{\"a\": \"x\\ud800\"}"), RejectCode.INVALID_VALUE, "metadata"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("acceptedAtTheBounds")
    void acceptsUpToTheBounds(JsonNode event) {
        IngestError error = VALIDATOR.check(event, 0, "acme", BATCH, NOW).error();

        assertNull(error, () -> error.field() + ": " + error.message());
    }

    static Stream<Arguments> acceptedAtTheBounds() {
        return Stream.of(
                Arguments.of(with("input_tokens", "1000000000000")),
                Arguments.of(withType("API_CALL", "quantity", "1e12")),
                Arguments.of(custom("\" 1000000000000.000000000000000000 \"")),
                Arguments.of(custom("0.000000000000000001")),
                Arguments.of(with("feature_id", "\"" + "\\ud83d\\ude00".repeat(64) + "\"")),
                Arguments.of(with("feature_id", "\"na\u00efve caf\u00e9 \u65e5\u672c \u00a0\"")),
                Arguments.of(with("metadata", "{\"note\": \"line\\nbreak\\ttab\", \"n\": 1e-64, \"big\": -1e63}")),
                Arguments.of(with("user_id", "\"\\u001c\"")));
    }

    static ObjectNode custom(String quantity) {
        ObjectNode node = withType("AUDIO", "unit", "\"second\"");
        if (quantity != null) {
            node.set("quantity", json(quantity));
        }
        return node;
    }

    static ObjectNode withType(String type, String field, String value) {
        ObjectNode node = tokens();
        node.put("event_type", type);
        node.set(field, json(value));
        return node;
    }

    @ParameterizedTest(name = "[{index}] {1} on {2}")
    @MethodSource("rejected")
    void rejectsWithCodeAndField(JsonNode event, RejectCode code, String field) {
        EventValidator.Checked checked = VALIDATOR.check(event, 3, "acme", BATCH, NOW);

        assertNull(checked.event());
        assertEquals(code, checked.error().code());
        assertEquals(field, checked.error().field());
        assertEquals(3, checked.error().index());
        assertNotNull(checked.error().message());
    }

    @Test
    void acceptedTokenEventCarriesBatchAndDefaults() {
        UsageEventV1 event = VALIDATOR.check(tokens(), 0, "acme", BATCH, NOW).event();

        assertEquals(UUID.fromString(ID), event.eventId());
        assertEquals(EventType.TOKEN_USAGE, event.eventType());
        assertEquals(10, event.inputTokens());
        assertEquals(0, event.cachedInputTokens());
        assertEquals(BATCH, event.batchId());
        assertEquals(NOW, event.receivedAt());
        assertEquals(UsageEventV1.SCHEMA_VERSION, event.schemaVersion());
        assertEquals(ID, event.dedupKey());
        assertNull(event.quantity());
    }

    @Test
    void acceptsOffsetsQuantityStringsAndDefaultsApiCallToOne() {
        ObjectNode node = withType("IMAGE_GENERATION", "quantity", "\"2.50\"");
        node.put("timestamp", "2025-03-01T13:04:00+01:00");
        node.put("idempotency_key", "job-1");
        node.put("reservation_id", "hold-1");
        node.put("user_id", "");
        UsageEventV1 image = VALIDATOR.check(node, 0, "acme", BATCH, NOW).event();
        UsageEventV1 call = VALIDATOR.check(withType("API_CALL", "metadata", "{\"a\": 1}"), 0, "acme", BATCH, NOW).event();

        assertEquals(new BigDecimal("2.50"), image.quantity());
        assertEquals(Instant.parse("2025-03-01T12:04:00Z"), image.timestamp());
        assertEquals("job-1", image.dedupKey());
        assertEquals("hold-1", image.reservationId());
        assertNull(call.reservationId());
        assertNull(image.userId());
        assertEquals(BigDecimal.ONE, call.quantity());
        assertEquals(1, call.metadata().get("a").intValue());
    }

    @Test
    void reportsTheEventIdAsSentEvenWhenAnotherFieldIsWrong() {
        IngestError error = VALIDATOR.check(with("feature_id", null), 0, "acme", BATCH, NOW).error();

        assertEquals(ID, error.eventId());
    }
}

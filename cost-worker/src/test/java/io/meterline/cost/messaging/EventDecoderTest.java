package io.meterline.cost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meterline.common.JsonCustomizer;

class EventDecoderTest {

    private static final String VALID = """
            {"schema_version":1,"event_id":"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01","customer_id":"c1",
             "event_type":"TOKEN_USAGE","feature_id":"chat","provider":"openai","model":"gpt-4o",
             "input_tokens":10,"output_tokens":5,"quantity":"1.5","timestamp":"2026-02-01T10:00:00Z",
             "received_at":"2026-02-01T10:00:01Z","batch_id":"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e02"}
            """;

    private static final ObjectMapper MAPPER = JsonCustomizer.apply(new ObjectMapper());

    private final EventDecoder decoder = new EventDecoder(MAPPER);

    @Test
    void decodesTheIngestionRecord() {
        EventDecoder.Decoded decoded = decoder.decode(record(VALID));
        assertNull(decoded.reason());
        assertEquals("c1", decoded.event().customerId());
        assertEquals(10, decoded.event().inputTokens());
        assertEquals(new BigDecimal("1.5"), decoded.event().quantity());
        assertEquals(Instant.parse("2026-02-01T10:00:01Z"), decoded.event().receivedAt());
    }

    /** Each reason names the field and the rule of {@code UsageEventRules}, the rule set the edge applies too. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "not json at all | undecodable JSON",
        "{\"schema_version\":2} | unsupported schema_version 2",
        "{\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"} | unsupported schema_version 0",
        "{\"schema_version\":1,\"customer_id\":\"c1\"} | event_id: is required",
        "{\"schema_version\":1,\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"customer_id\":\"c1\",\"event_type\":\"NOPE\"} | undecodable JSON",
        "{\"schema_version\":1,\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"customer_id\":\"c1\",\"event_type\":\"API_CALL\",\"feature_id\":\"f\"} | timestamp: is required",
        "{\"schema_version\":1,\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"customer_id\":\"c1\",\"event_type\":\"API_CALL\",\"feature_id\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input_tokens\":-1} | input_tokens: must not be negative",
    })
    void rejectsWithAReason(String payload, String reasonStart) {
        EventDecoder.Decoded decoded = decoder.decode(record(payload));
        assertNull(decoded.event());
        assertNotNull(decoded.reason());
        assertTrue(decoded.reason().startsWith(reasonStart), decoded.reason());
    }

    /** One valid record with one field replaced: the reason names that field and what is wrong with it. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "feature_id          | \"chat\\u0000\"         | feature_id: must not contain control characters",
        "customer_id         | \"c1\\u0007\"           | customer_id: must not contain control characters",
        "model               | \"gpt\\ud800\"          | model: must be well-formed Unicode",
        "provider            | null                     | provider: is required",
        "feature_id          | \"\"                     | feature_id: is required",
        "input_tokens        | 9223372036854775807      | input_tokens: must be at most 1000000000000",
        "output_tokens       | 1000000000001            | output_tokens: must be at most 1000000000000",
        "quantity            | \"1e17\"                 | quantity: must be at most 1000000000000",
        "quantity            | \"-1\"                   | quantity: must not be negative",
        "quantity            | \"0.0000000000000000001\" | quantity: must have at most 18 digits after the point",
        "user_id             | \"\\u0085\"             | user_id: must not contain control characters",
        "idempotency_key     | \"abc\\ud800\"          | idempotency_key: must be well-formed Unicode",
        "idempotency_key     | \"\"                     | idempotency_key: must not be blank",
        "metadata            | {\"k\":\"v\\u0000\"}     | metadata: k: must not contain control characters",
        "metadata            | {\"n\":1e400}              | metadata: numbers must have at most 64 digits",
        "metadata            | [1]                      | metadata: must be a JSON object",
    })
    void rejectsEachBrokenRuleNamingTheField(String field, String json, String reasonStart) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(VALID);
        node.set(field, MAPPER.readTree(json));
        String payload = MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(node);
        EventDecoder.Decoded decoded = decoder.decode(record(payload));
        assertNull(decoded.event(), payload);
        assertTrue(decoded.reason().startsWith(reasonStart), decoded.reason());
    }

    @Test
    void acceptsTheBoundsTheEdgeAccepts() {
        EventDecoder.Decoded decoded = decoder.decode(record(VALID.replace("\"input_tokens\":10", "\"input_tokens\":1000000000000")
                .replace("\"quantity\":\"1.5\"", "\"quantity\":\"1000000000000.000000000000000000\"")));
        assertNull(decoded.reason());
        assertEquals(1_000_000_000_000L, decoded.event().inputTokens());
    }

    @Test
    void missingReceivedAtFallsBackToTheRecordTimestamp() {
        EventDecoder.Decoded decoded = decoder.decode(record(VALID.replace(
                ",\n \"received_at\":\"2026-02-01T10:00:01Z\"", "").replace("\"received_at\":\"2026-02-01T10:00:01Z\",", "")));
        assertEquals(Instant.ofEpochMilli(1_000L), decoded.event().receivedAt());
    }

    private static ConsumerRecord<String, byte[]> record(String value) {
        return new ConsumerRecord<>("usage-events", 0, 0, 1_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "c1", value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8), new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }
}

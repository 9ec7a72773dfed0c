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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.JsonCustomizer;

class EventDecoderTest {

    private static final String VALID = """
            {"schema_version":1,"event_id":"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01","customer_id":"c1",
             "event_type":"TOKEN_USAGE","feature_id":"chat","provider":"openai","model":"gpt-4o",
             "input_tokens":10,"output_tokens":5,"quantity":"1.5","timestamp":"2026-02-01T10:00:00Z",
             "received_at":"2026-02-01T10:00:01Z","batch_id":"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e02"}
            """;

    private final EventDecoder decoder = new EventDecoder(JsonCustomizer.apply(new ObjectMapper()));

    @Test
    void decodesTheIngestionRecord() {
        EventDecoder.Decoded decoded = decoder.decode(record(VALID));
        assertNull(decoded.reason());
        assertEquals("c1", decoded.event().customerId());
        assertEquals(10, decoded.event().inputTokens());
        assertEquals(new BigDecimal("1.5"), decoded.event().quantity());
        assertEquals(Instant.parse("2026-02-01T10:00:01Z"), decoded.event().receivedAt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all | undecodable JSON",
        "{\"schema_version\":2} | unsupported schema_version 2",
        "{\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"} | unsupported schema_version 0",
        "{\"schema_version\":1,\"customer_id\":\"c1\"} | missing event_id",
        "{\"schema_version\":1,\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"customer_id\":\"c1\",\"event_type\":\"NOPE\"} | undecodable JSON",
        "{\"schema_version\":1,\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"customer_id\":\"c1\",\"event_type\":\"API_CALL\",\"feature_id\":\"f\"} | missing timestamp",
        "{\"schema_version\":1,\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"customer_id\":\"c1\",\"event_type\":\"API_CALL\",\"feature_id\":\"f\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"input_tokens\":-1} | negative token count",
    })
    void rejectsWithAReason(String payload, String reasonStart) {
        EventDecoder.Decoded decoded = decoder.decode(record(payload));
        assertNull(decoded.event());
        assertNotNull(decoded.reason());
        assertTrue(decoded.reason().startsWith(reasonStart), decoded.reason());
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

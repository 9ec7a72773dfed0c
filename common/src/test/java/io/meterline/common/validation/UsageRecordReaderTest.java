package io.meterline.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.JsonCustomizer;
import io.meterline.common.event.UsageEventV1;

class UsageRecordReaderTest {

    private static final ObjectMapper MAPPER = JsonCustomizer.apply(new ObjectMapper());
    private static final UsageRecordReader READER = new UsageRecordReader(MAPPER);

    @Test
    void readsWhatTheSharedMapperWrites() throws Exception {
        UsageEventV1 event = UsageEventRulesTest.event(e -> {
            e.metadata = UsageEventRulesTest.json("{\"a\": 1.50, \"b\": [\"x\"]}");
            e.quantity = new java.math.BigDecimal("2.5");
            return e;
        });
        UsageRecordReader.Read read = READER.read(MAPPER.writeValueAsBytes(event));

        assertNull(read.reason());
        assertEquals(event.metadata(), read.event().metadata());
        assertEquals(0, event.quantity().compareTo(read.event().quantity()));
        assertEquals(event.featureId(), read.event().featureId());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                 | undecodable JSON",
        "null                                                     | empty record",
        "{\"schema_version\":2}                                   | unsupported schema_version 2",
        "{\"schema_version\":1}                                   | event_id: is required",
        "{\"schema_version\":1,\"event_id\":\"0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b\",\"customer_id\":\"c\\u0000\"} | customer_id: must not contain control characters",
    })
    void saysWhy(String json, String reasonStart) {
        UsageRecordReader.Read read = READER.read(json.strip().getBytes(StandardCharsets.UTF_8));

        assertNull(read.event());
        assertTrue(read.reason().startsWith(reasonStart), read.reason());
    }

    @Test
    void anAbsentRecordIsEmpty() {
        assertEquals("empty record", READER.read(null).reason());
    }
}

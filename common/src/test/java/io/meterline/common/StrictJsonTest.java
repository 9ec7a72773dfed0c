package io.meterline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.FieldError;
import io.meterline.common.error.JsonErrors;
import io.meterline.common.time.IsoInstant;

/** The strict JSON dialect: what it refuses, with which status and field, and that it still reads the normal forms. */
class StrictJsonTest {

    static final ObjectMapper MAPPER = JsonCustomizer.apply(new ObjectMapper());

    record Item(@JsonProperty("name") String name, @JsonProperty("size") Long size,
            @JsonProperty("amount") BigDecimal amount, @JsonProperty("at") Instant at,
            @JsonProperty("flag") Boolean flag, @JsonProperty("tags") List<String> tags) {
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // not one well-formed document: 400
            "{\"name\": \"a\", \"name\": \"b\"}              | 400 | MALFORMED_JSON   | name",
            "{\"tags\": [\"a\"], \"amount\": 1, \"amount\": 2} | 400 | MALFORMED_JSON   | amount",
            "{\"name\": \"a\"} {\"name\": \"b\"}             | 400 | MALFORMED_JSON   | -",
            "{\"name\": \"a\"} 1                           | 400 | MALFORMED_JSON   | -",
            "{\"name\": \"a\"} x                           | 400 | MALFORMED_JSON   | -",
            "{\"name\": }                                  | 400 | MALFORMED_JSON   | -",
            "[1, 2]                                        | 400 | MALFORMED_JSON   | -",
            // no coercion between JSON types: 422 naming the field
            "{\"name\": 1}                                 | 422 | VALIDATION_ERROR | name",
            "{\"name\": 1e400}                             | 422 | VALIDATION_ERROR | name",
            "{\"name\": true}                              | 422 | VALIDATION_ERROR | name",
            "{\"name\": {\"a\": 1}}                        | 422 | VALIDATION_ERROR | name",
            "{\"size\": \"10\"}                            | 422 | VALIDATION_ERROR | size",
            "{\"size\": 1.5}                               | 422 | VALIDATION_ERROR | size",
            "{\"size\": 1.0}                               | 422 | VALIDATION_ERROR | size",
            "{\"size\": true}                              | 422 | VALIDATION_ERROR | size",
            "{\"size\": 99999999999999999999}              | 422 | VALIDATION_ERROR | size",
            "{\"size\": \"\uff11\uff10\"}                  | 422 | VALIDATION_ERROR | size",
            "{\"amount\": \"\uff11\"}                      | 422 | VALIDATION_ERROR | amount",
            "{\"amount\": \" 1\"}                          | 422 | VALIDATION_ERROR | amount",
            "{\"amount\": \"NaN\"}                         | 422 | VALIDATION_ERROR | amount",
            "{\"amount\": true}                            | 422 | VALIDATION_ERROR | amount",
            "{\"amount\": \"\"}                            | 422 | VALIDATION_ERROR | amount",
            "{\"flag\": 1}                                 | 422 | VALIDATION_ERROR | flag",
            "{\"flag\": \"true\"}                          | 422 | VALIDATION_ERROR | flag",
            "{\"tags\": \"a\"}                             | 422 | VALIDATION_ERROR | tags",
            "{\"tags\": [1]}                               | 422 | VALIDATION_ERROR | tags[0]",
            // dates: RFC 3339 with offset, years 2000 to 2100, as a JSON string
            "{\"at\": 1700000000}                          | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"0000-01-01T00:00:00Z\"}            | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"+99999-01-01T00:00:00Z\"}          | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"2101-01-01T00:00:00Z\"}            | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"1999-12-31T23:59:59Z\"}            | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"2025-06-30T23:59:60Z\"}            | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"2025-02-30T00:00:00Z\"}            | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"2025-01-01T00:00:00\"}             | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"2025-01-01T00:00Z\"}               | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"2025-01-01\"}                      | 422 | VALIDATION_ERROR | at",
            "{\"at\": \"\uff12025-01-01T00:00:00Z\"}       | 422 | VALIDATION_ERROR | at"})
    void refuses(String json, int status, String code, String field) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> read(json));
        JsonErrors.Described described = JsonErrors.describe(e);

        assertNotNull(described, e.toString());
        assertEquals(status, described.status(), e.toString());
        assertEquals(code, described.error().error());
        String named = described.error().details().isEmpty() ? null
                : ((FieldError) described.error().details().get(0)).field();
        assertEquals(field, named, described.error().message());
        assertFalse(described.error().message().contains("java."), described.error().message());
        assertFalse(described.error().message().contains("com.fasterxml"), described.error().message());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"amount\": 12.50}                    | 12.50",
            "{\"amount\": \"12.50\"}                | 12.50",
            "{\"amount\": \"-1e3\"}                 | -1E+3",
            "{\"amount\": 7, \"unknown\": [1, {}]}  | 7"})
    void readsMoneyAsNumberOrDecimalString(String json, String amount) throws Exception {
        assertEquals(new BigDecimal(amount), read(json).amount());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "2025-01-31T12:00:00Z          | 2025-01-31T12:00:00Z",
            "2025-01-31t12:00:00.5z        | 2025-01-31T12:00:00.500Z",
            "2025-01-31T13:00:00+01:00     | 2025-01-31T12:00:00Z",
            "2000-01-01T00:00:00Z          | 2000-01-01T00:00:00Z",
            "2100-12-31T23:59:59.999999999Z | 2100-12-31T23:59:59.999999999Z"})
    void readsRfc3339WithOffset(String text, String expected) throws Exception {
        assertEquals(Instant.parse(expected), read("{\"at\": \"" + text + "\"}").at());
        assertEquals(Instant.parse(expected), IsoInstant.parseStrict(text));
    }

    @Test
    void nullsAndWhitespaceAreFine() throws Exception {
        Item item = read(" {\"name\": null, \"size\": 3, \"tags\": [\"a\"]} \n");
        assertNull(item.name());
        assertEquals(3L, item.size());
    }

    @Test
    void treesRefuseRepeatedKeysAndTrailingContentToo() {
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree("{\"a\": 1, \"a\": 2}"));
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree("{\"a\": {\"b\": 1, \"b\": 1}}"));
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree("{\"a\": 1} {}"));
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree("{\"a\": 1}]".getBytes()));
    }

    @Test
    void printableEscapesWhatCannotBeSerialised() {
        assertEquals("a\\u0000b\\uD800c", JsonErrors.printable("a\u0000b\ud800c"));
        assertEquals("\ud83d\ude00", JsonErrors.printable("\ud83d\ude00"));
    }

    private static Item read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, Item.class);
    }
}

package io.meterline.loadgen.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class JsonTest {

    @Test
    void escapesWhatUtf8JsonCannotCarryRawAndKeepsTheRest() {
        String[][] cases = {
                { "abc\ud800", "\"abc\\ud800\"", "\"abc\\ud800\"" },
                { "\udc00x", "\"\\udc00x\"", "\"\\udc00x\"" },
                { "a\u0000b\u0007\u0085", "\"a\\u0000b\\u0007\\u0085\"", "\"a\\u0000b\\u0007\\u0085\"" },
                { "😀 é \"q\" \\", "\"😀 é \\\"q\\\" \\\\\"", "\"\\ud83d\\ude00 \\u00e9 \\\"q\\\" \\\\\"" },
                { "\ud83d\u0041", "\"\\ud83dA\"", "\"\\ud83dA\"" },
        };
        for (String[] c : cases) {
            assertEquals(c[1], Json.write(c[0], false), c[0]);
            assertEquals(c[2], Json.write(c[0], true), c[0]);
        }
    }

    @Test
    void writesNumbersAsGivenAndRawTextVerbatim() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("long", Long.MAX_VALUE);
        m.put("big", BigInteger.ONE.shiftLeft(63));
        m.put("dec", new BigDecimal("1E+17"));
        m.put("raw", new Json.Raw("1e400"));
        m.put("list", List.of(true, "x"));
        m.put("null", null);
        String json = Json.write(m, false);
        assertEquals("{\"long\":9223372036854775807,\"big\":9223372036854775808,\"dec\":1E+17,\"raw\":1e400,"
                + "\"list\":[true,\"x\"],\"null\":null}", json);
        new ObjectMapper().readTree(json); // valid JSON
    }

    @Test
    void aRepeatedKeyIsAppendedInsideTheObject() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature_id", "a");
        HostileEvent e = new HostileEvent(m, "\"feature_id\":\"again\"", Expect.batch400("repeated"));
        assertEquals("{\"feature_id\":\"a\",\"feature_id\":\"again\"}", e.json(false));
    }
}

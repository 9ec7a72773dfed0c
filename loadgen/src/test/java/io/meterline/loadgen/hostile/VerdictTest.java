package io.meterline.loadgen.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.loadgen.client.Answer;

class VerdictTest {

    private static HostileEvent event(Expect expect) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("event_id", "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b");
        return new HostileEvent(f, null, expect);
    }

    private static final HostileBatch MIXED = HostileBatch.of("c1", List.of(event(Expect.ACCEPT),
            event(Expect.reject("feature_id", "NUL")), event(Expect.either("input_tokens", "1e3"))), false);

    private static Verdict judge(HostileBatch batch, int status, String body) {
        return Verdict.judge(batch, new Answer(status, body.getBytes(StandardCharsets.UTF_8), -1));
    }

    @Test
    void a202RefusingThePlantedFieldIsRight() {
        Verdict v = judge(MIXED, 202, """
                {"status":"partial","accepted":2,"duplicates":0,"rejected":1,"errors":[
                 {"index":1,"code":"INVALID_VALUE","field":"feature_id","message":"must not contain U+0000"}]}""");
        assertEquals(List.of(), v.failures());
        assertArrayEquals(new boolean[] { true, false, true }, v.notRefused());
        Verdict either = judge(MIXED, 202, """
                {"accepted":1,"duplicates":0,"rejected":2,"errors":[{"index":1,"field":"feature_id"},
                 {"index":2,"field":"input_tokens"}]}""");
        assertEquals(List.of(), either.failures());
    }

    @Test
    void wrongAnswersAreFailures() {
        String[][] cases = {
                { "500", "{\"error\":\"INTERNAL\",\"message\":\"boom\"}", "answered 500" },
                { "202", "{\"accepted\":3,\"duplicates\":0,\"rejected\":0,\"errors\":[]}", "expected a refusal naming feature_id" },
                { "202", "{\"accepted\":2,\"duplicates\":0,\"rejected\":1,\"errors\":[{\"index\":1,\"field\":\"user_id\"}]}", "wrong field" },
                { "202", "{\"accepted\":1,\"duplicates\":0,\"rejected\":2,\"errors\":[{\"index\":0,\"field\":\"x\"},{\"index\":1,\"field\":\"feature_id\"}]}", "a valid event was refused" },
                { "202", "{\"accepted\":1,\"duplicates\":0,\"rejected\":1,\"errors\":[{\"index\":1,\"field\":\"feature_id\"}]}", "do not add up" },
                { "400", "", "without a JSON object" },
                { "400", "{\"message\":\"no code\"}", "outside the one error shape" },
                { "200", "{\"status\":\"accepted\"}", "not all_duplicates" },
        };
        for (String[] c : cases) {
            Verdict v = judge(MIXED, Integer.parseInt(c[0]), c[1]);
            assertTrue(v.failures().stream().anyMatch(f -> f.contains(c[2])), c[2] + " in " + v.failures());
        }
        assertEquals(List.of("no answer"), Verdict.judge(MIXED, Answer.none()).failures());
    }

    @Test
    void batchLevelDefectsMustBeA400Or403InTheErrorShape() {
        HostileBatch repeated = HostileBatch.of("c1", List.of(event(Expect.ACCEPT),
                new HostileEvent(Map.of("feature_id", "a"), "\"feature_id\":\"b\"", Expect.batch400("repeated key"))), false);
        HostileBatch trailing = new HostileBatch("c1", List.of(event(Expect.ACCEPT)), false, "x".getBytes(), null);
        HostileBatch foreign = HostileBatch.of("c1", List.of(event(Expect.batch403("other"))), false);
        String bad = "{\"error\":\"BAD_REQUEST\",\"message\":\"Duplicate field 'feature_id'\"}";
        assertEquals(List.of(), judge(repeated, 400, bad).failures());
        assertEquals(List.of(), judge(trailing, 400, bad).failures());
        assertEquals(List.of(), judge(foreign, 403, "{\"error\":\"CUSTOMER_MISMATCH\",\"message\":\"m\",\"details\":[]}").failures());
        assertEquals(1, judge(repeated, 202, "{\"accepted\":2,\"duplicates\":0,\"rejected\":0}").failures().size());
        assertEquals(1, judge(foreign, 400, bad).failures().size());
        assertArrayEquals(new boolean[] { false, false }, judge(repeated, 400, bad).notRefused());
        assertTrue(new String(trailing.body(), StandardCharsets.UTF_8).endsWith("]}x"));
    }
}

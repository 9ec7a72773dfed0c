package io.meterline.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The table of ingest answers (docs/ingestion-api.md) and what the SDK does with each. */
class VerdictTest {
    static Verdict of(int status, String body, String retryAfter, int size) {
        return Verdict.of(status, body.getBytes(StandardCharsets.UTF_8), retryAfter, size);
    }

    @Test
    void retryableAnswers() {
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            assertInstanceOf(Verdict.Retry.class, of(status, "{\"error\":\"X\",\"message\":\"m\"}", null, 3), "status " + status);
        }
        Verdict.Retry r = (Verdict.Retry) of(409, "{\"error\":\"IN_FLIGHT\",\"message\":\"m\",\"details\":[]}", "5", 3);
        assertEquals(Duration.ofSeconds(5), r.retryAfter());
        assertInstanceOf(Verdict.Retry.class, of(503, "<html>bad gateway</html>", null, 1));
    }

    @Test
    void finalAnswersAreNeverRetried() {
        for (int status : new int[] {400, 401, 404, 415}) {
            Verdict.FailAll f = (Verdict.FailAll) of(status, "{\"error\":\"UNAUTHORIZED\",\"message\":\"bad key\"}", null, 2);
            assertEquals(status, f.status());
            assertEquals("UNAUTHORIZED", f.code());
        }
        assertInstanceOf(Verdict.FailAll.class, of(409, "{\"error\":\"CONFLICT\",\"message\":\"other\"}", null, 2));
        assertInstanceOf(Verdict.FailAll.class, of(413, "{\"error\":\"PAYLOAD_TOO_LARGE\"}", null, 1));
        assertInstanceOf(Verdict.Split.class, of(413, "{\"error\":\"PAYLOAD_TOO_LARGE\"}", null, 2));
    }

    @Test
    void partialAcceptanceFailsTheListedEventsAndResendsInFlightOnes() {
        Verdict.Settled s = (Verdict.Settled) of(202, """
                {"status":"partial","accepted":2,"duplicates":0,"rejected":2,"errors":[
                 {"index":1,"event_id":"x","code":"INVALID_VALUE","field":"input_tokens","message":"negative"},
                 {"index":3,"event_id":"y","code":"IN_FLIGHT","field":null,"message":"retry"}]}""", null, 4);
        assertEquals(2, s.sent());
        assertEquals(List.of(3), s.resend());
        assertEquals(1, s.failed().size());
        assertEquals(1, s.failed().get(0).index());
        assertEquals("input_tokens", s.failed().get(0).field());
        assertEquals(202, s.failed().get(0).status());
    }

    @Test
    void validationErrorCountsTheUnlistedEventsAsDuplicates() {
        Verdict.Settled s = (Verdict.Settled) of(422, """
                {"error":"VALIDATION_ERROR","message":"m","details":[
                 {"index":0,"event_id":"x","code":"TIMESTAMP_OUT_OF_RANGE","field":"timestamp","message":"old"}]}""", null, 2);
        assertEquals(1, s.sent());
        assertEquals("TIMESTAMP_OUT_OF_RANGE", s.failed().get(0).code());
        assertEquals(List.of(), s.resend());
    }

    @Test
    void customerMismatchFailsTheForeignEventsAndResendsTheOthers() {
        Verdict.Settled s = (Verdict.Settled) of(403, """
                {"error":"CUSTOMER_MISMATCH","message":"m","details":[
                 {"index":1,"event_id":"x","code":"CUSTOMER_MISMATCH","field":"customer_id","message":"not yours"}]}""", null, 3);
        assertEquals(0, s.sent());
        assertEquals(List.of(0, 2), s.resend());
        assertEquals(1, s.failed().get(0).index());
    }

    @Test
    void retryAfterSecondsOrDate() {
        assertEquals(Duration.ofSeconds(7), Verdict.retryAfter(" 7 "));
        assertNull(Verdict.retryAfter("soon"));
        assertNull(Verdict.retryAfter(null));
        assertEquals(Duration.ZERO, Verdict.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    }

    @Test
    void backoffGrowsWithJitterAndHonoursRetryAfter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 0; i < 200; i++) {
            long d0 = b.delay(0, null).toMillis();
            long d3 = b.delay(3, null).toMillis();
            long d20 = b.delay(20, null).toMillis();
            assertEquals(true, d0 >= 50 && d0 <= 100, "attempt 0: " + d0);
            assertEquals(true, d3 >= 400 && d3 <= 800, "attempt 3: " + d3);
            assertEquals(true, d20 >= 1000 && d20 <= 2000, "attempt 20: " + d20);
            assertEquals(true, b.delay(0, Duration.ofSeconds(5)).toMillis() == 5000);
        }
        assertEquals(Backoff.MAX_RETRY_AFTER, b.delay(0, Duration.ofHours(3)));
    }
}

package io.meterline.loadgen.client;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefusalsTest {

    private static Answer answer(int status, String body, long retryAfter) {
        return new Answer(status, body.getBytes(), retryAfter);
    }

    @Test
    void readsRefusedAndInFlightIndexesFromErrorsOrDetails() {
        Refusals partial = Refusals.of(answer(202, """
                {"status":"partial","accepted":7,"errors":[{"index":3,"code":"MISSING_FIELD"},
                 {"index":5,"code":"IN_FLIGHT"}]}""", -1));
        assertEquals(Set.of(3), partial.refused());
        assertEquals(Set.of(5), partial.inFlight());
        Refusals conflict = Refusals.of(answer(409, """
                {"error":"IN_FLIGHT","message":"m","details":[{"index":0,"code":"IN_FLIGHT"}]}""", 5));
        assertEquals(Set.of(0), conflict.inFlight());
        assertEquals(Refusals.NONE, Refusals.of(answer(503, "{\"details\":[{\"index\":1}]}", 5)));
        assertEquals(Refusals.NONE, Refusals.of(answer(202, "not json", -1)));
    }

    @Test
    void anOpenOutcomeIsRetriedAndADefiniteOneIsNot() {
        assertTrue(RetryingSender.isOpen(Answer.none(), Refusals.NONE));
        for (int status : new int[] {409, 429, 500, 503}) {
            assertTrue(RetryingSender.isOpen(answer(status, "{}", -1), Refusals.NONE), "" + status);
        }
        for (int status : new int[] {200, 202, 400, 401, 413, 422}) {
            assertFalse(RetryingSender.isOpen(answer(status, "{}", -1), Refusals.NONE), "" + status);
        }
        assertTrue(RetryingSender.isOpen(answer(202, "{}", -1), new Refusals(Set.of(), Set.of(2))));
    }

    @Test
    void waitsRetryAfterWithinBounds() {
        assertEquals(1000, RetryingSender.delayMillis(answer(503, "", -1)));
        assertEquals(1000, RetryingSender.delayMillis(answer(503, "", 0)));
        assertEquals(3000, RetryingSender.delayMillis(answer(503, "", 3)));
        assertEquals(5000, RetryingSender.delayMillis(answer(429, "", 60)));
    }
}

package io.meterline.loadgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.loadgen.client.Answer;

class SubscriberTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:41:07.345Z");

    @ParameterizedTest(name = "position {0} starts {1}")
    @CsvSource({
            "0, 2026-12-03T09:41:10Z",
            "1, 2026-11-03T09:41:07Z",
            "2, 2026-10-03T09:41:07Z",
            "3, 2026-09-03T09:41:07Z",
            "4, 2026-12-03T09:41:10Z"})
    void startsAreSecondsAheadOrMonthsBack(int index, String start) {
        assertEquals(Instant.parse(start), Subscriber.startsAt(index, NOW));
    }

    @Test
    void theFourthCustomerHasAnchorDay31() {
        assertEquals("{\"plan_id\":\"p\",\"starts_at\":\"2026-09-03T09:41:07Z\",\"anchor_day\":31}",
                Subscriber.body("p", 3, NOW));
        assertEquals("{\"plan_id\":\"p\",\"starts_at\":\"2026-11-03T09:41:07Z\"}", Subscriber.body("p", 1, NOW));
    }

    /** SUBSCRIPTION_EXISTS is this run's own subscription only on a retry: an earlier attempt made it. */
    @ParameterizedTest(name = "{0} after {2} attempts -> {3}")
    @CsvSource(delimiter = '|', value = {
            "201 | '{\"id\":\"s\"}'                          | 1 | A",
            "409 | '{\"error\":\"SUBSCRIPTION_EXISTS\"}'    | 2 | A",
            "409 | '{\"error\":\"SUBSCRIPTION_EXISTS\"}'    | 1 | R",
            "404 | '{\"error\":\"NOT_FOUND\"}'              | 3 | R",
            "503 | '{\"error\":\"SERVICE_UNAVAILABLE\"}'    | 9 | U"})
    void aRepeatedSubscribeIsAcknowledgedOnlyOnARetry(int status, String body, int attempts, char code) {
        Answer answer = new Answer(status, body.getBytes(StandardCharsets.UTF_8), -1);
        assertEquals(code, Subscriber.code(new RetryingCall.Result(answer, attempts, RetryingCall.isOpen(answer))));
    }
}

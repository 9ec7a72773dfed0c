package io.meterline.loadgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.loadgen.client.Answer;

class RetryingCallTest {

    /** Which answers leave an operation open (sent again with the same id) and what a final one is logged as. */
    @ParameterizedTest(name = "{0} {1} -> open {2}, code {3}")
    @CsvSource(delimiter = '|', value = {
            "-1  | ''                                                          | true  | U",
            "500 | '{\"error\":\"INTERNAL\"}'                                 | true  | U",
            "503 | '{\"error\":\"SERVICE_UNAVAILABLE\"}'                      | true  | U",
            "429 | '{\"error\":\"RATE_LIMITED\"}'                             | true  | U",
            "409 | '{\"error\":\"IN_FLIGHT\",\"details\":[{\"index\":0,\"code\":\"IN_FLIGHT\"}]}' | true | U",
            "202 | '{\"accepted\":0,\"errors\":[{\"index\":0,\"code\":\"IN_FLIGHT\"}]}' | true | U",
            "202 | '{\"accepted\":1,\"errors\":[]}'                           | false | A",
            "201 | '{\"request_id\":\"c-1\"}'                                 | false | A",
            "200 | '{\"request_id\":\"c-1\"}'                                 | false | A",
            "409 | '{\"error\":\"IDEMPOTENCY_CONFLICT\"}'                     | false | R",
            "409 | '{\"error\":\"RESERVATION_CLOSED\"}'                       | false | R",
            "422 | '{\"error\":\"VALIDATION_ERROR\"}'                         | false | R",
            "404 | '{\"error\":\"NOT_FOUND\"}'                                | false | R"})
    void openAnswersAreRetriedAndTheRestAreFinal(int status, String body, boolean open, char code) {
        Answer answer = new Answer(status, body.getBytes(StandardCharsets.UTF_8), -1);
        assertEquals(open, RetryingCall.isOpen(answer));
        assertEquals(code, new RetryingCall.Result(answer, 1, RetryingCall.isOpen(answer)).code());
    }
}

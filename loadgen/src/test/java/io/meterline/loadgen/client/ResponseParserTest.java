package io.meterline.loadgen.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResponseParserTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # status | body                                                                            | accepted | dup | rejected | failed
            202 | {"batch_id":"b","status":"accepted","accepted":10,"duplicates":0,"rejected":0,"errors":[]} | 10 | 0  | 0  | 0
            202 | {"status":"partial","accepted":7,"duplicates":2,"rejected":1,"errors":[{"index":3}]}        | 7  | 2  | 1  | 0
            200 | {"status":"all_duplicates","accepted":0,"duplicates":10,"rejected":0,"errors":[]}          | 0  | 10 | 0  | 0
            422 | {"error":"VALIDATION_ERROR","message":"m","details":[],"errors":[{},{},{}]}                 | 0  | 7  | 3  | 0
            422 | {"accepted":0,"duplicates":4,"rejected":6,"errors":[]}                                      | 0  | 4  | 6  | 0
            401 | {"error":"UNAUTHORIZED","message":"m","details":[]}                                         | 0  | 0  | 0  | 10
            429 | {"error":"RATE_LIMITED","message":"m","details":[]}                                         | 0  | 0  | 0  | 10
            503 | {"error":"UNAVAILABLE","message":"m","details":[]}                                          | 0  | 0  | 0  | 10
            202 | not json                                                                                    | 0  | 0  | 0  | 10
            """)
    void readsCountsFromEveryKindOfAnswer(int status, String body, int accepted, int duplicates, int rejected,
                                          int failed) {
        IngestOutcome outcome = ResponseParser.parse(status, body.getBytes(), 10);
        assertEquals(new IngestOutcome(status, accepted, duplicates, rejected, failed), outcome);
        assertEquals(failed > 0, outcome.httpError());
    }

    @org.junit.jupiter.api.Test
    void noAnswerIsAnIoErrorNotAnHttpError() {
        IngestOutcome outcome = IngestOutcome.ioError(1000);
        assertEquals(1000, outcome.failed());
        assertEquals(true, outcome.ioError());
        assertEquals(false, outcome.httpError());
    }
}

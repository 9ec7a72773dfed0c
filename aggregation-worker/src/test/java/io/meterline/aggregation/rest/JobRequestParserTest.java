package io.meterline.aggregation.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.JsonCustomizer;
import io.meterline.common.error.FieldError;

class JobRequestParserTest {

    private final JobRequestParser parser = new JobRequestParser(JsonCustomizer.apply(new ObjectMapper()), Duration.ofDays(400));

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "''                                                                     | null                 | null",
            "'{}'                                                                   | null                 | null",
            "'{\"from\": null, \"to\": null}'                                       | null                 | null",
            "'{\"from\": \"2026-03-14T00:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 2026-03-14T00:00Z    | 2026-03-15T00:00Z",
            "'{\"from\": \"2026-03-14t01:00:00.5+01:00\", \"to\": \"2026-03-15T00:00:00z\"}' | 2026-03-14T01:00:00.500+01:00 | 2026-03-15T00:00Z",
            "'{\"from\": \"2000-01-01T00:00:00Z\", \"to\": \"2001-02-04T00:00:00Z\"}' | 2000-01-01T00:00Z    | 2001-02-04T00:00Z",
            "'{\"from\": \"2100-12-31T00:00:00Z\", \"to\": \"2101-01-01T00:00:00Z\"}' | 2100-12-31T00:00Z    | 2101-01-01T00:00Z",
    })
    void acceptsAnEmptyBodyOrAnRfc3339Range(String body, String from, String to) {
        JobRequest request = parser.parse(body);
        assertEquals(from == null ? null : OffsetDateTime.parse(from), request.from());
        assertEquals(to == null ? null : OffsetDateTime.parse(to), request.to());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // unreadable: 400
            "'{'                                                           | 400 | MALFORMED_JSON   | ''",
            "'{\"from\": \"2026-03-14T00:00:00Z\", \"from\": \"2026-03-15T00:00:00Z\"}' | 400 | MALFORMED_JSON | ''",
            "'{} {}'                                                       | 400 | MALFORMED_JSON   | ''",
            "'[]'                                                          | 400 | MALFORMED_JSON   | ''",
            "'\"2026-03-14T00:00:00Z\"'                                    | 400 | MALFORMED_JSON   | ''",
            "'{\"from\": 1773446400, \"to\": 1773532800}'                  | 400 | INVALID_TYPE     | from",
            "'{\"from\": \"2026-03-14T00:00:00Z\", \"to\": true}'          | 400 | INVALID_TYPE     | to",
            "'{\"from\": \"yesterday\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT   | from",
            "'{\"from\": \"2026-03-14\", \"to\": \"2026-03-15\"}'           | 400 | INVALID_FORMAT   | from",
            "'{\"from\": \"2026-03-14T00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            "'{\"from\": \"2026-03-14T00:00:00\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            "'{\"from\": \"2026-02-30T00:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            "'{\"from\": \"2026-03-14T23:59:60Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            "'{\"from\": \"2026-03-14T24:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            "'{\"from\": \"２０２６-03-14T00:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            "'{\"from\": \"+12026-03-14T00:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 400 | INVALID_FORMAT | from",
            // readable but not acceptable: 422
            "'{\"from\": \"1999-12-31T23:59:59Z\", \"to\": \"2000-01-02T00:00:00Z\"}' | 422 | OUT_OF_RANGE | from",
            "'{\"from\": \"0000-01-01T00:00:00Z\", \"to\": \"2000-01-02T00:00:00Z\"}' | 422 | OUT_OF_RANGE | from",
            "'{\"from\": \"2100-12-31T00:00:00Z\", \"to\": \"2101-01-01T00:00:01Z\"}' | 422 | OUT_OF_RANGE | to",
            "'{\"from\": \"2026-03-14T00:00:00Z\", \"to\": \"9999-12-31T00:00:00Z\"}' | 422 | OUT_OF_RANGE | to",
            "'{\"from\": \"2026-03-15T00:00:00Z\", \"to\": \"2026-03-14T00:00:00Z\"}' | 422 | INVALID_RANGE | from",
            "'{\"from\": \"2026-03-14T00:00:00Z\", \"to\": \"2026-03-14T00:00:00Z\"}' | 422 | INVALID_RANGE | from",
            "'{\"from\": \"2026-03-14T01:00:00+01:00\", \"to\": \"2026-03-14T00:00:00Z\"}' | 422 | INVALID_RANGE | from",
            "'{\"from\": \"2026-03-14T00:00:00Z\"}'                         | 422 | REQUIRED         | to",
            "'{\"to\": \"2026-03-14T00:00:00Z\"}'                           | 422 | REQUIRED         | from",
            "'{\"from\": \"2025-01-01T00:00:00Z\", \"to\": \"2026-02-05T00:00:00.001Z\"}' | 422 | RANGE_TOO_LONG | to",
            "'{\"form\": \"2026-03-14T00:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\"}' | 422 | UNKNOWN_FIELD | form",
    })
    void refusesWhatIsNotAStrictSaneRange(String body, int status, String code, String field) {
        ApiException e = assertThrows(ApiException.class, () -> parser.parse(body));
        assertEquals(status, e.status());
        if (field.isEmpty()) {
            assertEquals(code, e.body().error());
        } else {
            FieldError first = (FieldError) e.body().details().get(0);
            assertEquals(field, first.field());
            assertEquals(code, first.code());
            assertEquals(status == 400 ? "BAD_REQUEST" : "VALIDATION_ERROR", e.body().error());
        }
    }
}

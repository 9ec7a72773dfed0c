package io.meterline.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.common.error.ApiError;

class EdgeRulesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/v1/admin/customers/acme/wallet                 | ",
            "/v1/admin/rates?provider=openai&at=2026-01-01T00:00:00Z | ",
            "/v1/admin/customers/caf%C3%A9                   | ",
            "/v1/admin/customers/%F0%9F%98%80/api-keys        | ",
            "/v1/admin/customers/x%00                         | ",
            "/v1/admin/customers?cursor=%21%21                | ",
            "*                                                | ",
            "/v1/admin/customers/%zz/wallet                   | is not a valid URI: Malformed escape pair at index 20",
            "/v1/events/%                                     | is not a valid URI: Malformed escape pair at index 11",
            "/v1/admin/rates?provider=a%                      | is not a valid URI: Malformed escape pair at index 26",
            "/v1/admin/rates?q={}                             | is not a valid URI: Illegal character in query at index 18",
            "/v1/admin/customers/%C3%28                       | holds percent-escapes that are not UTF-8 at index 20",
            "/v1/admin/customers/%C0%80/wallet                | holds percent-escapes that are not UTF-8 at index 20",
            "/v1/admin/customers/ok%FF%FE                     | holds percent-escapes that are not UTF-8 at index 22",
            "/v1/admin/rates?provider=%ED%A0%80               | holds percent-escapes that are not UTF-8 at index 25",
            "/v1/admin/rates?a=%C3%A9&b=%FF                   | holds percent-escapes that are not UTF-8 at index 27",
            "/v1/admin/customers/caf\u00e9                    | holds the character U+00E9 at index 23; send it percent-encoded as UTF-8",
            "/v1/admin/customers/a\u007f                      | holds the character U+007F at index 21; send it percent-encoded as UTF-8",
    })
    void requestTargets(String uri, String expected) {
        assertEquals(expected, EdgeRules.uriProblem(uri.strip()));
    }

    @Test
    void anEmptyTargetIsRefused() {
        assertEquals("is empty", EdgeRules.uriProblem(""));
        assertEquals("is empty", EdgeRules.uriProblem(null));
    }

    @Test
    void headerBytesCountNameSeparatorAndValue() {
        assertEquals(0, EdgeRules.headerBytes(List.of()));
        assertEquals("Host: x".length() + "X-Big: yyy".length(),
                EdgeRules.headerBytes(List.of(Map.entry("Host", "x"), Map.entry("X-Big", "yyy"))));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"12 | 12", "' 7 ' | 7", "0 | 0", "x | -1", "99999999999999999999 | -1", "'' | -1"})
    void declaredLengths(String header, long expected) {
        assertEquals(expected, EdgeRules.declaredLength(header));
    }

    @Test
    void refusalsHaveTheOneShape() {
        assertEquals(new ApiError("URI_TOO_LONG", "The request URI is too long", List.of()), EdgeRules.refusal(414));
        assertEquals(new ApiError("HEADERS_TOO_LARGE", "The request headers are too large", List.of()),
                EdgeRules.refusal(431));
        ApiError malformed = EdgeRules.malformedUri("is empty");
        assertEquals("BAD_REQUEST", malformed.error());
        assertEquals("The request target is empty", malformed.message());
        assertEquals(1, malformed.details().size());
    }
}

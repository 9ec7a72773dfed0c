package io.meterline.cost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.JsonCustomizer;

class DeadLettersTest {

    private final DeadLetters deadLetters = new DeadLetters(JsonCustomizer.apply(new ObjectMapper()));

    /** payload -> "customer|event id|dedup key", or NONE when the event cannot be identified. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"}; acme|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"idempotency_key\":\"k-1\",\"schema_version\":9}; acme|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01|k-1",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"idempotency_key\":null}; acme|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"feature_id\":\"a\\u0000b\"}; acme|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01|7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"idempotency_key\":\"\"}; NONE",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"idempotency_key\":7}; NONE",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\",\"idempotency_key\":\"k\\ud800\"}; NONE",
        "{\"customer_id\":\"a\\u0000b\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"}; NONE",
        "{\"customer_id\":\" \",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"}; NONE",
        "{\"customer_id\":\"acme\",\"event_id\":\"7d0c3b5e\"}; NONE",
        "{\"customer_id\":\"acme\",\"event_id\":\"1-1-1-1-1\"}; NONE",
        "{\"customer_id\":\"acme\"}; NONE",
        "{\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"}; NONE",
        "[1, 2]; NONE",
        "{not json; NONE",
        "NULL; NONE"})
    void readsTheIdentityOnlyWhenItIsComplete(String payload, String expected) {
        DeadLetters.Identity id = deadLetters.identity(payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, id == null ? "NONE" : id.customerId() + "|" + id.eventId() + "|" + id.dedupKey());
    }

    /** Text as stored: kept when the shared rule accepts it, else each refused code point becomes U+FFFD. */
    @Test
    void printableKeepsWhatTheRuleAcceptsAndReplacesTheRest() {
        String[][] cases = {
            {"plain reason", "plain reason"},
            {"tab\there", "tab\there"},
            {"a\u0000b", "a\uFFFDb"},
            {"lone \ud800 surrogate", "lone \uFFFD surrogate"},
            {"pair \ud83d\ude00 kept", "pair \ud83d\ude00 kept"},
            {"del\u007f", "del\uFFFD"},
            {null, null}};
        for (String[] c : cases) {
            assertEquals(c[1], DeadLetters.printable(c[0]), String.valueOf(c[0]));
        }
    }

    @Test
    void longTextIsCut() {
        assertEquals(DeadLetters.MAX_TEXT, DeadLetters.printable("x".repeat(5000)).length());
    }

    @Test
    void aCustomerIdLongerThanTheApiAllowsIsNotAnIdentity() {
        String payload = "{\"customer_id\":\"" + "c".repeat(DeadLetters.MAX_CUSTOMER_ID + 1)
                + "\",\"event_id\":\"7d0c3b5e-4a4b-4e56-9a53-3f5c1b2a9e01\"}";
        assertEquals(null, deadLetters.identity(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
